"""Which regions of the plan an edit can touch: the one place that decides what is redrawn.

Every planned output belongs to one region: the home page, one statement's page, one
term's paginated listing, one day's listing, one feed, the data downloads... A region is
planned as a whole. ``touched_regions`` compares the site of the last build with the next
one and names every region whose pages could come out different; an incremental build
(``serve`` with the plan it keeps, the CLI with the plan its cache keeps) plans only those
and keeps the rest of the last plan, so an edit costs what it touches, not what the
archive holds.

What makes the answer complete: a page's key is made only of the views of the statements it
shows (``ArticleViews.digest``: content, URL and the URLs of every term it links to), of
their order and count, and of term and date summaries of the same statements. So a page can
change only if it shows a changed statement, or a list it shows grew, shrank or shifted; the
rules below name those pages for every changed statement, in the old site and in the new:

* its own page, and the pages of its older and newer neighbours in date order;
* the pages whose related statements are picked from a window of a list it is in;
* every listing, feed and date page of a term or day it belongs to;
* the pages that summarise the whole archive (home, facet indexes, dates, global feed, data).

A statement counts as changed when its content or URL changed, or when the slug of a term it
links to moved. A test plans random edit sequences both ways and compares every key.
"""

from __future__ import annotations

from bisect import bisect_left

from sana_archive.site.derived import Derived
from sana_archive.site.graph import FACETS, Site, date_buckets
from sana_archive.site.regions import (
    DATES,
    DOWNLOADS,
    FEED,
    HOME,
    UNDATED,
    Region,
    alias_region,
    article_region,
    facet_region,
    feed_region,
    term_region,
)
from sana_archive.site.related import WINDOW


def _identity(site: Site, index: int) -> tuple[str, str]:
    article = site.articles[index]
    return (article.content_key, site.urls[index])


def changed_statements(old: Site, new: Site) -> set[str]:
    """Source paths of statements added, removed or redrawn between two sites."""
    if new.urls is old.urls and new.terms is old.terms:  # updated in place: same indexes
        return {
            a.source_path
            for a, b in zip(new.articles, old.articles, strict=True)
            if a is not b and a.content_key != b.content_key
        }
    changed = set(old.position.keys() ^ new.position.keys())
    for rel, index in new.position.items():
        before = old.position.get(rel)
        if before is not None and _identity(old, before) != _identity(new, index):
            changed.add(rel)
    for key, term in new.terms.items():
        was = old.terms.get(key)
        if was is not None and (was.slug != term.slug or was.name != term.name):
            changed.update(new.articles[i].source_path for i in term.articles)
            changed.update(old.articles[i].source_path for i in was.articles)
    return changed


def _regions_of(derived: Derived, index: int) -> set[Region]:
    site = derived.site
    article = site.articles[index]
    found: set[Region] = {article_region(article.source_path)}
    found.update(alias_region(alias) for alias in article.aliases)
    for neighbour in derived.views.neighbours(index):
        if neighbour is not None:
            found.add(article_region(site.articles[neighbour].source_path))
    for members in derived.related.lists(index):
        rank = bisect_left(members, index)
        for other in members[max(0, rank - WINDOW) : rank + WINDOW + 1]:
            found.add(article_region(site.articles[other].source_path))
    for spec in FACETS:
        for value in spec.values(article):
            # A spelling folded into another term (topics differing by case) is its term.
            term = site.terms.get((spec.key, value))
            name = term.name if term is not None else value
            found.add(term_region(spec.key, name))
            if spec.feed:
                found.add(feed_region(spec.key, name))
    buckets = date_buckets(article)
    if not buckets:
        found.add(UNDATED)
    for year, month, day in buckets:
        found.add(("year", year))
        if month:
            found.add(("month", year, month))
        if day:
            found.add(("day", year, month, day))
    return found


def touched_regions(old: Derived, new: Derived) -> set[Region]:
    """Every region whose pages may differ between the build of ``old`` and of ``new``."""
    changed = changed_statements(old.site, new.site)
    if not changed:
        return set()
    touched: set[Region] = {HOME, DATES, FEED, DOWNLOADS, *(facet_region(s.key) for s in FACETS)}
    for derived in (old, new):
        for rel in changed:
            index = derived.site.position.get(rel)
            if index is not None:
                touched |= _regions_of(derived, index)
    return touched
