"""[OS] Worker and helper processes die with the build that started them.

A build killed with SIGKILL cannot clean up: its pool workers stayed blocked on a pipe for
a minute or more, and Pagefind ran on to the end of its index. On Linux each child asks
the kernel for SIGKILL when its parent goes (``PR_SET_PDEATHSIG``); elsewhere a pool
worker watches its parent's pid instead. A helper program (Pagefind) is started through
``setpriv --pdeathsig`` or this module (``python -m sana_archive.lifeline PARENT PROGRAM
ARGS...``), which make the same request and then exec the program: the request survives
the exec.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this process end when ``parent`` does (call it first thing in a child)."""
    if not _ask_the_kernel():
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _ask_the_kernel() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def helper_command(*argv: str) -> list[str]:
    """``argv`` wrapped so the program dies with this process: through ``setpriv
    --pdeathsig`` (util-linux, no Python start) where it exists, else through this
    module, which makes the request and then execs the program (which keeps it)."""
    if sys.platform.startswith("linux") and (setpriv := shutil.which("setpriv")):
        return [setpriv, "--pdeathsig", "KILL", "--", *argv]
    return [sys.executable, "-m", "sana_archive.lifeline", str(os.getpid()), *argv]


def main(argv: list[str]) -> None:
    parent, *command = argv
    die_with_parent(int(parent))
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
