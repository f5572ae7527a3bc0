"""The check that the last build's pages are still in the output, made in a forked child
while the build goes on: the same answer as checking here, and no child left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sana_archive.engine import presence
from sana_archive.engine.presence import PresenceCheck


def _pages(root: Path, count: int) -> list[str]:
    rels = [f"statements/{n:03d}/index.html" for n in range(count)]
    for rel in rels:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("<p>page</p>")
    return rels


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.fixture
def no_threads(monkeypatch) -> None:
    """Threads an earlier test left running would turn the fork off (as in ``serve``)."""
    monkeypatch.setattr(presence.threading, "active_count", lambda: 1)


@pytest.mark.parametrize("fork_min", [1, 10**9], ids=["forked", "here"])
def test_the_check_finds_every_page_or_the_one_missing(
    tmp_path: Path, monkeypatch, no_threads, fork_min: int
) -> None:
    monkeypatch.setattr(presence, "FORK_MIN", fork_min)
    rels = _pages(tmp_path, 30)
    whole = PresenceCheck(str(tmp_path), rels)
    assert bool(whole._pid) == (fork_min == 1)  # the child was forked only when asked for
    assert whole.present() is True
    (tmp_path / rels[17]).unlink()
    missing = PresenceCheck(str(tmp_path), rels)
    pid = missing._pid
    assert missing.present() is False
    assert missing.present() is False  # asked twice, answered from what the child said
    if pid:
        assert _reaped(pid)


def test_a_check_never_asked_leaves_no_child(tmp_path: Path, monkeypatch, no_threads) -> None:
    monkeypatch.setattr(presence, "FORK_MIN", 1)
    check = PresenceCheck(str(tmp_path), _pages(tmp_path, 5))
    pid = check._pid
    assert pid
    check.close()
    assert _reaped(pid)


def test_no_fork_while_threads_run(tmp_path: Path, monkeypatch) -> None:
    """A process with threads (``serve``'s watcher) is not forked: the check runs here."""
    monkeypatch.setattr(presence, "FORK_MIN", 1)
    monkeypatch.setattr(presence.threading, "active_count", lambda: 2)
    rels = _pages(tmp_path, 5)
    check = PresenceCheck(str(tmp_path), rels)
    assert not check._pid
    (tmp_path / rels[0]).unlink()
    assert check.present() is False
