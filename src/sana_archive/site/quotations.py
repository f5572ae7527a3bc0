"""Quotations as first-class pages: an index of who is quoted, and one page per speaker
listing every direct quotation the text attributes to them, newest first.

Each quotation links to the paragraph it stands in on the statement page (the ``quote-N``
ids that ``views.anchor_quotes`` gives), and carries its citation as text, so a reader can
copy it whole (a button does it in one click where scripts run).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Collection, Iterator, Sequence
from typing import Any

from sana_archive.config import SiteConfig
from sana_archive.site.cite import chicago
from sana_archive.site.graph import Site, Term, quote_total
from sana_archive.site.pages import PageSpec, digest, wanted
from sana_archive.site.regions import HOME, Region, term_region
from sana_archive.site.urls import listing_url
from sana_archive.site.views import ArticleViews, anchor_quotes, pagination

QUOTES_PAGE = 100
INDEX_URL = "/quotes/"

_PARAGRAPH = re.compile(r'<p id="(quote-\d+)" class="quote-paragraph">(.*?)</p>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    return " ".join(text.split())


def quote_anchors(body_html: str, quotes: Sequence[str]) -> list[str | None]:
    """For each quotation, the id of the first quoting paragraph that contains it."""
    paragraphs = [
        (ident, _plain(html.unescape(_TAG.sub(" ", inner))))
        for ident, inner in _PARAGRAPH.findall(anchor_quotes(body_html, len(quotes)))
    ]
    found: list[str | None] = []
    for text in quotes:
        probe = _plain(text)[:60]
        found.append(next((i for i, p in paragraphs if probe and probe in p), None))
    return found


def quotes_url(term: Term) -> str:
    return f"{term.url}quotes/"


def _quoted_by(site: Site, term: Term) -> list[tuple[int, int]]:
    """(statement position, quotation index) of every quotation by the term's speaker."""
    return [
        (i, n)
        for i in term.articles
        for n, speaker in enumerate(site.articles[i].quote_speakers)
        if speaker == term.name
    ]


def quote_count(site: Site, term: Term) -> int:
    # ``tuple.count`` in C: every speaker's count is taken over every statement they are
    # a speaker of, for the quotations index that any edit redraws.
    articles, name = site.articles, term.name
    return sum([articles[i].quote_speakers.count(name) for i in term.articles])


def _quote_items(
    site: Site,
    views: ArticleViews,
    config: SiteConfig,
    term: Term,
    chunk: Sequence[tuple[int, int]],
) -> list[dict[str, Any]]:
    items = []
    anchors: dict[int, list[str | None]] = {}
    for index, number in chunk:
        article = site.articles[index]
        if index not in anchors:
            anchors[index] = quote_anchors(article.body_html, [q.text for q in article.quotes])
        anchor = anchors[index][number]
        url = site.urls[index] + (f"#{anchor}" if anchor else "")
        quote = article.quotes[number]
        role = next((p.role for p in article.speakers if p.name == term.name and p.role), None)
        who = f"{term.name}, {role}" if role else term.name
        reference = chicago(article, config.absolute(url), config.title)
        items.append(
            {
                "text": quote.text,
                "url": url,
                "statement": views.item(index),
                "citation": f"“{quote.text}” {who}. Quoted in: {reference}",
            }
        )
    return items


def plan_quotations(
    site: Site,
    config: SiteConfig,
    views: ArticleViews,
    only: Collection[Region] | None = None,
) -> Iterator[PageSpec]:
    """The quotations index (with the home page's region: any edit may change its counts)
    and each quoted speaker's pages (with the speaker's region)."""
    speakers = site.facets.get("speakers", ())
    if wanted(only, HOME):
        counted = [(t, quote_count(site, t)) for t in speakers]
        index_view = {
            "title": "Quotations",
            "speakers": [
                {"name": t.name, "url": quotes_url(t), "count": n}
                for t, n in sorted(counted, key=lambda tn: (-tn[1], tn[0].slug))
                if n
            ],
            "total": quote_total(site),
        }
        yield PageSpec(
            INDEX_URL, "quotes-index.html", digest(index_view), lambda: index_view, region=HOME
        )
    for term in speakers:
        region = term_region("speakers", term.name)
        if not wanted(only, region):
            continue
        quoted = _quoted_by(site, term)
        if not quoted:
            continue
        base = quotes_url(term)
        pages = max(1, math.ceil(len(quoted) / QUOTES_PAGE))
        members = [views.digest(i) for i in term.articles]
        for number in range(1, pages + 1):
            chunk = quoted[(number - 1) * QUOTES_PAGE : number * QUOTES_PAGE]

            def make(
                term: Term = term,
                chunk: Sequence[tuple[int, int]] = chunk,
                number: int = number,
                pages: int = pages,
                base: str = base,
                total: int = len(quoted),
            ) -> dict[str, Any]:
                return {
                    "title": f"Quotations of {term.name}",
                    "speaker": {"name": term.name, "url": term.url},
                    "quotes": _quote_items(site, views, config, term, chunk),
                    "pagination": pagination(base, number, pages),
                    "total": total,
                    "first": (number - 1) * QUOTES_PAGE + 1,
                }

            key = digest("quotes", term.name, term.slug, number, pages, members)
            yield PageSpec(listing_url(base, number), "quotes.html", key, make, region=region)
