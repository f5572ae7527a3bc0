"""Timelines: bars per year or month, honest gaps, counts that match the listing."""

from __future__ import annotations

import datetime as dt
import re

from sana_archive.build import build
from sana_archive.site.timeline import timeline
from tests.discovery import SEED


def test_yearly_bins_keep_empty_years_and_count_undated_apart():
    t = timeline([dt.date(2012, 5, 1), None, dt.date(2015, 1, 1), dt.date(2015, 3, 1)])
    assert t["unit"] == "year"
    assert [(b["label"], b["count"]) for b in t["bins"]] == [
        ("2012", 1), ("2013", 0), ("2014", 0), ("2015", 2)
    ]
    assert t["undated"] == 1 and t["total"] == 3
    assert t["bins"][3]["share"] == "1" and t["bins"][0]["share"] == "0.5"
    assert t["bins"][1]["share"] == "0"


def test_short_span_is_drawn_per_month():
    t = timeline([dt.date(2017, 4, 12), dt.date(2017, 6, 1), dt.date(2017, 6, 2)])
    assert t["unit"] == "month"
    assert [(b["key"], b["count"]) for b in t["bins"]] == [
        ("2017-04", 1), ("2017-05", 0), ("2017-06", 2)
    ]


def test_no_dated_statement_no_bars():
    assert timeline([None, None])["bins"] == []


def test_chart_counts_match_the_listing_and_are_written_on_the_bars(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site(SEED, config="search: false\n"), out)
    path = out / "speakers" / "sergey-lavrov" / "index.html"
    text = path.read_text()
    chart = re.search(r'<figure class="timeline".*?</figure>', text, re.S).group(0)
    assert "<svg" not in chart  # HTML, so its text never scales down with the page
    bins = re.findall(
        r'data-period="([^"]+)" data-count="(\d+)">.*?<span class="bin-value">(\d+)<', chart, re.S
    )
    assert all(count == shown for _, count, shown in bins)  # every bar states its value
    counts = {p: int(c) for p, c, _ in bins}
    listing = text.split("<h2>Statements</h2>", 1)[1]  # the statements, not the summary
    statement_dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)"', listing)
    assert sum(counts.values()) == 2 == len(set(statement_dates))
    assert 'data-unit="month"' in chart  # October 2015 to April 2017: under two years
    assert counts["2015-10"] == 1 and counts["2017-04"] == 1 and counts["2016-06"] == 0
    assert len(counts) == 19  # every month in between, empty ones included
    assert "1 undated statement not shown." in chart
    assert 'href="../../dates/2015/10/"' in chart


def test_calendar_counts_every_month_of_every_year():
    from sana_archive.site.timeline import calendar

    c = calendar({2017: {4: {12: (0, 1)}, 5: {2: (2,)}}, 2015: {10: {19: (3,)}}})
    assert [r["year"] for r in c["rows"]] == [2017, 2016, 2015]
    assert [cell["count"] for cell in c["rows"][0]["cells"]] == [0, 0, 0, 2, 1] + [0] * 7
    assert c["rows"][1]["url"] is None and c["rows"][1]["total"] == 0
    assert c["rows"][0]["cells"][3] == {
        "month": "April", "count": 2, "share": "1", "shade": 5, "url": "/dates/2017/04/"
    }
    assert c["rows"][0]["cells"][4]["shade"] == 3  # half the busiest month


def test_dates_index_and_year_pages_show_the_year_by_month_table(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site(SEED, config="search: false\n"), out)
    dates = (out / "dates" / "index.html").read_text()
    table = re.search(r'<table class="calendar-table">.*?</table>', dates, re.S).group(0)
    assert [int(y) for y in re.findall(r'<th scope="row"><a href="(\d{4})/">', table)] == [
        2017, 2015
    ]
    assert "2016" in table  # an empty year between is kept, unlinked
    cells = [int(c) for c in re.findall(r'data-count="(\d+)"', table)]
    assert len(cells) == 36 and sum(cells) == 3
    assert 'href="2017/04/"' in table and 'aria-label="April 2017: 1 statement"' in table
    year = (out / "dates" / "2017" / "index.html").read_text()
    year_table = re.search(r'<table class="calendar-table">.*?</table>', year, re.S).group(0)
    assert [int(c) for c in re.findall(r'data-count="(\d+)"', year_table)] == (
        [0, 0, 0, 1, 1] + [0] * 7
    )
