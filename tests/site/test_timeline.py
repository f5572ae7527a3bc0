"""Timelines: bars per year or month, honest gaps, counts that match the listing."""

from __future__ import annotations

import datetime as dt
import re

from sana_archive.build import build
from sana_archive.site.timeline import timeline
from tests.conftest import parse_page
from tests.discovery import SEED


def test_yearly_bins_keep_empty_years_and_count_undated_apart():
    t = timeline([dt.date(2012, 5, 1), None, dt.date(2015, 1, 1), dt.date(2015, 3, 1)])
    assert t["unit"] == "year"
    assert [(b["label"], b["count"]) for b in t["bins"]] == [
        ("2012", 1), ("2013", 0), ("2014", 0), ("2015", 2)
    ]
    assert t["undated"] == 1 and t["total"] == 3
    assert float(t["bins"][3]["height"]) > float(t["bins"][0]["height"]) > 0
    assert t["bins"][1]["height"] == "0"


def test_short_span_is_drawn_per_month():
    t = timeline([dt.date(2017, 4, 12), dt.date(2017, 6, 1), dt.date(2017, 6, 2)])
    assert t["unit"] == "month"
    assert [(b["key"], b["count"]) for b in t["bins"]] == [
        ("2017-04", 1), ("2017-05", 0), ("2017-06", 2)
    ]


def test_no_dated_statement_no_bars():
    assert timeline([None, None])["bins"] == []


def test_svg_counts_match_the_listing(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site(SEED, config="search: false\n"), out)
    path = out / "speakers" / "sergey-lavrov" / "index.html"
    text = path.read_text()
    svg = re.search(r"<svg[^>]*>.*?</svg>", text, re.S).group(0)
    # No role="img": its children would be hidden, and the bars are links (axe nested-interactive).
    assert 'aria-labelledby="timeline-title timeline-desc"' in svg and 'role="img"' not in svg
    assert "<title id=\"timeline-title\">" in svg
    counts = {p: int(c) for p, c in re.findall(r'data-period="([^"]+)" data-count="(\d+)"', svg)}
    page = parse_page(path)
    listed = [a["datetime"] for t, a in page.tags if t == "time" and "datetime" in a]
    statement_dates = [d for d in listed if len(d) == 10]
    assert sum(counts.values()) == 2 == len(set(statement_dates))
    assert 'data-unit="month"' in svg  # October 2015 to April 2017: under two years
    assert counts["2015-10"] == 1 and counts["2017-04"] == 1 and counts["2016-06"] == 0
    assert len(counts) == 19  # every month in between, empty ones included
    table = re.search(r'<table class="timeline-table">.*?</table>', text, re.S).group(0)
    assert re.search(r"<th scope=\"row\">Undated</th><td>1</td>", table)
