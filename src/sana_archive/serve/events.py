"""What the rebuild loop tells browsers: reload, refresh stylesheets, or show an error.

One hub, many listeners: every open page holds a Server-Sent Events connection with its own
queue, so a slow tab never holds up the rebuild thread or the other tabs. The hub also keeps
the last build's errors, so a page loaded while the site is broken shows the overlay at once.
"""

from __future__ import annotations

import json
import queue
import threading
from dataclasses import dataclass, field
from typing import Literal

from sana_archive.model import Diagnostic

EventKind = Literal["reload", "css", "error"]


@dataclass(frozen=True)
class Event:
    kind: EventKind
    build: int
    errors: tuple[Diagnostic, ...] = ()

    def payload(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "build": self.build,
            "errors": [
                {"path": d.path, "line": d.line, "col": d.col, "message": d.message}
                for d in self.errors
            ],
        }

    def sse(self) -> bytes:
        """The event as a Server-Sent Events frame (``event:`` names the kind)."""
        data = json.dumps(self.payload(), ensure_ascii=True, sort_keys=True)
        return f"event: {self.kind}\ndata: {data}\n\n".encode("ascii")


@dataclass
class EventHub:
    """Fan-out of events to subscribers; thread-safe; ``None`` in a queue means "closed"."""

    _subscribers: set[queue.SimpleQueue[Event | None]] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _closed: bool = False
    last_errors: tuple[Diagnostic, ...] = ()
    last_build: int = 0

    def subscribe(self) -> queue.SimpleQueue[Event | None]:
        listener: queue.SimpleQueue[Event | None] = queue.SimpleQueue()
        with self._lock:
            if self._closed:
                listener.put(None)
            else:
                self._subscribers.add(listener)
        return listener

    def unsubscribe(self, listener: queue.SimpleQueue[Event | None]) -> None:
        with self._lock:
            self._subscribers.discard(listener)

    @property
    def listeners(self) -> int:
        with self._lock:
            return len(self._subscribers)

    def publish(self, event: Event) -> None:
        with self._lock:
            self.last_build = event.build
            self.last_errors = event.errors if event.kind == "error" else ()
            targets = list(self._subscribers)
        for listener in targets:
            listener.put(event)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            targets = list(self._subscribers)
            self._subscribers.clear()
        for listener in targets:
            listener.put(None)
