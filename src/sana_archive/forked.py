"""A piece of I/O-bound work run in a forked child while this process goes on.

A CLI build of a big archive spends a good part of its time in system calls that wait on
nothing else it does (a stat of every source, a look for every page of the last build).
Threads would not run them beside Python work (each call takes the interpreter lock back),
so they are forked off: the child inherits what it needs, does the work on another core and
sends back its result, marshalled, through a pipe.

Anything that goes wrong (no ``os.fork``, threads running, which a fork must not copy, a
child that fails or is killed) gives no result, and the caller does the work itself: the
answer is the same either way, only its time differs.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
import threading
from collections.abc import Callable


class Forked:
    """``work()`` begun in a child now; its result taken by ``result()``."""

    def __init__(self, work: Callable[[], object]) -> None:
        self._pid = 0
        self._pipe = -1
        if not hasattr(os, "fork") or threading.active_count() != 1:
            return
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
                data = marshal.dumps(work())
                view = memoryview(data)
                while view:
                    view = view[os.write(write, view) :]
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._pipe = pid, read

    @property
    def started(self) -> bool:
        return self._pid != 0

    def result(self) -> tuple[bool, object]:
        """(True, what ``work()`` returned), or (False, None) when there is no answer."""
        if not self._pid:
            return False, None
        chunks = []
        try:
            while chunk := os.read(self._pipe, 1 << 20):
                chunks.append(chunk)
        except OSError:
            chunks = []
        code = self._close(kill=False)
        if code != 0 or not chunks:
            return False, None
        try:
            return True, marshal.loads(b"".join(chunks))
        except (EOFError, ValueError, TypeError):
            return False, None

    def close(self) -> None:
        """A result never asked for: the child is stopped and reaped."""
        self._close(kill=True)

    def _close(self, *, kill: bool) -> int | None:
        pid, self._pid = self._pid, 0
        if not pid:
            return None
        os.close(self._pipe)
        if kill:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:  # reaped already (SIGCHLD ignored): trust what it sent
            return 0
        return os.waitstatus_to_exitcode(status)
