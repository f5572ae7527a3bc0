"""Search: article pages carry Pagefind markers, the bundle is built, reindexed only on change."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from sana_archive import build as build_module
from sana_archive.build import build
from sana_archive.engine import redraw, search
from sana_archive.engine.cache import BuildCache, cache_path
from sana_archive.engine.pagefind_bundle import index_chunks
from tests.conftest import parse_page
from tests.discovery import SEED, fragments


def test_pagefind_indexes_statements_only_with_filters_and_quote_anchors(make_site, tmp_path):
    out = tmp_path / "out"
    report = build(make_site(SEED), out)
    assert report.errors == 0, [d.format() for d in report.diagnostics]
    shards = json.loads((out / "pagefind" / "shards.json").read_text())["shards"]
    assert shards and all((out / "pagefind" / s / "pagefind.js").is_file() for s in shards)
    leftovers = [p.name for s in shards for p in (out / "pagefind" / s).glob("pagefind-*ui*")]
    assert leftovers == []  # Pagefind's own interfaces are not shipped: the page has its own
    assert report.search_seconds > 0
    pages = {f["url"]: f for f in fragments(out)}
    assert set(pages) == {
        "/statements/lavrov-zannier/",
        "/statements/lavrov-astana/",
        "/statements/lavrov-undated/",
        "/statements/jubeir-riyadh/",
    }  # listings, the home page and the search page are not indexed
    hit = [url for url, f in pages.items() if "zebrafish" in f["content"]]
    assert hit == ["/statements/lavrov-astana/"]
    astana = pages["/statements/lavrov-astana/"]["filters"]
    assert astana["speaker"] == ["Sergey Lavrov"]
    assert astana["location"] == ["Moscow"]
    assert astana["year"] == ["2017"] and astana["month"] == ["2017-04"]
    assert astana["topic"] == ["Astana process", "Terrorism"]
    assert astana["counterpart"] == ["Adel al-Jubeir"] and astana["source"] == ["SANA"]
    assert pages["/statements/lavrov-undated/"]["filters"]["year"] == ["Undated"]
    assert "month" not in pages["/statements/lavrov-undated/"]["filters"]
    zannier = pages["/statements/lavrov-zannier/"]
    assert zannier["meta"]["date"] == "2015-10-19"
    assert "date" not in pages["/statements/lavrov-undated/"]["meta"]
    anchors = {a["id"]: a["text"] for a in zannier["anchors"]}
    assert "Khan Sheikhoun" in anchors["quote-1"]
    assert "Cite this statement" not in zannier["content"]


def test_article_markup_sort_key_only_when_dated(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site(SEED), out)
    dated = parse_page(out / "statements" / "lavrov-astana" / "index.html")
    article = dated.first("article")
    assert article is not None and "data-pagefind-body" in article
    assert dated.first("time", **{"data-pagefind-sort": "date[data-sort]"})["datetime"] == (
        "2017-04-12"
    )
    undated = (out / "statements" / "lavrov-undated" / "index.html").read_text()
    assert "data-pagefind-sort" not in undated
    listing = (out / "speakers" / "sergey-lavrov" / "index.html").read_text()
    assert "data-pagefind-body" not in listing


def test_search_page_and_header_box_use_relative_urls(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site(SEED), out, base_url="https://example.org/archive/")
    search = parse_page(out / "search" / "index.html")
    form = search.first("form", id="search-form")
    assert form["data-bundle"] == "../pagefind/shards.json" and form["data-root"] == "../"
    assert "../static/search.js" in search.assets
    for page in ("index.html", "statements/lavrov-astana/index.html", "dates/index.html"):
        parsed = parse_page(out / page)
        header = parsed.first("form", role="search")
        assert header is not None and not header["action"].startswith(("/", "http"))
        assert parsed.first("input", name="q") is not None


def test_search_false_builds_no_index_page_or_box(make_site, tmp_path):
    out = tmp_path / "out"
    site = make_site(SEED, config="search: false\n")
    report = build(site, out)
    assert not (out / "pagefind").exists() and not (out / "search").exists()
    assert report.search_seconds == 0
    assert parse_page(out / "index.html").first("form", role="search") is None


def test_index_is_kept_when_unchanged_and_rebuilt_without_stale_files(make_site, tmp_path):
    out = tmp_path / "out"
    site = make_site(SEED)
    build(site, out)
    (shard,) = json.loads((out / "pagefind" / "shards.json").read_text())["shards"]
    entry = out / "pagefind" / shard / "pagefind-entry.json"
    before = (entry.stat().st_mtime_ns, entry.read_bytes())
    touched = site / "content" / "a.txt"  # a new mtime, the same text: no page changes
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    again = build(site, out)
    assert again.mode == "in-place" and again.search_seconds < 0.05
    assert (entry.stat().st_mtime_ns, entry.read_bytes()) == before

    old_files = {p.name for p in (out / "pagefind").rglob("*") if p.is_file()}
    path = site / "content" / "b.txt"
    path.write_text(path.read_text().replace("zebrafish", "axolotl"))
    edited = build(site, out)
    assert edited.mode == "in-place" and edited.search_seconds > 0
    contents = " ".join(f["content"] for f in fragments(out))
    assert "axolotl" in contents and "zebrafish" not in contents
    new_files = {p.name for p in (out / "pagefind").rglob("*") if p.is_file()}
    assert new_files != old_files
    assert len(list((out / "pagefind" / shard / "fragment").iterdir())) == 4  # none stale
    cache = BuildCache(cache_path(out))
    assert cache.search_shards()
    cache.close()


def test_staged_build_carries_an_unchanged_index_over(make_site, tmp_path, monkeypatch):
    out = tmp_path / "out"
    site = make_site(SEED)
    build(site, out)
    (shard,) = json.loads((out / "pagefind" / "shards.json").read_text())["shards"]
    entry = (out / "pagefind" / shard / "pagefind-entry.json").read_bytes()
    monkeypatch.setattr(redraw, "IN_PLACE_MIN", 0)
    monkeypatch.setattr(redraw, "IN_PLACE_SHARE", 0.0)
    home = site / "templates" / "home.html"
    home.write_text(home.read_text() + "\n")
    staged = build(site, out)
    assert staged.mode == "staged" and staged.search_seconds < 0.5
    assert (out / "pagefind" / shard / "pagefind-entry.json").read_bytes() == entry
    assert fragments(out)


def test_deleted_index_is_rebuilt(make_site, tmp_path: Path):
    out = tmp_path / "out"
    site = make_site(SEED)
    build(site, out)
    shutil.rmtree(out / "pagefind")
    build(site, out)
    assert (out / "pagefind" / "shards.json").is_file() and len(fragments(out)) == 4


def test_a_deferred_index_is_owed_then_refreshed(make_site, tmp_path):
    out = tmp_path / "out"
    site = make_site(SEED)
    build(site, out)
    path = site / "content" / "b.txt"
    path.write_text(path.read_text().replace("zebrafish", "axolotl"))
    edited = build(site, out, defer_search=True)
    assert edited.mode == "in-place" and edited.search_seconds < 0.1  # Pagefind not run
    assert edited.search_pending
    stale = " ".join(f["content"] for f in fragments(out))
    assert "zebrafish" in stale and "axolotl" not in stale  # owed, not yet built
    assert build_module.refresh_search(out, edited) == []
    fresh = " ".join(f["content"] for f in fragments(out))
    assert "axolotl" in fresh and "zebrafish" not in fresh
    again = build(site, out, defer_search=True)  # nothing owed any more
    assert again.search_pending is None


def test_shard_count_grows_with_the_square_root_and_shards_never_move():
    assert [search.shard_count(n) for n in (0, 4, 100, 1000, 10_000, 100_000)] == [
        1,
        1,
        4,
        8,
        32,
        128,
    ]
    rel = "statements/lavrov-astana/index.html"
    # A fixed hash of the path (no per-process salt): the same bucket in every run, and the
    # bucket at 8 shards is the one at 32 taken modulo 8, so growing the archive splits
    # buckets rather than reshuffling them.
    assert (search.shard_of(rel, 32), search.shard_of(rel, 8)) == ("32-031", "8-007")
    names = {search.shard_of(f"statements/s{i}/index.html", 8) for i in range(200)}
    assert names == {f"8-{i:03d}" for i in range(8)}  # every bucket used


def _shards(out: Path) -> list[str]:
    return json.loads((out / "pagefind" / "shards.json").read_text())["shards"]


def test_an_edit_reindexes_only_the_shard_of_the_changed_page(make_site, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "shard_count", lambda pages: 4)
    out = tmp_path / "out"
    site = make_site(SEED)
    build(site, out)
    rels = [
        f"statements/{s}/index.html"
        for s in ("lavrov-zannier", "lavrov-astana", "lavrov-undated", "jubeir-riyadh")
    ]
    assert _shards(out) == sorted({search.shard_of(r, 4) for r in rels})
    assert len(_shards(out)) > 1  # the test means something only with several shards
    dated = {}
    for name in _shards(out):
        table = json.loads((out / "pagefind" / name / "dates.json").read_text())
        assert all(
            (out / "pagefind" / name / "fragment" / f"{i}.pf_fragment").is_file() for i in table
        )
        dated.update(table)
    assert sorted(dated.values()) == sorted(
        f"{f['meta']['date']} {f['url']}" for f in fragments(out) if "date" in f["meta"]
    )
    assert len(dated) == 3  # the undated statement has no sort key
    assert sorted(f["url"] for f in fragments(out)) == sorted(f"/{r[:-10]}" for r in rels)

    entries = {
        n: (out / "pagefind" / n / "pagefind-entry.json").stat().st_ino for n in _shards(out)
    }
    path = site / "content" / "b.txt"
    path.write_text(path.read_text().replace("zebrafish", "axolotl"))
    edited = build(site, out)
    assert edited.mode == "in-place" and edited.search_seconds > 0
    assert edited.search_shards == (1, len(_shards(out)))
    mine = search.shard_of("statements/lavrov-astana/index.html", 4)
    after = {n: (out / "pagefind" / n / "pagefind-entry.json").stat().st_ino for n in _shards(out)}
    assert {n for n in after if after[n] != entries[n]} == {mine}
    contents = " ".join(f["content"] for f in fragments(out))
    assert "axolotl" in contents and "zebrafish" not in contents


def test_the_manifest_counts_pages_and_words_and_merged_shards_report_scores(
    make_site, tmp_path, monkeypatch
):
    """What the browser ranks with (static/search-index.js): the pages and words of every
    shard, and Pagefind's per-word report switched on where shards are merged (only)."""
    site = make_site(SEED)
    for count in (4, 1):
        monkeypatch.setattr(search, "shard_count", lambda pages, count=count: count)
        out = tmp_path / f"out-{count}"
        build(site, out)
        manifest = json.loads((out / "pagefind" / "shards.json").read_text())
        assert len(manifest["shards"]) == len(manifest["pages"]) == len(manifest["words"])
        assert (len(manifest["shards"]) > 1) == (count > 1)
        found = fragments(out)
        assert sum(manifest["pages"]) == len(found) == 4
        assert sum(manifest["words"]) == sum(f["word_count"] for f in found) > 40
        starts = set()
        for name, pages in zip(manifest["shards"], manifest["pages"], strict=True):
            bundle = out / "pagefind" / name
            assert pages == len(list((bundle / "fragment").glob("*.pf_fragment")))
            chunks = index_chunks(bundle)
            assert chunks
            starts |= {first for first, _ in chunks}
            for script in search.PLAYGROUND_FILES:
                text = (bundle / script).read_text(encoding="utf-8")
                assert text.count(search.PLAYGROUND_AT + search.PLAYGROUND_ON) == (count > 1)
        # where every shard's index chunks start, for the browser's prefix matching
        assert manifest["starts"] == sorted(starts) and "" not in starts


def test_a_shard_indexed_before_chunk_starts_were_kept_is_indexed_again(
    make_site, tmp_path, monkeypatch
):
    monkeypatch.setattr(search, "shard_count", lambda pages: 4)
    site, out = make_site(SEED), tmp_path / "out"
    build(site, out)
    manifest = json.loads((out / "pagefind" / "shards.json").read_text())
    old = out / "pagefind" / manifest["shards"][0] / search.STATS
    stats = json.loads(old.read_text())
    old.write_text(json.dumps({"pages": stats["pages"], "words": stats["words"]}))
    path = site / "content" / "b.txt"  # a build with something to do
    path.write_text(path.read_text().replace("zebrafish", "axolotl"))
    build(site, out)
    starts = json.loads(old.read_text())["starts"]
    assert starts == sorted({first for first, _ in index_chunks(old.parent)})
    assert set(starts) <= set(json.loads((out / "pagefind" / "shards.json").read_text())["starts"])


def test_an_index_of_the_single_bundle_layout_is_replaced_whole(make_site, tmp_path):
    out = tmp_path / "out"
    site = make_site(SEED)
    build(site, out)
    (out / "pagefind" / "pagefind.js").write_text("// an index written by an older version\n")
    (out / "pagefind" / "fragment").mkdir()
    cache = BuildCache(cache_path(out))
    cache.forget_search_shards()  # an older version kept its key under another name
    cache.close()
    path = site / "content" / "b.txt"
    path.write_text(path.read_text().replace("zebrafish", "axolotl"))
    build(site, out)
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == sorted(
        [*_shards(out), "shards.json"]
    )
