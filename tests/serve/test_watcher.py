"""Which file events matter, and how bursts of them become one batch."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from watchdog.events import (
    DirModifiedEvent,
    FileCreatedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)

from sana_archive.serve.watcher import Change, ChangeBatcher, changes_from_event, classify


@pytest.mark.parametrize(
    ("rel", "kind"),
    [
        ("content/sana/a.txt", "content"),
        ("content/a.md", "content"),
        ("content/_data/speakers.yaml", "data"),
        ("templates/partials/items.html", "template"),
        ("static/style.css", "static"),
        ("site.yaml", "config"),
        ("content/.a.txt.swp", None),
        ("content/a.txt.swp", None),
        ("content/a.txt~", None),
        ("content/#a.txt#", None),
        ("content/.#a.txt", None),
        ("content/4913", None),
        ("content/.git/index", None),
        ("templates/.base.html.swx", None),
        ("content/notes.docx", None),
        ("build/index.html", None),
        ("README.md", None),
        ("static/.DS_Store", None),
    ],
)
def test_classify(rel: str, kind: str | None):
    assert classify(rel) == kind


def test_a_rename_is_a_delete_and_a_create(tmp_path: Path):
    site = tmp_path
    moved = FileMovedEvent(str(site / "content/a.txt"), str(site / "content/b.txt"))
    assert changes_from_event(site, moved) == [
        Change("content", "deleted", "content/a.txt"),
        Change("content", "created", "content/b.txt"),
    ]
    # An editor saving through a temp file: only the real name counts.
    saved = FileMovedEvent(str(site / "content/.a.txt.tmp"), str(site / "content/a.txt"))
    assert changes_from_event(site, saved) == [Change("content", "created", "content/a.txt")]
    ignored = FileCreatedEvent(str(site / "content/out/x.txt"))
    assert changes_from_event(site, ignored, ignore=(site / "content/out",)) == []


def test_a_burst_becomes_one_batch():
    batcher = ChangeBatcher(quiet=0.05, max_wait=2.0)
    batches: list[frozenset[Change]] = []
    thread = threading.Thread(target=lambda: batches.append(batcher.next_batch(timeout=5)))
    thread.start()
    for n in range(200):
        batcher.add([Change("content", "modified", f"content/a{n}.txt")])
        if n % 50 == 0:
            time.sleep(0.01)
    thread.join()
    assert len(batches) == 1 and batches[0] is not None and len(batches[0]) == 200
    assert batcher.next_batch(timeout=0.1) is None


def test_a_steady_stream_still_gets_a_batch_after_max_wait():
    batcher = ChangeBatcher(quiet=0.2, max_wait=0.3)
    stop = time.monotonic() + 1.0

    def feed() -> None:
        while time.monotonic() < stop:
            batcher.add([Change("content", "modified", "content/a.txt")])
            time.sleep(0.02)

    thread = threading.Thread(target=feed)
    thread.start()
    started = time.monotonic()
    assert batcher.next_batch(timeout=5) is not None
    assert time.monotonic() - started < 0.8
    thread.join()
    batcher.close()
    assert batcher.next_batch() is None


def test_a_folder_modified_event_is_dropped_its_files_speak(tmp_path: Path):
    folder = DirModifiedEvent(str(tmp_path / "content/sana"))
    assert changes_from_event(tmp_path, folder) == []
    event = FileModifiedEvent(str(tmp_path / "content/sana/a.txt"))
    assert changes_from_event(tmp_path, event) == [
        Change("content", "modified", "content/sana/a.txt")
    ]
