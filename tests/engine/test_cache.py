"""The cache's region table gives back exactly the region map it was given."""

from __future__ import annotations

from pathlib import Path

from sana_archive.engine.cache import BuildCache
from sana_archive.site.regions import (
    DOWNLOADS,
    HOME,
    UNDATED,
    article_region,
    feed_region,
    term_region,
)


def test_regions_round_trip_with_their_part_types(tmp_path: Path) -> None:
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
    }
    cache = BuildCache(tmp_path / "c.sqlite")
    cache.replace_regions(regions, None)
    assert cache.regions() == regions
    assert ("year", "2019") not in cache.regions()  # an integer part stays an integer
    changed = dict(regions)
    del changed[UNDATED]
    changed[("year", 2019)] = ("dates/2019/index.html", "dates/2019/page/2/index.html")
    cache.replace_regions(changed, regions)
    assert cache.regions() == changed
    cache.close()


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
