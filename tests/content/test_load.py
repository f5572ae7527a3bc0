"""Reading articles in worker processes gives what reading them here gives."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from sana_archive.content import load
from sana_archive.content.load import load_inputs, read_articles


def _site(tmp_path: Path, count: int) -> Path:
    """A small archive in invented words; one file's front matter is broken."""
    content = tmp_path / "content" / "2021"
    content.mkdir(parents=True)
    (tmp_path / "site.yaml").write_text("title: Test archive\n", encoding="utf-8")
    for n in range(count):
        (content / f"story-{n:03d}.txt").write_text(
            f"---\ntitle: \"Minister Edda Vorn meets envoy number {n}\"\n"
            f"date: 2021-03-{n % 28 + 1:02d}\nlocation: \"Valmora\"\n---\n"
            f"VALMORA, March {n % 28 + 1} (Wire) - Foreign Minister Edda Vorn met envoy "
            f"Tarik Olund on visit {n}. \"We talked about the river,\" Vorn said.\n",
            encoding="utf-8",
        )
    (content / "story-broken.txt").write_text("---\ntitle: [unclosed\n---\nText.\n")
    return tmp_path


@pytest.fixture
def parallel_below(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "PARALLEL_MIN", 2)  # workers for this small archive


def test_workers_read_what_one_process_reads_in_the_same_order(
    tmp_path: Path, parallel_below: None
) -> None:
    inputs = load_inputs(_site(tmp_path, 37))  # chunks of 8: the last one short
    here = read_articles(inputs.sources, inputs.registries, jobs=1)
    there = read_articles(inputs.sources, inputs.registries, jobs=2)
    assert [r.article for r in there] == [r.article for r in here]
    assert [r.diagnostics for r in there] == [r.diagnostics for r in here]
    assert len(there) == 38
    assert "content/2021/story-broken.txt" in {d.path for r in there for d in r.diagnostics}


def test_the_collector_is_frozen_for_the_fork_only_unless_the_caller_froze_first(
    tmp_path: Path, parallel_below: None
) -> None:
    inputs = load_inputs(_site(tmp_path, 4))
    gc.unfreeze()
    read_articles(inputs.sources, inputs.registries, jobs=2)
    assert gc.get_freeze_count() == 0  # given back

    kept = [object() for _ in range(3)]
    gc.freeze()  # a build that froze what it loaded: unfreezing now would undo that
    try:
        assert gc.get_freeze_count() > 0
        read_articles(inputs.sources, inputs.registries, jobs=2)
        assert gc.get_freeze_count() > 0  # not given back: unfreezing would empty it
    finally:
        gc.unfreeze()
    assert kept
