"""Whether every page the last build planned is still in the output, asked of a child.

A CLI edit trusts the pages it does not redraw only while each is still in the output (one
deleted by hand is put back by drawing the whole site). At 120,000 pages that is 120,000
``access`` calls, about 0.25 s of system calls that wait on nothing else the build does.
So the check is forked off as the build starts reading, runs on another core while the
build reads and models, and its one-byte answer is taken when the build plans. Where a
fork is not to be had (no ``os.fork``, threads running, a small site), the same check runs
in this process when the answer is asked for: the answer is the same either way.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Collection

# Below this many pages the check takes a few milliseconds: not worth a process.
FORK_MIN = 20_000


def all_present(root: str, rels: Collection[str]) -> bool:
    """Every ``rels`` (relative to ``root``) is in the output. ``access``, not ``isfile``:
    the same one system call, without a stat result made for each page."""
    exists, present = os.access, os.F_OK
    prefix = f"{root}{os.sep}"
    return all(exists(prefix + rel, present) for rel in rels)


class PresenceCheck:
    """The check of ``rels`` under ``root``, begun now, answered by ``present()``."""

    def __init__(self, root: str, rels: Collection[str]) -> None:
        self.root, self.rels = root, rels
        self._pid = 0
        self._pipe = -1
        self._answer: bool | None = None
        if len(rels) >= FORK_MIN and hasattr(os, "fork") and threading.active_count() == 1:
            self._fork()

    def _fork(self) -> None:
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: answer, and leave without running anything of the parent's
            code = 1
            try:
                os.close(read)
                os.write(write, b"1" if all_present(self.root, self.rels) else b"0")
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._pipe = pid, read

    def present(self) -> bool:
        if self._answer is None:
            answer = self._take()
            self._answer = all_present(self.root, self.rels) if answer is None else answer
        return self._answer

    def _take(self) -> bool | None:
        """The child's answer; None if there is none (no child, or it failed)."""
        if not self._pid:
            return None
        try:
            data = os.read(self._pipe, 1)
        except OSError:
            data = b""
        self._close(kill=False)
        return {b"1": True, b"0": False}.get(data)

    def close(self) -> None:
        """An answer never asked for: the child is stopped and reaped."""
        self._close(kill=True)

    def _close(self, *, kill: bool) -> None:
        pid, self._pid = self._pid, 0
        if not pid:
            return
        os.close(self._pipe)
        if kill:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
