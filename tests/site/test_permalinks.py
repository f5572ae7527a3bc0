"""Permalinks never move: a statement's URL is made from its own file, whatever else exists.

An archive is cited, so the tests build real sites, add and remove files around a statement
and read its address back from the built pages (the statement page itself, found by its
own text), and follow the redirect pages ``aliases:`` leaves at old addresses.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sana_archive.build import build
from sana_archive.content.reader import path_slug
from tests.conftest import REPO, parse_page

HEADLINE = "President receives credentials of new ambassadors"


def wire(marker: str, *, date: str | None = "2016-05-02", extra: str = "") -> str:
    """A story under the recurring headline; ``marker`` is a word only this story says."""
    front = ["---", f"title: {HEADLINE}", *([f"date: {date}"] if date else []), extra, "---"]
    return "\n".join(line for line in front if line) + (
        f"\nDamascus, SANA – The President received the credentials of the new ambassadors"
        f" of {marker} on Monday.\n"
    )


def addresses(out: Path) -> dict[str, str]:
    """Each statement's marker word -> the URL path of the page that shows it."""
    found: dict[str, str] = {}
    for page in sorted((out / "statements").glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue
        match = re.search(r"new ambassadors of (\w+)", text)
        if match:
            assert match.group(1) not in found, "two pages for one statement"
            found[match.group(1)] = f"/statements/{page.parent.name}/"
    return found


def test_path_slugs_are_made_from_the_file_alone():
    assert path_slug("content/sana/sana-57563-lavrov-moscow.txt") == "sana-57563-lavrov-moscow"
    assert path_slug("content/2017/lavrov-astana.md") == "2017-lavrov-astana"
    assert path_slug("content/a b/Ünïcode Name.txt") == "a-b-unicode-name"
    long = path_slug("content/" + "x" * 300 + ".txt")
    assert len(long) <= 120 and long != path_slug("content/" + "x" * 299 + "y.txt")
    assert path_slug("content/!!!.txt")  # never empty


def test_adding_and_removing_same_headline_stories_moves_no_url(make_site, tmp_path):
    site = make_site({"2016/m-middle.txt": wire("Chile"), "2016/p-other.txt": wire("Peru")})
    first = build(site, tmp_path / "out")
    assert first.errors == 0, [d.format() for d in first.diagnostics]
    before = addresses(tmp_path / "out")
    assert set(before) == {"Chile", "Peru"}

    # The same headline again, in files sorting before and after, one with the same date.
    content = site / "content"
    (content / "2016" / "a-before.txt").write_text(wire("Ghana"), encoding="utf-8")
    (content / "2016" / "z-after.txt").write_text(wire("Nepal", date=None), encoding="utf-8")
    (content / "a-root.txt").write_text(wire("Fiji"), encoding="utf-8")
    grown = build(site, tmp_path / "out")
    assert grown.errors == 0, [d.format() for d in grown.diagnostics]
    assert not [d for d in grown.diagnostics if HEADLINE in d.message]
    after = addresses(tmp_path / "out")
    assert set(after) == {"Chile", "Peru", "Ghana", "Nepal", "Fiji"}
    assert {k: after[k] for k in before} == before

    # Removing one (the first in path order) moves no other either.
    (content / "2016" / "a-before.txt").unlink()
    (content / "2016" / "m-middle.txt").unlink()
    shrunk = build(site, tmp_path / "out")
    assert shrunk.errors == 0
    remaining = addresses(tmp_path / "out")
    assert remaining == {k: v for k, v in after.items() if k not in ("Ghana", "Chile")}
    # A clean build of the same files agrees with the incremental one.
    clean = build(site, tmp_path / "clean", use_cache=False)
    assert clean.errors == 0 and addresses(tmp_path / "clean") == remaining


def test_an_explicit_slug_is_the_permalink_and_a_shared_one_names_both(make_site, tmp_path):
    site = make_site({
        "one.txt": wire("Chile", extra="slug: credentials-2016"),
        "two.txt": wire("Peru", extra="slug: credentials-2016"),
    })
    report = build(site, tmp_path / "out")
    assert addresses(tmp_path / "out")["Chile"] == "/statements/credentials-2016/"
    (error,) = [d for d in report.diagnostics if d.level == "error"]
    assert error.path == "content/two.txt" and "content/one.txt" in error.message


def test_aliases_leave_redirect_pages_that_land(make_site, tmp_path):
    site = make_site({
        "renamed.txt": wire("Chile", extra="aliases: [/statements/old-address/, older]"),
        "other.txt": wire("Peru"),
    })
    report = build(site, tmp_path / "out", base_url="https://archive.example.org/a/")
    assert report.errors == 0, [d.format() for d in report.diagnostics]
    out = tmp_path / "out"
    for old in ("old-address", "older"):
        html = (out / "statements" / old / "index.html").read_text(encoding="utf-8")
        page = parse_page(out / "statements" / old / "index.html")
        refresh = page.first("meta", **{"http-equiv": "refresh"})
        assert refresh is not None and refresh["content"] == "0; url=../renamed/"
        target = (out / "statements" / old / "../renamed/index.html").resolve()
        assert "new ambassadors of Chile" in target.read_text(encoding="utf-8")
        canonical = page.first("link", rel="canonical")
        assert canonical is not None
        assert canonical["href"] == "https://archive.example.org/a/statements/renamed/"
        assert page.first("meta", name="robots")["content"] == "noindex"
        assert "../renamed/" in page.links and "<bdi>" in html
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "/statements/renamed/" in sitemap and "old-address" not in sitemap


def test_alias_conflicts_are_located_errors(make_site, tmp_path):
    site = make_site({
        "a.txt": wire("Chile", extra="aliases: [shared]"),
        "b.txt": wire("Peru", extra="aliases: [shared, /statements/a/]"),
        "c.txt": wire("Ghana", extra="aliases: ['../../etc']"),
    })
    report = build(site, tmp_path / "out")
    messages = {(d.path, d.message) for d in report.diagnostics if d.level == "error"}
    assert ("content/b.txt", "alias /statements/shared/ is also claimed by content/a.txt, "
            "whose redirect it keeps") in messages
    assert any(p == "content/b.txt" and "permalink of another statement" in m
               for p, m in messages)
    assert any(p == "content/c.txt" and "not an old statement address" in m
               for p, m in messages)
    page = (tmp_path / "out" / "statements" / "shared" / "index.html").read_text()
    assert "url=../a/" in page
    assert "new ambassadors of Chile" in (tmp_path / "out/statements/a/index.html").read_text()
    assert not (tmp_path / "etc").exists()


def test_the_seed_articles_keep_their_old_addresses(tmp_path):
    report = build(REPO, tmp_path / "out")
    assert report.errors == 0
    statements = tmp_path / "out" / "statements"
    for old, new in (
        ("lavrov-moscow-to-conduct-more-communications-regarding-crisis-in-syria",
         "sana-57563-lavrov-moscow-communications-syria"),
        ("russian-foreign-minister-sergey-lavrov-affirmed-on-wednesday-that-russia-seeks",
         "sana-105044-lavrov-astana-geneva-tracks"),
    ):
        assert (statements / new / "index.html").is_file()
        redirect = parse_page(statements / old / "index.html")
        assert redirect.first("meta", **{"http-equiv": "refresh"})["content"] == (
            f"0; url=../{new}/")


# ---- the generated benchmark archive, with repeated headlines ------------------------------


def _generator():
    spec = importlib.util.spec_from_file_location(
        "bench_generate_permalinks", REPO / "benchmarks" / "generate.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _build_generated(tmp_path: Path, count: int) -> None:
    manifest = _generator().generate(
        count, tmp_path / "corpus", seed=3, engines=["sana"], repeats=0.13
    )
    assert manifest["repeated_headlines"] >= count // 10
    site = tmp_path / "corpus" / "sana"
    result = subprocess.run(
        [sys.executable, "-m", "sana_archive", "build", "--site", str(site),
         "--output", str(tmp_path / "out"), "--no-search"],
        capture_output=True, text=True, timeout=3600,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = (result.stdout + result.stderr).strip().splitlines()[-1]
    assert re.match(rf"built: {count} articles, .* 0 errors", summary), summary
    pages = list((tmp_path / "out" / "statements").glob("*/index.html"))
    assert len(pages) == count


def test_a_generated_archive_with_repeated_headlines_builds_cleanly(tmp_path):
    _build_generated(tmp_path, 400)


@pytest.mark.skipif(
    os.environ.get("SANA_TEST_10K") != "1",
    reason="builds 10,000 generated statements (about a minute of CPU); SANA_TEST_10K=1 runs it",
)
def test_the_10k_benchmark_archive_with_repeated_headlines_exits_0(tmp_path):
    _build_generated(tmp_path, 10_000)
