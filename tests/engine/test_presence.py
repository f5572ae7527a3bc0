"""The check that the last build's pages are still in the output, made in a forked child
while the build goes on: the same answer as checking here, and no child left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sana_archive import forked
from sana_archive.engine import presence
from sana_archive.engine.presence import PresenceCheck


@pytest.fixture
def no_threads(monkeypatch) -> None:
    """Threads an earlier test left running would turn the fork off (as in ``serve``)."""
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)


@pytest.fixture
def children(monkeypatch) -> list[int]:
    """The pids of the children forked for a check."""
    pids: list[int] = []
    real_fork = os.fork

    def spy() -> int:
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(forked.os, "fork", spy)
    return pids


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


@pytest.mark.parametrize("fork_min", [1, 10**9], ids=["forked", "here"])
def test_the_check_finds_every_page_or_the_one_missing(
    tmp_path: Path, monkeypatch, no_threads, children: list[int], fork_min: int
) -> None:
    monkeypatch.setattr(presence, "FORK_MIN", fork_min)
    rels = _pages(tmp_path, 30)
    whole = PresenceCheck(str(tmp_path), rels)
    assert whole.forked == (fork_min == 1) == bool(children)
    assert whole.present() is True
    (tmp_path / rels[17]).unlink()
    missing = PresenceCheck(str(tmp_path), rels)
    assert missing.present() is False
    assert missing.present() is False  # asked twice, answered from what the child said
    assert all(_reaped(pid) for pid in children)


def test_a_check_never_asked_leaves_no_child(
    tmp_path: Path, monkeypatch, no_threads, children: list[int]
) -> None:
    monkeypatch.setattr(presence, "FORK_MIN", 1)
    check = PresenceCheck(str(tmp_path), _pages(tmp_path, 5))
    assert check.forked and len(children) == 1
    check.close()
    assert _reaped(children[0])


def test_no_fork_while_threads_run(tmp_path: Path, monkeypatch, children: list[int]) -> None:
    """A process with threads (``serve``'s watcher) is not forked: the check runs here."""
    monkeypatch.setattr(presence, "FORK_MIN", 1)
    monkeypatch.setattr(forked.threading, "active_count", lambda: 2)
    rels = _pages(tmp_path, 5)
    check = PresenceCheck(str(tmp_path), rels)
    assert not check.forked and not children
    (tmp_path / rels[0]).unlink()
    assert check.present() is False


def test_a_child_that_dies_gives_no_answer_and_the_work_is_done_here(
    tmp_path: Path, no_threads
) -> None:
    def dies() -> object:
        os._exit(3)

    child = forked.Forked(dies)
    assert child.started
    assert child.result() == (False, None)
    value = {"n": [1, 2, (3, "x")]}
    assert forked.Forked(lambda: value).result() == (True, value)
