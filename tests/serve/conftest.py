"""A running preview (watcher, rebuild loop, HTTP server) on a temp site, and its clients."""

from __future__ import annotations

import http.client
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sana_archive.serve.app import Preview
from sana_archive.serve.listen import EventStream

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


class Events(EventStream):
    """The preview's event stream, checked to open with its greeting."""

    def __init__(self, port: int) -> None:
        super().__init__(port, timeout=30)
        kind, _ = self.next(timeout=5)
        assert kind == "hello"

    def next(self, timeout: float = 10.0) -> tuple[str, dict]:
        _, kind, data = self.next_event(timeout)
        return kind, data

    def pending(self) -> list[tuple[str, dict]]:  # type: ignore[override]
        return [(kind, data) for _, kind, data in super().pending()]


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
