"""Derived dates draw on other files (sources.yaml, the archive's stated dates), so an edit
to one of those must redraw what it dates: the incremental build equals a clean one."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sana_archive.build import build
from sana_archive.engine.memory import MemoryState
from tests.test_incremental import clean_build, tree

SOURCES = """- name: NWW
  urls: ['nww.example/story?id={id}']
  anchors:
    - {id: 1000, date: 2021-01-04}
    - {id: 9000, date: 2021-06-30}
"""
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def dispatch(n: int, post: int, rng: random.Random, date: str | None = None) -> str:
    head = f"source_url: https://nww.example/story?id={post}\n"
    if date:
        head += f"date: {date}\n"
    return (
        f"---\n{head}---\n"
        f"Envoy number {n} speaks\n\n"
        f"Harbourtown, NWW – Envoy Mira Odell said on {rng.choice(WEEKDAYS)} that talks "
        f"would go on.\n"
    )


@pytest.mark.parametrize("warm", [False, True], ids=["cli", "serve"])
def test_edits_to_anchors_and_sources_redraw_what_they_date(make_site, tmp_path: Path, warm):
    """``serve``'s state in memory (the site updated in place, the last plan kept) and the
    CLI's plan rebuilt from SQLite both see an anchor's edit reach the statements it dates."""
    state = MemoryState() if warm else None
    rng = random.Random(14)
    files = {f"n/{n:03d}.txt": dispatch(n, 1000 + 200 * n, rng) for n in range(1, 30)}
    files["n/anchor.txt"] = dispatch(99, 3000, rng, date="2021-02-10")
    site = make_site(files, config="search: false\n")
    data = site / "content" / "_data" / "sources.yaml"
    data.write_text(SOURCES, encoding="utf-8")
    out = tmp_path / "out"
    first = build(site, out, state=state)
    assert first.errors == 0
    assert tree(out) == clean_build(site, tmp_path)
    assert (out / "dates" / "2021" / "index.html").is_file()

    content = site / "content" / "n"
    steps = [
        # The archive's own stated date is an anchor: moving it moves its neighbours.
        ("anchor date", lambda: (content / "anchor.txt").write_text(
            dispatch(99, 3000, rng, date="2021-02-17"))),
        # A new anchor a few days from post 3000 narrows its neighbours to days.
        ("sources", lambda: data.write_text(
            SOURCES + "    - {id: 3400, date: 2021-02-20}\n", encoding="utf-8")),
        ("source id", lambda: (content / "010.txt").write_text(dispatch(10, 3200, rng))),
        ("anchor gone", lambda: (content / "anchor.txt").unlink()),
        ("sources gone", lambda: data.unlink()),
        ("sources back", lambda: data.write_text(SOURCES, encoding="utf-8")),
    ]
    for name, change in steps:
        change()
        report = build(site, out, state=state)
        assert report.errors == 0, (name, [d.format() for d in report.diagnostics])
        assert tree(out) == clean_build(site, tmp_path), f"differs after {name}"
