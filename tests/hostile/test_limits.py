"""Case 6 of issue 16: what one file can make the build do is bounded."""

from __future__ import annotations

import datetime as dt

from sana_archive.content.discover import SourceFile
from sana_archive.content.limits import MAX_NAMES, MAX_SOURCE_BYTES
from sana_archive.content.load import read_one
from sana_archive.content.reader import read_article
from sana_archive.registry import Registries
from sana_archive.site.timeline import timeline

EMPTY = Registries.build()


def test_names_per_article_are_capped_with_a_warning_at_the_field():
    names = "".join(f"  - Delegate{i:04d} Vance\n" for i in range(1000))
    text = ("---\ntitle: Crowd\ncounterparts:\n" + names + "topics: [One, Two]\n---\n"
            "Damascus, SANA – Envoys met.\n")
    result = read_article("content/crowd.md", text.encode(), EMPTY)
    assert result.article is not None
    assert len(result.article.counterparts) == MAX_NAMES
    assert result.article.counterparts[0] == "Delegate0000 Vance"
    assert result.article.topics == ("One", "Two")
    assert [d.format() for d in result.diagnostics if "counterparts" in d.message] == [
        "content/crowd.md:3:1: warning: 1000 counterparts in one article; "
        f"only the first {MAX_NAMES} are indexed"]


def test_a_file_past_the_size_limit_is_skipped_unread(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * (MAX_SOURCE_BYTES + 1))
    result = read_one(SourceFile("content/big.md", str(path), MAX_SOURCE_BYTES + 1, 0), EMPTY)
    assert result.article is None
    assert result.diagnostics[0].format().startswith(
        "content/big.md:1:1: error: file is 5.0 MB, more than the 5 MB an article may be")


def test_a_timeline_spanning_millennia_draws_only_its_busy_years():
    drawn = timeline([dt.date(1, 1, 1), dt.date(2017, 3, 1), dt.date(2017, 5, 1),
                      dt.date(9999, 12, 31)])
    assert [(b["label"], b["count"]) for b in drawn["bins"]] == [
        ("1", 1), ("2017", 2), ("9999", 1)]
    near = timeline([dt.date(1990, 1, 1), dt.date(2017, 1, 1)])
    assert len(near["bins"]) == 28  # within a century every empty year is kept


def test_a_calendar_spanning_millennia_has_rows_only_for_busy_years():
    from sana_archive.site.timeline import calendar

    years = {1: {6: {1: [0]}}, 2017: {3: {1: [1, 2]}}, 9999: {12: {31: [3]}}}
    assert [row["year"] for row in calendar(years)["rows"]] == [9999, 2017, 1]
    near = calendar({1990: {1: {1: [0]}}, 2017: {1: {1: [1]}}})
    assert len(near["rows"]) == 28  # within a century every empty year keeps its row
