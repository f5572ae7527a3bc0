"""Smoke tests for the benchmark corpus generator.

Why: benchmark numbers are only comparable across runs and machines if the corpus is the
same bytes every time, and only meaningful if sana-archive builds it without errors; both
are cheap to check at a few dozen articles.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from sana_archive.build import build

REPO = Path(__file__).resolve().parents[2]


def _load_generate() -> ModuleType:
    """benchmarks/ is a folder of scripts, not a package: load the generator by path."""
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "benchmarks" /
                                                  "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _load_generate()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_byte_identical_trees(tmp_path: Path) -> None:
    generate.generate(30, tmp_path / "a", seed=7)
    generate.generate(30, tmp_path / "b", seed=7)
    first, second = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert first.keys() == second.keys()
    assert first == second
    assert sum(1 for k in first if k.startswith("sana/content/") and k.endswith(".txt")) == 30


def test_other_seed_gives_other_articles(tmp_path: Path) -> None:
    generate.generate(10, tmp_path / "a", seed=1, engines=["sana"])
    generate.generate(10, tmp_path / "b", seed=2, engines=["sana"])
    assert _tree(tmp_path / "a") != _tree(tmp_path / "b")


def test_articles_look_like_wire_stories() -> None:
    _, articles = generate.make_articles(200, seed=3)
    assert len({a.slug for a in articles}) == 200
    undated = [a for a in articles if a.date is None]
    assert 1 <= len(undated) <= 25  # about 5%
    for article in articles:
        words = len(article.body.split())
        assert 340 <= words <= 600, (article.slug, words)
        assert "“" in article.body and "”" in article.body
        assert article.speakers and article.location and 1 <= len(article.topics) <= 3
    years = {a.date.year for a in articles if a.date}
    assert len(years) >= 10  # spread over the fifteen years


def test_undated_only_get_a_placeholder_in_the_peers(tmp_path: Path) -> None:
    manifest = generate.generate(120, tmp_path, seed=5)
    undated = sorted((tmp_path / "sana" / "content" / "undated").glob("*.txt"))
    assert len(undated) == manifest["undated"] > 0
    for path in undated:
        front = path.read_text(encoding="utf-8").split("---")[1]
        assert "\ndate:" not in front
        slug = path.stem
        hugo = (tmp_path / "hugo/content/statements/undated" / f"{slug}.md").read_text("utf-8")
        assert f"date: {generate.PLACEHOLDER_DATE.isoformat()}" in hugo
        pelican = tmp_path / "pelican/content/undated" / f"{slug}.md"
        assert f"Date: {generate.PLACEHOLDER_DATE.isoformat()}" in pelican.read_text("utf-8")


def test_sana_archive_builds_the_generated_site(tmp_path: Path) -> None:
    generate.generate(30, tmp_path / "corpus", seed=11, engines=["sana"])
    site = tmp_path / "corpus" / "sana"
    report = build(site, tmp_path / "out")
    errors = [d.format() for d in report.diagnostics if d.level == "error"]
    assert errors == []
    assert report.articles == 30
    assert (tmp_path / "out" / "index.html").is_file()
    assert len(list((tmp_path / "out").rglob("*.html"))) > 30


def test_unknown_engine_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate.generate(3, tmp_path, engines=["jekyll"])
