"""The build cache: what it stores comes back exactly, and what was damaged is not trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from sana_archive.engine.cache import BuildCache
from sana_archive.site.regions import (
    DOWNLOADS,
    HOME,
    UNDATED,
    article_region,
    feed_region,
    term_region,
)


def test_the_output_record_round_trips_with_its_region_part_types(tmp_path: Path) -> None:
    """Planned pages, every file written and the regions come back from a cache opened
    again exactly as stored, an integer part of a region still an integer."""
    regions = {
        HOME: ("index.html",),
        UNDATED: ("dates/undated/index.html",),
        DOWNLOADS: ("data/statements.csv", "data/statements.json"),
        ("year", 2019): ("dates/2019/index.html",),
        ("day", 2019, 5, 7): ("dates/2019/05/07/index.html",),
        article_region("content/2019/a b.txt"): ("statements/a-b/index.html",),
        term_region("speakers", "Sergey Lavrov"): ("speakers/sergey-lavrov/index.html",
                                                   "speakers/sergey-lavrov/page/2/index.html"),
        feed_region("topics", "i18n: sßé"): ("topics/i18n/feed.xml",),
    }  # fmt: skip
    planned = {rel: f"fp-{n}" for n, rel in enumerate(r for g in regions.values() for r in g)}
    pages = {**planned, "404.html": "", "static/style.css": ""}
    path = tmp_path / "c.sqlite"
    cache = BuildCache(path)
    assert cache.regions() == {} and cache.pages() == {}  # nothing recorded yet
    cache.store_outputs(planned, pages, regions)
    cache.close()
    again = BuildCache(path)
    assert again.regions() == regions and again.pages() == pages
    assert again.outputs().planned == planned
    assert ("year", "2019") not in again.regions()
    changed = dict(regions)
    del changed[UNDATED]
    changed[("year", 2019)] = ("dates/2019/index.html", "dates/2019/page/2/index.html")
    first_written = {"404.html": "", **planned, "static/style.css": ""}  # in any order
    again.store_outputs(planned, first_written, changed)
    assert again.regions() == changed
    again.close()
    last = BuildCache(path)
    assert last.regions() == changed and last.pages() == pages
    last.close()


@pytest.mark.parametrize("damage", ["stale", "flipped", "truncated", "deleted"])
def test_an_output_record_not_as_the_last_commit_left_it_is_no_record(
    tmp_path: Path, damage: str
) -> None:
    """A record file its token does not name (a build killed between writing it and
    naming it), one with a byte changed, cut short or gone gives no pages and no
    regions: the next build draws the whole site rather than trust it."""
    path = tmp_path / "c.sqlite"
    cache = BuildCache(path)
    cache.store_outputs({"a/index.html": "1"}, {"a/index.html": "1"}, {HOME: ("a/index.html",)})
    record = Path(f"{path}-outputs")
    kept = record.read_bytes()
    cache.store_outputs({"b/index.html": "2"}, {"b/index.html": "2"}, {HOME: ("b/index.html",)})
    cache.close()
    data = record.read_bytes()
    if damage == "stale":
        record.write_bytes(kept)  # the file of an earlier write, under the later token
    elif damage == "flipped":
        at = data.index(b"b/index.html")
        record.write_bytes(data[:at] + b"c" + data[at + 1 :])
    elif damage == "truncated":
        record.write_bytes(data[:-3])
    else:
        record.unlink()
    again = BuildCache(path)
    assert again.pages() == {} and again.regions() == {} and again.outputs().planned == {}
    again.close()


def test_the_quick_check_is_skipped_only_for_a_file_as_the_last_build_sealed_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.sqlite"
    first = BuildCache(path)
    assert first.verify  # nothing sealed yet: checked
    first.set_plan_key("v")
    first.close()
    again = BuildCache(path)
    assert not again.verify and again.plan_key() == "v"  # sealed and untouched: trusted
    assert not again.seal.exists()  # open: the seal is gone until it is closed again
    again.close()
    with open(path, "r+b") as handle:  # any write from outside, even of the same bytes
        data = handle.read(100)
        handle.seek(0)
        handle.write(data)
    checked = BuildCache(path)
    assert checked.verify and checked.plan_key() == "v"
    checked.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # truncated after a clean close
    damaged = BuildCache(path)
    assert damaged.verify
    damaged.close()


def _story(n: int) -> str:
    return (
        f"Damascus, SANA – Minister Karim Haddad{n} said on Monday that the talks on "
        f"water project {n} would go on.\n\nHe added that the meeting number {n} was "
        "useful.\n\nThe evening in the old quarter stayed mild and quiet.\n"
    )


def test_cached_articles_keep_their_bodies_in_the_file_beside_the_database(
    make_site, tmp_path: Path
) -> None:
    """A rebuild takes each cached article's body from the bodies file, not its row: the
    rows hold no body text, and the edited statement's new body is appended."""
    import sqlite3

    from sana_archive.build import build
    from sana_archive.engine.cache import cache_path
    from sana_archive.engine.spill import StoredBody

    site = make_site({f"{n:02d}.txt": _story(n) for n in range(6)}, config="search: false\n")
    out = tmp_path / "out"
    build(site, out)
    db = cache_path(out)
    bodies = Path(f"{db}-bodies")
    size = bodies.stat().st_size
    assert bodies.read_bytes().count(b"stayed mild and quiet") == 12  # Markdown and HTML
    with sqlite3.connect(db) as conn:
        blobs = [blob for (blob,) in conn.execute("SELECT result FROM sources")]
    assert len(blobs) == 6 and not any(b"stayed mild" in blob for blob in blobs)

    (site / "content" / "03.txt").write_text(_story(3) + "A new closing sentence.\n")
    report = build(site, out)
    assert report.parsed == 1 and report.site is not None
    assert bodies.stat().st_size > size  # appended, never rewritten in place
    article = next(a for a in report.site.articles if a.source_path.endswith("03.txt"))
    assert isinstance(article.body, StoredBody) and "new closing sentence" in article.body_html
    page = (out / "statements" / "03" / "index.html").read_text(encoding="utf-8")
    assert "A new closing sentence." in page


def test_a_damaged_bodies_file_is_never_trusted(make_site, tmp_path: Path) -> None:
    """A bodies file cut short, rewritten or deleted since the last build drops every
    cached article: each is read again and the site is the one a clean build writes."""
    from sana_archive.build import build
    from sana_archive.engine.cache import cache_path

    site = make_site({f"{n:02d}.txt": _story(n) for n in range(5)}, config="search: false\n")
    out, clean = tmp_path / "out", tmp_path / "clean"
    build(site, out)
    build(site, clean, use_cache=False)
    bodies = Path(f"{cache_path(out)}-bodies")

    def damage(how: str) -> None:
        data = bodies.read_bytes()
        if how == "truncate":
            bodies.write_bytes(data[: len(data) // 2])
        elif how == "overwrite":
            bodies.write_bytes(data.replace(b"water", b"WATER"))
        else:
            bodies.unlink()

    for how in ("truncate", "overwrite", "delete"):
        (site / "content" / "01.txt").write_text(_story(1) + f"Edited ({how}).\n")
        build(site, clean, use_cache=False)
        damage(how)
        report = build(site, out)
        assert report.parsed == 5, how
        assert report.errors == 0
        pages = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        expected = {p.relative_to(clean): p.read_bytes() for p in clean.rglob("*") if p.is_file()}
        assert pages == expected, how


@pytest.mark.parametrize("side", ["outputs", "site-index", "key-columns"])
def test_a_damaged_side_file_is_not_trusted_and_the_site_is_the_clean_one(
    make_site, tmp_path: Path, side: str
) -> None:
    """The output record, the site index and its key columns live in files beside the
    database: one changed by another hand since the last build is not used, and the
    rebuild after an edit writes the site a clean build writes."""
    from sana_archive.build import build
    from sana_archive.engine.cache import cache_path

    site = make_site({f"{n:02d}.txt": _story(n) for n in range(5)}, config="search: false\n")
    out, clean = tmp_path / "out", tmp_path / "clean"
    build(site, out)
    path = Path(f"{cache_path(out)}-{side}")
    data = path.read_bytes()
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit of the last byte
    (site / "content" / "02.txt").write_text(_story(2) + "A sentence added later.\n")
    (out / "statements" / "04" / "index.html").unlink()  # and a page deleted by hand
    report = build(site, out)
    assert report.errors == 0
    build(site, clean, use_cache=False)
    pages = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    expected = {p.relative_to(clean): p.read_bytes() for p in clean.rglob("*") if p.is_file()}
    assert pages == expected
    again = BuildCache(cache_path(out))
    assert again.pages() and again.regions()  # the rebuild recorded its outputs again
    again.close()


def test_library_versions_are_those_importlib_metadata_gives() -> None:
    """The code fingerprint reads library versions from the dist-info folders' names, not
    through importlib.metadata (slow to import): the same versions, None when absent."""
    from importlib import metadata

    from sana_archive.engine.cache import _SHAPING, library_versions

    names = (*_SHAPING, "Jinja2", "PyYAML", "markupsafe", "watchdog", "no-such-dist-here")
    found = library_versions(names)
    for name in names:
        try:
            expected: str | None = metadata.version(name)
        except metadata.PackageNotFoundError:
            expected = None
        assert found[name] == expected, name
    assert found["jinja2"] and found["no-such-dist-here"] is None
