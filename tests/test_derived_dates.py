"""Derived dates, built into a real site: every output shows them, and marks them derived.

An invented agency, the Northwind Wire, whose story URLs carry a post id; sources.yaml
anchors posts 1000 (Saturday 30 January 2021) and 1100 (Tuesday 2 February 2021), and
post 3000 (10 March 2021). Four stories: one dated by its post id and its "Monday" to
1 February 2021, one between 1 and 21 February (a range: its anchors, 2 and 20 February,
a day wider at each end, as an agency posts an event the same day or the next), one
stating its date, one with no evidence at all.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import feedparser
import pytest

from sana_archive.build import build, check
from tests.conftest import parse_page

SOURCES = """- name: NWW
  aliases: [Northwind Wire]
  urls: ['*nww.example/story?id={id}']
  anchors:
    - {id: 1000, date: 2021-01-30}
    - {id: 1100, date: 2021-02-02}
    - {id: 3000, date: 2021-03-10}
"""


def story(title: str, slug: str, post: int | None, body: str, date: str | None = None,
          source: str = "NWW") -> str:
    lines = ["---", f"title: {title}", f"slug: {slug}", f"source: {source}"]
    if post is not None:
        lines.append(f"source_url: https://nww.example/story?id={post}")
    if date:
        lines.append(f"date: {date}")
    lines += ["speakers:", "  - {name: Mira Odell, role: Envoy}", "location: Harbourtown", "---"]
    return "\n".join(lines) + "\n" + body + "\n"


FILES = {
    "monday.txt": story(
        "Odell on the canal accord", "canal", 1050,
        "Harbourtown, NWW - Envoy Mira Odell said on Monday the canal accord would hold.",
    ),
    "range.txt": story(
        "Odell on fisheries", "fisheries", 2000,
        "Harbourtown, NWW - Envoy Mira Odell spoke about fisheries.",
    ),
    "stated.txt": story(
        "Odell on ferries", "ferries", 2500,
        "Harbourtown, NWW - Envoy Mira Odell spoke about ferries.", date="2021-02-20",
    ),
    "none.txt": story(
        "Odell on bridges", "bridges", None,
        "Harbourtown, NWW - Envoy Mira Odell spoke about bridges.", source="Northwind Wire",
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import REPO

    root = tmp_path_factory.mktemp("derived")
    import shutil

    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    (root / "content" / "_data").mkdir(parents=True)
    (root / "content" / "_data" / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (root / "site.yaml").write_text("search: false\n", encoding="utf-8")
    for name, text in FILES.items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def out(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("derived-out") / "build"
    report = build(site, target, base_url="https://example.org/")
    assert report.errors == 0, [d.format() for d in report.diagnostics]
    return target


def flat(text: str) -> str:
    return " ".join(text.split())


def test_statement_pages_state_the_derived_date_with_its_evidence(out: Path):
    canal = flat(parse_page(out / "statements" / "canal" / "index.html").text)
    assert (
        "Monday, 1 February 2021 (derived: NWW post 1050 lies between post 1000 of "
        "30 January 2021 and post 1100 of 2 February 2021; an agency posts an event the same "
        "day or the next, so between 29 January and 3 February 2021; the text says Monday)"
        in canal
    )
    fisheries = flat(parse_page(out / "statements" / "fisheries" / "index.html").text)
    # The stated story (post 2500, 20 February) is an anchor too.
    assert (
        "between 1 and 21 February 2021 (derived: NWW post 2000 lies between post 1100 of "
        "2 February 2021 and post 2500 of 20 February 2021; an agency posts an event the same "
        "day or the next, so between 1 and 21 February 2021)" in fisheries
    )
    bridges = flat(parse_page(out / "statements" / "bridges" / "index.html").text)
    assert "Date unknown" in bridges
    # sources.yaml's alias: "Northwind Wire" is filed under NWW, one source page.
    assert not (out / "sources" / "northwind-wire").exists()
    assert any("statements/bridges/" in link
               for link in parse_page(out / "sources" / "nww" / "index.html").links)


def test_date_pages_list_derived_dates_marked_and_undated_keeps_only_no_evidence(out: Path):
    day = parse_page(out / "dates" / "2021" / "02" / "01" / "index.html")
    assert any("statements/canal/" in link for link in day.links)
    assert "(derived)" in day.text
    month = parse_page(out / "dates" / "2021" / "02" / "index.html")
    linked = {m.group(1) for link in month.links if (m := re.search(r"statements/(\w+)/", link))}
    assert linked == {"canal", "fisheries", "ferries"}
    raw = (out / "dates" / "2021" / "02" / "index.html").read_text(encoding="utf-8")
    assert raw.count('class="derived-mark"') == 2  # canal and fisheries, not ferries
    undated = parse_page(out / "dates" / "undated" / "index.html")
    linked = {m.group(1) for link in undated.links if (m := re.search(r"statements/(\w+)/", link))}
    assert linked == {"bridges"}
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="derived-mark"' in home


def test_search_filters_say_the_date_basis(out: Path):
    for slug, basis in (("canal", "derived"), ("fisheries", "derived"), ("ferries", "stated"),
                        ("bridges", "none")):
        text = (out / "statements" / slug / "index.html").read_text(encoding="utf-8")
        assert f'data-pagefind-filter="basis:{basis}"' in text, slug
    canal = (out / "statements" / "canal" / "index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-filter="year:2021"' in canal
    assert 'data-pagefind-filter="month:2021-02"' in canal
    assert "Date basis" in (out / "static" / "search.js").read_text(encoding="utf-8")


def test_feed_carries_the_derived_day_with_the_mark_and_leaves_ranges_out(out: Path):
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo
    entries = {e.link.rsplit("/", 2)[-2]: e for e in feed.entries}
    assert set(entries) == {"canal", "ferries"}
    assert entries["canal"].updated.startswith("2021-02-01")
    assert "[Date derived, not stated: NWW post 1050" in entries["canal"].summary
    assert "derived" not in entries["ferries"].summary


def test_citations_print_the_derived_date_as_a_conjecture(out: Path):
    canal = flat(parse_page(out / "statements" / "canal" / "index.html").text)
    assert "“Odell on the canal accord.” n.d. [c. February 1, 2021]." in canal
    fisheries = flat(parse_page(out / "statements" / "fisheries" / "index.html").text)
    assert "n.d. [between February 1, 2021, and February 21, 2021]." in fisheries
    page = (out / "statements" / "canal" / "index.html").read_text(encoding="utf-8")
    assert "date = {2021-02-01?}" in page
    assert "year = {n.d.}" in page
    blocks = [html.unescape(b) for b in re.findall(r"<code>(.*?)</code>", page, re.S)]
    csl = json.loads(next(b for b in blocks if b.lstrip().startswith("[")))
    assert csl[0]["issued"] == {"date-parts": [[2021, 2, 1]], "circa": True}
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert "datePublished" not in json.loads(script)  # JSON-LD: stated dates only
    assert 'name="DC.date"' not in page
    stated = (out / "statements" / "ferries" / "index.html").read_text(encoding="utf-8")
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', stated, re.S)
    assert json.loads(script)["datePublished"] == "2021-02-20"


def test_data_downloads_give_date_basis_and_span(out: Path):
    records = {r["slug"]: r for r in json.loads((out / "data" / "statements.json").read_text())}
    picked = {
        slug: (r["date"], r["date_basis"], r["date_earliest"], r["date_latest"])
        for slug, r in records.items()
    }
    assert picked == {
        "canal": ("2021-02-01", "derived", "2021-02-01", "2021-02-01"),
        "fisheries": (None, "derived", "2021-02-01", "2021-02-21"),
        "ferries": ("2021-02-20", "stated", "2021-02-20", "2021-02-20"),
        "bridges": (None, "none", None, None),
    }
    assert records["canal"]["date_evidence"].startswith("NWW post 1050 lies between")
    text = (out / "data" / "statements.csv").read_text("utf-8-sig")  # the CSV starts with a BOM
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["slug"]: r["date_basis"] for r in rows}["fisheries"] == "derived"
    package = json.loads((out / "data" / "datapackage.json").read_text())
    fields = [f["name"] for f in package["resources"][0]["schema"]["fields"]]
    assert {"date_basis", "date_earliest", "date_latest"} <= set(fields)


def test_check_reports_anchors_out_of_order_naming_both(site: Path, tmp_path: Path):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(site, broken)
    text = SOURCES.replace("{id: 3000, date: 2021-03-10}", "{id: 3000, date: 2021-01-10}")
    (broken / "content" / "_data" / "sources.yaml").write_text(text, encoding="utf-8")
    report = check(broken)
    found = [d for d in report.diagnostics if "out of order" in d.message]
    assert found and found[0].path == "content/_data/sources.yaml" and found[0].line == 7
    assert "post 3000 (2021-01-10)" in found[0].message
    assert "post 1100 (2021-02-02)" in found[0].message


def test_pagefind_indexes_the_date_basis_and_a_derived_year(site: Path, tmp_path: Path):
    from tests.discovery import fragments

    (site / "site.yaml").write_text("search: true\n", encoding="utf-8")
    try:
        out = tmp_path / "out"
        report = build(site, out)
    finally:
        (site / "site.yaml").write_text("search: false\n", encoding="utf-8")
    assert report.errors == 0, [d.format() for d in report.diagnostics]
    filters = {f["url"].split("/")[-2]: f["filters"] for f in fragments(out)}
    assert {slug: f["basis"] for slug, f in filters.items()} == {
        "canal": ["derived"], "fisheries": ["derived"], "ferries": ["stated"], "bridges": ["none"]
    }
    assert filters["canal"]["year"] == ["2021"] and filters["canal"]["month"] == ["2021-02"]
    assert filters["bridges"]["year"] == ["Undated"]
