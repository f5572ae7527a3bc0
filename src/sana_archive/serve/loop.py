"""[I/O] One rebuild thread: batches of changes in, builds through ``build()``, events out.

Rebuilds run one at a time on a single thread, so two builds never write the output at
once, and they go through the very ``build()`` the CLI uses (with a build state kept in memory
between them), so what ``serve`` shows is what ``build`` would write. Once the output holds a build
without errors, later builds that find an error leave it alone (``keep_last_good``): the
browser keeps the last good site under the error overlay.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from sana_archive.build import BuildReport, build, refresh_search
from sana_archive.controls import printable
from sana_archive.engine.memory import MemoryState
from sana_archive.engine.writers import OutputError
from sana_archive.model import Diagnostic
from sana_archive.serve.events import Event, EventHub, EventKind
from sana_archive.serve.watcher import Change, ChangeBatcher

Log = Callable[[str], None]


def print_to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def settle_memory() -> None:
    """Collect garbage after a build, once the browsers are told, then freeze what is left.

    What survives a build (the build state: every parsed article, the site model) is most of
    the heap; frozen, it is no longer walked by the collector during the next build, which
    at 10,000 articles is otherwise a good part of an edit's latency. Unfreezing first lets
    each collection still find garbage among objects an earlier build froze.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def event_kind(changes: frozenset[Change], errors: tuple[Diagnostic, ...]) -> EventKind:
    """Errors win; a batch of stylesheet edits alone needs no page reload."""
    if errors:
        return "error"
    if changes and all(c.kind == "static" and c.path.endswith(".css") for c in changes):
        return "css"
    return "reload"


class RebuildLoop:
    def __init__(
        self,
        site_root: Path,
        output: Path,
        batcher: ChangeBatcher,
        hub: EventHub,
        *,
        base_url: str | None = None,
        log: Log = print_to_stderr,
    ) -> None:
        self.site_root = site_root
        self.output = output
        self.batcher = batcher
        self.hub = hub
        self.base_url = base_url
        self.log = log
        self.state = MemoryState()
        self.last_good = False
        self.builds = 0
        self.busy = False
        self.last_report: BuildReport | None = None
        self._done = threading.Condition()
        self._thread: threading.Thread | None = None

    def rebuild(self, changes: frozenset[Change] = frozenset()) -> BuildReport | None:
        """Build once and tell the browsers; never raises for a bad input or a busy output."""
        self.busy = True
        try:
            return self._rebuild(changes)
        finally:
            self.busy = False

    def _rebuild(self, changes: frozenset[Change]) -> BuildReport | None:
        self.state.saw_changes([c.path for c in changes if c.kind == "content"])
        report: BuildReport | None = None
        try:
            report = build(
                self.site_root,
                self.output,
                base_url=self.base_url,
                state=self.state,
                keep_last_good=self.last_good,
                defer_search=True,
            )
            errors = tuple(d for d in report.diagnostics if d.level == "error")
        except (OutputError, OSError) as exc:  # output busy (another build) or unwritable
            errors = (Diagnostic(str(self.output), 1, 1, "error", str(exc)),)
        if report is not None and report.mode != "kept":
            self.last_good = not errors
        self._log(report, errors, changes)
        with self._done:
            self.builds += 1
            self.last_report = report
            number = self.builds
            self._done.notify_all()
        self.hub.publish(Event(event_kind(changes, errors), number, errors))
        if report is not None:
            # After the reload: a reader sees the edit at once, search catches up seconds later.
            for problem in refresh_search(self.output, report):
                self.log(problem.format())
        if number == 1:
            self.state.prime()
        settle_memory()
        return report

    def _log(
        self, report: BuildReport | None, errors: tuple[Diagnostic, ...], changes: frozenset[Change]
    ) -> None:
        for diagnostic in errors:
            self.log(diagnostic.format())
        if report is None:
            return
        what = ", ".join(printable(p) for p in sorted({c.path for c in changes})[:3]) or "start"
        if len(changes) > 3:
            what += f" and {len(changes) - 3} more"
        if report.mode == "kept":
            self.log(f"{what}: {len(errors)} error(s); still serving the last good build")
            return
        self.log(
            f"{what}: {report.summary()}; {report.written} file(s) written "
            f"in {report.seconds * 1000:.0f} ms"
        )

    def wait_for(self, builds: int, timeout: float = 10.0) -> bool:
        """Until at least ``builds`` builds have finished (tests and benchmarks poll this)."""
        with self._done:
            return self._done.wait_for(lambda: self.builds >= builds, timeout)

    def settle(self, quiet: float = 0.4, timeout: float = 30.0) -> bool:
        """Until no change is pending or being built for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        calm_since = time.monotonic()
        seen = self.builds
        while time.monotonic() < deadline:
            if self.busy or self.batcher.pending or self.builds != seen:
                calm_since, seen = time.monotonic(), self.builds
            elif time.monotonic() - calm_since >= quiet:
                return True
            time.sleep(0.02)
        return False

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="sana-rebuild", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            batch = self.batcher.next_batch()
            if batch is None:
                return
            try:
                self.rebuild(batch)
            except Exception:  # a bug must not end the preview; say so and keep watching
                self.log("rebuild failed:\n" + traceback.format_exc())

    def stop(self, timeout: float = 60.0) -> None:
        """Let the build under way finish (no half-written output), then end the thread."""
        self.batcher.close()
        if self._thread is not None:
            self._thread.join(timeout)
