"""A running preview (watcher, rebuild loop, HTTP server) on a temp site, and its clients."""

from __future__ import annotations

import http.client
import json
import queue
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sana_archive.serve.app import Preview

ARTICLE = """---
title: {title}
date: {date}
speakers:
  - {{name: {speaker}, role: Foreign Minister}}
location: {location}
---
{location}, SANA – Foreign Minister {speaker} said on Monday that {what}.
"""


def article(
    title: str,
    speaker: str = "Sergey Lavrov",
    location: str = "Moscow",
    date: str = "2015-10-19",
    what: str = "talks would go on",
) -> str:
    return ARTICLE.format(title=title, speaker=speaker, location=location, date=date, what=what)


class Events:
    """A Server-Sent Events client on a raw socket, collecting events on a thread."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.sendall(b"GET /__sana/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        self.received: queue.SimpleQueue[tuple[str, dict]] = queue.SimpleQueue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        kind, _ = self.next(timeout=5)
        assert kind == "hello"

    def _read(self) -> None:
        buffer = b""
        try:
            while chunk := self.sock.recv(65536):
                buffer += chunk
                while b"\n\n" in buffer:
                    frame, buffer = buffer.split(b"\n\n", 1)
                    fields = dict(
                        line.split(": ", 1)
                        for line in frame.decode().splitlines()
                        if ": " in line and not line.startswith(":")
                    )
                    if "event" in fields:
                        self.received.put((fields["event"], json.loads(fields["data"])))
        except OSError:
            pass

    def next(self, timeout: float = 10.0) -> tuple[str, dict]:
        return self.received.get(timeout=timeout)

    def pending(self) -> list[tuple[str, dict]]:
        found = []
        while not self.received.empty():
            found.append(self.received.get())
        return found

    def close(self) -> None:
        self.sock.close()


def get(port: int, target: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request with the target sent as is: http.client does not normalize paths."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, target)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Callable[[Path], Preview]]:
    started: list[Preview] = []

    def start(site: Path) -> Preview:
        running = Preview(site, tmp_path / "served", port=0, quiet=0.05, log=lambda line: None)
        started.append(running)
        running.start()
        return running

    yield start
    for running in started:
        running.close()
