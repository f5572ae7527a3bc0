"""Atom feeds: valid, dated statements only, stable ids, linked from their pages."""

from __future__ import annotations

import feedparser

from sana_archive.build import build
from tests.conftest import parse_page
from tests.discovery import SEED, story


def parse(path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_site_feed_lists_dated_statements_newest_first(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site(SEED), out, base_url="https://example.org/archive/")
    feed = parse(out / "feed.xml")
    ids = [e.id for e in feed.entries]
    base = "https://example.org/archive/statements/"
    assert ids == [base + "jubeir-riyadh/", base + "lavrov-astana/", base + "lavrov-zannier/"]
    assert [e.link for e in feed.entries] == ids
    assert feed.entries[0].updated == feed.entries[0].published == "2017-05-02T00:00:00Z"
    assert feed.feed.updated == "2017-05-02T00:00:00Z"
    assert "1 undated statement" in feed.feed.subtitle
    assert "Sergey Lavrov" in feed.entries[1].summary
    assert {t.term for t in feed.entries[1].tags} >= {"Astana process", "Moscow"}
    links = {(link.rel, link.href) for link in feed.feed.links}
    assert ("self", "https://example.org/archive/feed.xml") in links


def test_term_feeds_exist_and_are_linked_from_their_pages(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site(SEED), out)
    speaker = parse(out / "speakers" / "sergey-lavrov" / "feed.xml")
    assert len(speaker.entries) == 2 and "undated" in speaker.feed.subtitle
    topic = parse(out / "topics" / "astana-process" / "feed.xml")
    assert [e.title for e in topic.entries] == ["Jubeir in Riyadh", "Lavrov on Astana"]
    assert len(parse(out / "locations" / "riyadh" / "feed.xml").entries) == 1
    assert not (out / "counterparts" / "lamberto-zannier" / "feed.xml").exists()
    page = parse_page(out / "speakers" / "sergey-lavrov" / "index.html")
    alternates = [
        a["href"] for t, a in page.tags
        if t == "link" and a.get("rel") == "alternate" and a.get("type") == "application/atom+xml"
    ]
    assert alternates == ["../../feed.xml", "feed.xml"]
    home = parse_page(out / "index.html")
    assert home.first("link", rel="alternate")["href"] == "feed.xml"


def test_feed_of_only_undated_statements_is_valid_and_claims_no_date(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site({"c.txt": SEED["c.txt"]}), out)
    feed = parse(out / "feed.xml")
    assert feed.entries == []
    assert feed.feed.updated == "1970-01-01T00:00:00Z"  # the documented "no dated entry" mark


def test_feed_keeps_newest_fifty_and_is_deterministic(make_site, tmp_path):
    files = {
        f"{n:02d}.txt": story(
            f"Statement {n}", f"Text {n}.", date=f"2016-{1 + n // 28:02d}-{1 + n % 28:02d}"
        )
        for n in range(55)
    }
    site = make_site(files)
    build(site, tmp_path / "one")
    build(site, tmp_path / "two")
    first = (tmp_path / "one" / "feed.xml").read_bytes()
    assert first == (tmp_path / "two" / "feed.xml").read_bytes()
    feed = parse(tmp_path / "one" / "feed.xml")
    assert len(feed.entries) == 50
    assert feed.entries[0].title == "Statement 54" and feed.entries[-1].title == "Statement 5"
