"""Atom feeds: the whole archive, and each speaker, location and topic.

Atom requires an ``updated`` instant on every entry. A statement's only honest instant is
the date its text states, so a feed lists **dated statements only** (newest 50, by that
date, at 00:00 UTC) and says in its subtitle how many undated ones it leaves out; an
undated statement is never given a date, and the build time is never used. A feed's own
``updated`` is its newest entry's; a listing with no dated statement has no feed at all
(it is neither written nor linked), since any ``updated`` it carried would be invented.
Entry ids are the permalinks, which do not change between builds.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any

from sana_archive.config import SiteConfig
from sana_archive.model import Article
from sana_archive.outputs.xmltext import escape, quoteattr
from sana_archive.site.graph import FACETS, Site, has_feed
from sana_archive.site.pages import PageSpec, digest, wanted
from sana_archive.site.regions import FEED, Region, feed_region

FEED_SIZE = 50
SITE_FEED = "/feed.xml"


def feed_url(page_url: str) -> str:
    """The feed beside a listing page: ``/speakers/x/`` -> ``/speakers/x/feed.xml``."""
    return page_url + "feed.xml"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def feed_subtitle(dated: int, shown: int, undated: int) -> str:
    """What the feed holds, in numbers that match its entries."""
    if dated == 1:
        subtitle = "The one dated statement"
    elif shown == dated:
        subtitle = f"All {dated} dated statements"
    else:
        subtitle = f"The newest {shown} of {dated} dated statements"
    subtitle += (
        ", by the date its text states."
        if dated == 1
        else ", newest first, by the date their text states."
    )
    if undated:
        verb = "is" if undated == 1 else "are"
        subtitle += (
            f" {_plural(undated, 'undated statement', 'undated statements')} "
            f"cannot be placed in time and {verb} listed on the site only."
        )
    return subtitle


def _instant(iso_date: str) -> str:
    return f"{iso_date}T00:00:00Z"


def _summary(article: Article, words: int = 60) -> str:
    # Split no further than the words shown: a part past them means there were more.
    parts = (article.summary or article.body_markdown).split(None, words)
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def feed_day(article: Article) -> dt.date | None:
    """The day a feed entry carries: the stated date, or a derived one when the evidence
    leaves a single day (the entry then says so); a derived range is left out."""
    if article.date is not None:
        return article.date
    return article.dating.day if article.dating is not None else None


def _entry(site: Site, config: SiteConfig, index: int) -> str:
    article = site.articles[index]
    day = feed_day(article)
    assert day is not None  # only dated statements reach a feed
    permalink = config.absolute(site.urls[index])
    when = _instant(day.isoformat())
    who = ", ".join(f"{p.name} ({p.role})" if p.role else p.name for p in article.speakers)
    derived = (
        f"[Date derived, not stated: {article.dating.evidence}]"
        if article.date is None and article.dating is not None
        else ""
    )
    summary = " · ".join(
        part
        for part in (
            derived, who, article.location or "", article.source or "", _summary(article)
        )
        if part
    )
    lines = [
        "<entry>",
        f"<id>{escape(permalink)}</id>",
        f"<title>{escape(article.title)}</title>",
        f'<link rel="alternate" type="text/html" href={quoteattr(permalink)}/>',
        f"<published>{when}</published>",
        f"<updated>{when}</updated>",
    ]
    author = article.byline or article.source
    if author:
        lines.append(f"<author><name>{escape(author)}</name></author>")
    for name in dict.fromkeys(
        [
            *(p.name for p in article.speakers),
            *([article.location] if article.location else []),
            *article.topics,
        ]
    ):
        lines.append(f"<category term={quoteattr(name)}/>")
    lines.append(f'<summary type="text">{escape(summary)}</summary>')
    lines.append("</entry>")
    return "\n".join(lines)


def atom_feed(
    site: Site,
    config: SiteConfig,
    page_url: str,
    title: str,
    positions: Sequence[int],
    entry: Callable[[int], str] | None = None,
) -> bytes:
    """The feed for the listing at ``page_url`` whose statements are ``positions``;
    ``entry`` draws statement ``i``'s entry (the feeds of one plan share one, which
    remembers the entries a statement's several feeds repeat)."""
    dated = [i for i in positions if feed_day(site.articles[i]) is not None]
    entries = dated[:FEED_SIZE]
    newest = max(feed_day(site.articles[i]) for i in entries)  # type: ignore[type-var]
    subtitle = feed_subtitle(len(dated), len(entries), len(positions) - len(dated))
    if any(site.articles[i].date is None for i in entries):
        subtitle += " Dates derived from evidence, not stated, are marked in their entries."
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"<id>{escape(config.absolute(page_url))}</id>",
        f"<title>{escape(title)}</title>",
        f"<subtitle>{escape(subtitle)}</subtitle>",
        f'<link rel="self" type="application/atom+xml" '
        f"href={quoteattr(config.absolute(feed_url(page_url)))}/>",
        f'<link rel="alternate" type="text/html" href={quoteattr(config.absolute(page_url))}/>',
        f"<updated>{_instant(newest.isoformat())}</updated>",
        f"<author><name>{escape(config.title)}</name></author>",
        "<generator>sana-archive</generator>",
    ]
    draw = entry or functools.partial(_entry, site, config)
    body = [draw(i) for i in entries]
    return ("\n".join([*head, *body, "</feed>"]) + "\n").encode("utf-8")


def _feed_key(site: Site, page_url: str, title: str, positions: Sequence[int]) -> str:
    dated = [i for i in positions if feed_day(site.articles[i]) is not None]
    return digest(
        "atom",
        page_url,
        title,
        len(positions),
        len(dated),
        [(site.articles[i].content_key, site.urls[i]) for i in dated[:FEED_SIZE]],
    )


def _spec(
    site: Site,
    config: SiteConfig,
    page_url: str,
    title: str,
    positions: Sequence[int],
    region: Region,
    entry: Callable[[int], str],
) -> PageSpec:
    def make() -> dict[str, Any]:
        return {"bytes": atom_feed(site, config, page_url, title, positions, entry)}

    return PageSpec(
        feed_url(page_url),
        "feed.xml",
        _feed_key(site, page_url, title, positions),
        make,
        encode=lambda view: view["bytes"],
        region=region,
    )


def plan_feeds(
    site: Site, config: SiteConfig, only: Collection[Region] | None = None
) -> Iterator[PageSpec]:
    """One feed for the archive and one per term of every facet that offers feeds, each
    only when it has a dated statement to list.

    A statement is in the archive's feed and in those of its speakers, place and topics:
    its entry is drawn once for all of them while it is among the last few thousand drawn
    (bounded, so a large archive's entries are not all held until the build ends)."""
    entry = functools.lru_cache(maxsize=4096)(functools.partial(_entry, site, config))
    if wanted(only, FEED) and has_feed(site, range(len(site.articles))):
        yield _spec(site, config, "/", config.title, range(len(site.articles)), FEED, entry)
    for facet in FACETS:
        if not facet.feed:
            continue
        for term in site.facets[facet.key]:
            region = feed_region(facet.key, term.name)
            if wanted(only, region) and has_feed(site, term.articles):
                title = f"{term.name} · {facet.singular} · {config.title}"
                yield _spec(site, config, term.url, title, term.articles, region, entry)
