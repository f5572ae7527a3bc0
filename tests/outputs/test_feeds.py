"""Atom feeds: valid, dated statements only, stable ids, linked from their pages."""

from __future__ import annotations

import feedparser
from hypothesis import given, settings
from hypothesis import strategies as st

from sana_archive.build import build
from sana_archive.outputs.feeds import _summary, feed_subtitle
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
    assert feed.feed.subtitle == (
        "All 3 dated statements, newest first, by the date their text states. 1 undated "
        "statement cannot be placed in time and is listed on the site only."
    )
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
    assert alternates == ["feed.xml"]
    home = parse_page(out / "index.html")
    assert home.first("link", rel="alternate")["href"] == "feed.xml"


def feed_links(out):
    """Every feed any page of the built site links to, as output-relative paths."""
    linked = set()
    for page in out.rglob("*.html"):
        parsed = parse_page(page)
        hrefs = [a.get("href") or "" for _, a in parsed.tags]
        for href in hrefs:
            if href.endswith("feed.xml") and "://" not in href:
                linked.add((page.parent / href).resolve().relative_to(out.resolve()).as_posix())
    return linked


def test_no_feed_invents_a_date_and_every_subtitle_counts_right(make_site, tmp_path):
    """A feed's ``updated`` is its newest entry's; a list with no dated statement has no
    feed, and no page links one; the subtitle's numbers are the entries'."""
    files = {
        **SEED,
        "e.txt": story("Nebenzia, undated", "New York, SANA – text.", speaker="Vassily Nebenzia",
                       location="New York", topics=("Chemical weapons",), slug="nebenzia"),
    }
    out = tmp_path / "out"
    build(make_site(files, config="search: false\n"), out)
    feeds = {p.relative_to(out).as_posix() for p in out.rglob("feed.xml")}
    assert "speakers/vassily-nebenzia/feed.xml" not in feeds
    assert "locations/new-york/feed.xml" not in feeds
    assert "topics/chemical-weapons/feed.xml" not in feeds
    assert feed_links(out) == feeds  # every feed is linked, and only those
    assert len(feeds) == 7  # the archive, 2 speakers, 2 places, 2 topics
    for rel in feeds:
        feed = parse(out / rel)
        assert feed.entries, rel
        assert feed.feed.updated == max(e.updated for e in feed.entries), rel
        assert "1970" not in (out / rel).read_text()
        subtitle = feed.feed.subtitle
        count = len(feed.entries)
        assert subtitle.startswith(
            "The one dated statement" if count == 1 else f"All {count} dated statements"
        ), (rel, subtitle)
    nebenzia = parse_page(out / "speakers" / "vassily-nebenzia" / "index.html")
    assert "Atom feed" not in nebenzia.text
    lavrov = parse(out / "speakers" / "sergey-lavrov" / "feed.xml").feed.subtitle
    assert lavrov.endswith("1 undated statement cannot be placed in time and is listed on the "
                           "site only.")


def test_archive_of_only_undated_statements_has_no_feed(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site({"c.txt": SEED["c.txt"]}, config="search: false\n"), out)
    assert not list(out.rglob("feed.xml"))
    assert feed_links(out) == set()
    about = parse_page(out / "about" / "data" / "index.html")
    assert "No statement is dated yet, so there is no Atom feed of the archive." in about.text


def test_feed_subtitle_says_how_many_of_how_many():
    assert feed_subtitle(120, 50, 2) == (
        "The newest 50 of 120 dated statements, newest first, by the date their text "
        "states. 2 undated statements cannot be placed in time and are listed on the site only."
    )
    assert feed_subtitle(1, 1, 0) == "The one dated statement, by the date its text states."


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
    assert feed.feed.subtitle.startswith("The newest 50 of 55 dated statements")


def test_a_feed_whose_last_dated_statement_loses_its_date_is_removed(make_site, tmp_path):
    out = tmp_path / "out"
    site = make_site(SEED, config="search: false\n")
    build(site, out)
    assert (out / "locations" / "riyadh" / "feed.xml").is_file()
    path = site / "content" / "d.txt"
    path.write_text(path.read_text().replace("date: 2017-05-02\n", ""))
    build(site, out)
    assert not (out / "locations" / "riyadh" / "feed.xml").exists()
    assert "riyadh/feed.xml" not in " ".join(feed_links(out))


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["w", "word", " ", "  ", "\n", "\t", "é"]), max_size=80),
       st.integers(0, 12))
def test_an_entrys_summary_is_its_first_words_and_a_mark_when_there_are_more(parts, words):
    """The summary splits the text no further than the words it shows; it is the same as
    splitting the whole text."""
    from types import SimpleNamespace

    text = "".join(parts)
    article = SimpleNamespace(summary=None, body_markdown=text)
    every = text.split()
    expected = " ".join(every[:words]) + ("…" if len(every) > words else "")
    assert _summary(article, words) == expected


def test_a_statement_in_several_feeds_has_the_same_entry_in_each(make_site, tmp_path):
    """Entries are drawn once per statement for all its feeds (archive, speaker, place,
    topic): each feed still carries that statement's own entry."""
    out = tmp_path / "out"
    build(make_site(SEED, config="search: false\n"), out)
    archive = feedparser.parse((out / "feed.xml").read_bytes())
    speaker = feedparser.parse((out / "speakers" / "sergey-lavrov" / "feed.xml").read_bytes())
    place = feedparser.parse((out / "locations" / "moscow" / "feed.xml").read_bytes())
    by_id = {e.id: e for e in archive.entries}
    shared = [e for e in speaker.entries if e.id in by_id]
    assert shared and any(e.id in {p.id for p in place.entries} for e in shared)
    for entry in shared:
        assert (entry.title, entry.summary) == (by_id[entry.id].title, by_id[entry.id].summary)
    assert len({e.id for e in archive.entries}) == len(archive.entries) > 1
