"""A client for the preview's event stream (``/__sana/events``).

What a browser tab hears, readable from Python: tests assert on it, the reload benchmark
times it, and an editor plugin could follow rebuilds with it. Each event is stamped on
arrival, before any parsing, so latency figures do not include the client's own work.
"""

from __future__ import annotations

import json
import queue
import socket
import threading
import time
from typing import Any

Event = tuple[float, str, dict[str, Any]]  # arrival (perf_counter), kind, data


class EventStream:
    def __init__(self, port: int, host: str = "127.0.0.1", timeout: float = 30.0) -> None:
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.sendall(b"GET /__sana/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        self.received: queue.SimpleQueue[Event] = queue.SimpleQueue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        buffer = b""
        try:
            while chunk := self.sock.recv(65536):
                buffer += chunk
                while b"\n\n" in buffer:
                    frame, buffer = buffer.split(b"\n\n", 1)
                    arrived = time.perf_counter()
                    fields = dict(
                        line.split(": ", 1)
                        for line in frame.decode().splitlines()
                        if ": " in line and not line.startswith(":")
                    )
                    if "event" in fields:
                        data = json.loads(fields.get("data") or "{}")
                        self.received.put((arrived, fields["event"], data))
        except OSError:
            pass

    def next_event(self, timeout: float = 10.0) -> Event:
        return self.received.get(timeout=timeout)

    def wait(self, kind: str, timeout: float = 120.0) -> tuple[float, dict[str, Any]]:
        """The next event of ``kind`` (others are dropped), with its arrival time."""
        deadline = time.perf_counter() + timeout
        while True:
            arrived, got, data = self.next_event(max(0.1, deadline - time.perf_counter()))
            if got == kind:
                return arrived, data

    def pending(self) -> list[Event]:
        found = []
        while not self.received.empty():
            found.append(self.received.get())
        return found

    def close(self) -> None:
        self.sock.close()
