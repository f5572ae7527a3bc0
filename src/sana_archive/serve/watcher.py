"""[I/O] File-system events -> typed, filtered, debounced batches of changes.

An editor's save is rarely one event: vim writes ``4913`` and a swap file, some editors
write a temp file and rename it over the original, and ``git checkout`` touches hundreds of
files at once. The watcher drops what can never matter (editor droppings, hidden files,
anything outside the inputs a build reads) and hands the rebuild loop one batch per burst,
so 200 saves make one or two rebuilds, not 200.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from sana_archive.content.discover import ARTICLE_SUFFIXES, DATA_DIR, is_ignored_name

Kind = Literal["content", "data", "template", "static", "config"]
Action = Literal["created", "modified", "deleted", "moved"]

WATCHED_DIRS = ("content", "templates", "static")
TOP_KINDS: dict[str, Kind] = {"content": "content", "templates": "template", "static": "static"}
CONFIG_FILE = "site.yaml"
# A burst is over when no event came for QUIET seconds; a steady stream of events still
# gets a rebuild every MAX_WAIT seconds, so a long copy shows progress.
QUIET = 0.025
MAX_WAIT = 0.5


@dataclass(frozen=True, slots=True, order=True)
class Change:
    """One relevant change: what kind of input it touches, and its site-relative path."""

    kind: Kind
    action: Action
    path: str


def classify(rel: str, is_directory: bool = False) -> Kind | None:
    """What kind of input a site-relative path is, or None when no build reads it."""
    parts = PurePosixPath(rel).parts
    if not parts or any(part in ("", ".", "..") or is_ignored_name(part) for part in parts):
        return None
    if parts == (CONFIG_FILE,) and not is_directory:
        return "config"
    top = parts[0]
    if len(parts) == 1 and is_directory and top in WATCHED_DIRS:
        return TOP_KINDS[top]
    if top == "templates" and len(parts) > 1:
        return "template"
    if top == "static" and len(parts) > 1:
        return "static"
    if top != "content" or len(parts) < 2:
        return None
    if parts[1] == DATA_DIR:
        return "data" if len(parts) > 2 or is_directory else None
    if is_directory or parts[-1].endswith(ARTICLE_SUFFIXES):
        return "content"
    return None


def changes_from_event(
    site_root: Path, event: FileSystemEvent, ignore: tuple[Path, ...] = ()
) -> list[Change]:
    """The Changes one watchdog event stands for (a rename is a delete plus a create)."""
    action: Action = {
        "created": "created",
        "modified": "modified",
        "deleted": "deleted",
        "moved": "moved",
        "closed": "modified",
    }.get(event.event_type, "modified")  # type: ignore[assignment]
    if event.event_type in ("opened", "closed_no_write"):
        return []
    if event.is_directory and event.event_type == "modified":
        return []  # a folder's mtime changes with every file in it: the file events say more
    paths = [(event.src_path, "deleted" if action == "moved" else action)]
    if action == "moved" and event.dest_path:
        paths.append((event.dest_path, "created"))
    found = []
    for raw, what in paths:
        path = Path(raw if isinstance(raw, str) else raw.decode("utf-8", "surrogateescape"))
        if any(path == i or path.is_relative_to(i) for i in ignore):
            continue
        try:
            rel = path.relative_to(site_root).as_posix()
        except ValueError:
            continue
        kind = classify(rel, event.is_directory)
        if kind is not None:
            found.append(Change(kind, what, rel))  # type: ignore[arg-type]
    return found


class ChangeBatcher:
    """Collects changes from the observer thread; the rebuild loop takes them in batches."""

    def __init__(self, quiet: float = QUIET, max_wait: float = MAX_WAIT) -> None:
        self.quiet = quiet
        self.max_wait = max_wait
        self._pending: set[Change] = set()
        self._first = 0.0
        self._last = 0.0
        self._closed = False
        self._cond = threading.Condition()

    def add(self, changes: list[Change]) -> None:
        if not changes:
            return
        with self._cond:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.update(changes)
            self._last = now
            self._cond.notify_all()

    @property
    def pending(self) -> int:
        with self._cond:
            return len(self._pending)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def next_batch(self, timeout: float | None = None) -> frozenset[Change] | None:
        """Block until a burst of changes has settled; None when closed or timed out."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._pending and not self._closed:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return None
                self._cond.wait(left)
            while not self._closed:
                now = time.monotonic()
                settle = min(self._last + self.quiet, self._first + self.max_wait)
                if now >= settle:
                    break
                self._cond.wait(settle - now)
            if self._closed:
                return None
            batch = frozenset(self._pending)
            self._pending = set()
            return batch


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: SiteWatcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.watcher.handle(event)


class SiteWatcher:
    """Watches content/, templates/, static/ and site.yaml (not the output folder)."""

    def __init__(self, site_root: Path, batcher: ChangeBatcher, ignore: tuple[Path, ...] = ()):
        self.site_root = site_root.resolve()
        self.batcher = batcher
        self.ignore = tuple(p.resolve() for p in ignore)
        self.observer: BaseObserver = Observer()
        self._handler = _Handler(self)
        self._watched: dict[str, ObservedWatch] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        # The site folder itself only non-recursively: the output may live inside it, and
        # recursive watches on thousands of output folders would cost inotify handles.
        self.observer.schedule(self._handler, str(self.site_root), recursive=False)
        for name in WATCHED_DIRS:
            self._watch_dir(name)
        self.observer.start()

    def _watch_dir(self, name: str) -> None:
        path = self.site_root / name
        with self._lock:
            if name in self._watched or not path.is_dir():
                return
            self._watched[name] = self.observer.schedule(self._handler, str(path), recursive=True)

    def _forget_dir(self, name: str) -> None:
        with self._lock:
            watch = self._watched.pop(name, None)
        if watch is not None:
            # The emitter may already have stopped with its folder.
            with contextlib.suppress(KeyError, OSError):
                self.observer.unschedule(watch)

    def handle(self, event: FileSystemEvent) -> None:
        changes = changes_from_event(self.site_root, event, self.ignore)
        for change in changes:
            # A watched folder made after start (or renamed into place) gets its own watch.
            if change.path in WATCHED_DIRS:
                if change.action == "created":
                    self._watch_dir(change.path)
                elif change.action == "deleted":
                    self._forget_dir(change.path)
        self.batcher.add(changes)

    def stop(self) -> None:
        if self.observer.is_alive():
            self.observer.stop()
            self.observer.join(timeout=5)
