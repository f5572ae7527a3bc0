"""The plan: which pages exist, which template draws each, and what decides its bytes.

``plan_pages`` is a pure generator of PageSpecs. Each carries a ``key``, a cheap digest of
everything its view is made from (article digests, URLs, counts), and a ``view`` made only
on demand. A build that finds a page's key unchanged skips building its view and rendering
it: this is what makes an incremental build cheap, and because keys are computed from the
same inputs as views, an incremental build gives the same bytes as a clean one.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sana_archive.config import SiteConfig
from sana_archive.model import MONTHS, WEEKDAYS
from sana_archive.registry import Registries
from sana_archive.site.cite import citation_view
from sana_archive.site.derived import Derived
from sana_archive.site.geomap import Marker, draw_map
from sana_archive.site.graph import FACETS, Site, Term, has_feed, quote_total
from sana_archive.site.people import speaker_profile, speaker_row
from sana_archive.site.regions import (
    DATES,
    HOME,
    UNDATED,
    Region,
    article_region,
    facet_region,
    term_region,
)
from sana_archive.site.related import meetings
from sana_archive.site.timeline import calendar, timeline
from sana_archive.site.urls import listing_url, term_url
from sana_archive.site.views import ArticleViews, pagination


def digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@dataclass(frozen=True)
class PageSpec:
    """One output file. Pages are drawn by ``template`` (``Renderer.page``); other files
    (feeds, data, redirects) set ``encode`` to turn their view into bytes, and share the
    same keys, staleness checks and writes as pages. The plan knows no renderer: drawing
    is the layer above's business."""

    url: str
    template: str
    key: str
    make_view: Callable[[], dict[str, Any]]
    encode: Callable[[dict[str, Any]], bytes] | None = None
    region: Region = ()
    # Made in the build's own process, never in a forked render worker: making it fills a
    # memo the next build reuses (the data files' rows), which a worker's copy would lose.
    main: bool = False

    @property
    def view(self) -> dict[str, Any]:
        """Made afresh on each use and never kept: holding every rendered page's view
        until the build ends is what made memory grow with the archive."""
        return self.make_view()


def _paged(
    base_url: str,
    positions: Sequence[int],
    views: ArticleViews,
    size: int,
    template: str,
    view: Callable[[], dict[str, Any]],
    key: str,
    region: Region,
    first_key: str | None = None,
) -> Iterator[PageSpec]:
    """Pages of a listing. ``first_key`` is for what only page 1 shows (a term's summary);
    later pages are keyed on ``key`` and their own statements."""
    pages = max(1, math.ceil(len(positions) / size))
    for number in range(1, pages + 1):
        chunk = positions[(number - 1) * size : number * size]

        def make(chunk: Sequence[int] = chunk, number: int = number) -> dict[str, Any]:
            return {
                **view(),
                "items": [views.item(i) for i in chunk],
                "pagination": pagination(base_url, number, pages),
                "total": len(positions),
            }

        own = first_key if number == 1 and first_key is not None else key
        page_key = digest(own, number, pages, len(positions), views.item_keys(chunk))
        yield PageSpec(listing_url(base_url, number), template, page_key, make, region=region)


def wanted(only: Collection[Region] | None, region: Region) -> bool:
    return only is None or region in only


def plan_pages(
    site: Site,
    config: SiteConfig,
    only: Collection[Region] | None = None,
    derived: Derived | None = None,
    registries: Registries | None = None,
) -> Iterator[PageSpec]:
    """The pages of ``site``; with ``only``, just those of the named regions."""
    derived = derived or Derived.of(site)
    views, related = derived.views, derived.related
    size = config.page_size
    if wanted(only, HOME):
        home = _home(site, views, config)
        yield PageSpec("/", "home.html", digest(home), lambda: home, region=HOME)
    if only is None:
        indexes: Iterable[int] = range(len(site.articles))
    else:
        indexes = sorted(
            site.position[r[1]] for r in only if r[0] == "article" and r[1] in site.position
        )
    for index in indexes:
        groups = related.groups(index)
        shown = [(key, views.item_keys(group)) for key, _, group in groups]
        yield PageSpec(
            site.urls[index],
            "article.html",
            digest(views.page_key(index), shown),
            lambda index=index, groups=groups: _article_view(
                site, views, config, index, groups, registries
            ),
            region=article_region(site.articles[index].source_path),
        )
    for spec in FACETS:
        terms = site.facets[spec.key]
        if wanted(only, facet_region(spec.key)):
            index_view = {
                "facet": spec.key,
                "title": spec.plural,
                "singular": spec.singular,
                "terms": [_term_item(t) for t in terms],
                "by_count": [
                    _term_item(t)
                    for t in sorted(terms, key=lambda t: (-len(t.articles), t.slug))[:20]
                ],
                # Speakers: every one, most statements first, with role and country.
                "ranked": [
                    {
                        **_term_item(t),
                        **speaker_row(registries, t.name, [site.articles[i] for i in t.articles]),
                    }
                    for t in sorted(terms, key=lambda t: (-len(t.articles), t.slug))
                ]
                if spec.key == "speakers"
                else [],
                **(_places_map(terms, registries) if spec.key == "locations" else {}),
            }
            yield PageSpec(
                f"/{spec.key}/",
                "facet.html",
                digest(index_view),
                lambda v=index_view: v,
                region=facet_region(spec.key),
            )
        for term in terms:
            region = term_region(spec.key, term.name)
            if not wanted(only, region):
                continue
            members = [views.facts_key(i) for i in term.articles]

            @functools.cache
            def term_view(
                spec_key: str = spec.key,
                term: Term = term,
                singular: str = spec.singular,
                plural: str = spec.plural,
                feed: bool = spec.feed,
            ) -> dict[str, Any]:
                return {
                    "facet": spec_key,
                    "singular": singular,
                    "plural": plural,
                    "title": term.name,
                    "facts": views.term_facts(spec_key, term),
                    "feed": term.url + "feed.xml"
                    if feed and has_feed(site, term.articles)
                    else None,
                    "timeline": timeline([site.articles[i].date for i in term.articles]),
                    "meetings": meetings(site, term) if spec_key == "speakers" else [],
                    "map": _place_map(term, registries) if spec_key == "locations" else None,
                    "quotes": _quotes_link(site, term) if spec_key == "speakers" else None,
                    "profile": speaker_profile(
                        registries, term.name, [site.articles[i] for i in term.articles]
                    )
                    if spec_key == "speakers"
                    else None,
                }

            yield from _paged(
                term_url(spec.key, term.slug),
                term.articles,
                views,
                size,
                "term.html",
                term_view,
                digest(spec.key, term.name, term.slug),
                region,
                digest(spec.key, term.name, term.slug, members),
            )
    yield from _date_pages(site, views, size, only)


def _quotes_link(site: Site, term: Term) -> dict[str, Any] | None:
    """The speaker's quotations page (see quotations.py), when the text quotes them."""
    count = sum(
        1 for i in term.articles for q in site.articles[i].quotes if q.speaker == term.name
    )
    return {"url": term.url + "quotes/", "count": count} if count else None


def _marker(term: Term, registries: Registries | None) -> Marker | None:
    place = registries.location(term.name) if registries else None
    if place is None or place.latitude is None or place.longitude is None:
        return None
    return Marker(term.name, term.url, len(term.articles), place.latitude, place.longitude)


def _places_map(terms: Sequence[Term], registries: Registries | None) -> dict[str, Any]:
    """The Locations index map: every place with coordinates, sized by its statements."""
    markers = [m for t in terms if (m := _marker(t, registries)) is not None]
    return {
        "map": draw_map(markers),
        "unmapped": [_term_item(t) for t in terms if _marker(t, registries) is None],
    }


def _place_map(term: Term, registries: Registries | None) -> dict[str, Any] | None:
    """A location page's map: the place in its region. It draws this place only, so the
    page depends on nothing but its own statements and the registry."""
    marker = _marker(term, registries)
    return draw_map([marker], focus=term.name) if marker else None


def _geo(registries: Registries | None, name: str | None) -> dict[str, float] | None:
    place = registries.location(name) if registries and name else None
    if place is None or place.latitude is None or place.longitude is None:
        return None
    return {"latitude": place.latitude, "longitude": place.longitude}


def _article_view(
    site: Site,
    views: ArticleViews,
    config: SiteConfig,
    index: int,
    groups: list[tuple[str, str, list[int]]],
    registries: Registries | None = None,
) -> dict[str, Any]:
    """The statement page: its own view, how to cite it, and related statements."""
    article = site.articles[index]
    return {
        **views.page(index),
        **citation_view(
            article,
            site.urls[index],
            config,
            views.item(index)["excerpt"],
            _geo(registries, article.location),
        ),
        "related": [
            {"key": key, "label": label, "items": [views.item(i) for i in positions]}
            for key, label, positions in groups
        ],
    }


def _term_item(term: Term) -> dict[str, Any]:
    return {"name": term.name, "url": term.url, "count": len(term.articles)}


def _home(site: Site, views: ArticleViews, config: SiteConfig) -> dict[str, Any]:
    dated = len(site.articles) - len(site.dates.undated)
    first = next((a.date for a in reversed(site.articles) if a.date), None)
    last = next((a.date for a in site.articles if a.date), None)
    return {
        "title": config.title,
        "feed": "/feed.xml" if has_feed(site, range(len(site.articles))) else None,
        "latest": [views.item(i) for i in range(min(config.home_size, dated))],
        "undated": [views.item(i) for i in site.dates.undated[: config.home_size]],
        "undated_total": len(site.dates.undated),
        "counts": {
            "articles": len(site.articles),
            "quotes": quote_total(site),
            **{spec.key: len(site.facets[spec.key]) for spec in FACETS},
        },
        "span": [first.isoformat(), last.isoformat()] if first and last else None,
        "facets": [
            {
                "key": s.key,
                "title": s.plural,
                "count": len(site.facets[s.key]),
                "top": [
                    _term_item(t)
                    for t in sorted(site.facets[s.key], key=lambda t: (-len(t.articles), t.slug))[
                        :8
                    ]
                ],
            }
            for s in FACETS
        ],
        "years": [
            {
                "year": y,
                "url": f"/dates/{y}/",
                "count": sum(len(ix) for m in months.values() for ix in m.values()),
            }
            for y, months in site.dates.years.items()
        ],
    }


def _fixed(view: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    return lambda: view


def _date_pages(
    site: Site, views: ArticleViews, size: int, only: Collection[Region] | None
) -> Iterator[PageSpec]:
    years = site.dates.years
    if wanted(only, DATES):
        year_items = [
            {
                "label": str(year),
                "url": f"/dates/{year}/",
                "count": sum(len(ix) for m in months.values() for ix in m.values()),
            }
            for year, months in years.items()
        ]
        top = {
            "title": "Dates",
            "children": year_items,
            "crumbs": [],
            "undated": {"url": "/dates/undated/", "count": len(site.dates.undated)},
            "calendar": calendar(years),
        }
        yield PageSpec("/dates/", "dates.html", digest(top), _fixed(top), region=DATES)
    crumbs = [{"label": "Dates", "url": "/dates/"}]
    for year, months in years.items():
        if wanted(only, ("year", year)):
            year_positions = [i for m in months.values() for ix in m.values() for i in ix]
            month_items = [
                {
                    "label": MONTHS[m - 1],
                    "url": f"/dates/{year}/{m:02d}/",
                    "count": sum(len(ix) for ix in days.values()),
                }
                for m, days in months.items()
                if m  # 0: derived ranges within the year, listed on the year page itself
            ]
            year_view = {
                "title": str(year),
                "children": month_items,
                "crumbs": crumbs,
                "level": "year",
                "calendar": calendar({year: months}),
            }
            yield from _paged(
                f"/dates/{year}/",
                year_positions,
                views,
                size,
                "date.html",
                _fixed(year_view),
                digest(year_view),
                ("year", year),
            )
        for month, days in months.items():
            if not month:
                continue
            base = f"/dates/{year}/{month:02d}/"
            month_crumbs = [*crumbs, {"label": str(year), "url": f"/dates/{year}/"}]
            if wanted(only, ("month", year, month)):
                month_positions = [i for ix in days.values() for i in ix]
                day_items = [
                    {
                        "label": f"{d} {MONTHS[month - 1]}",
                        "url": f"{base}{d:02d}/",
                        "count": len(ix),
                    }
                    for d, ix in days.items()
                    if d  # 0: derived ranges within the month, on the month page itself
                ]
                month_view = {
                    "title": f"{MONTHS[month - 1]} {year}",
                    "children": day_items,
                    "crumbs": month_crumbs,
                    "level": "month",
                }
                yield from _paged(
                    base,
                    month_positions,
                    views,
                    size,
                    "date.html",
                    _fixed(month_view),
                    digest(month_view),
                    ("month", year, month),
                )
            for day, positions in days.items():
                if not day or not wanted(only, ("day", year, month, day)):
                    continue
                weekday = WEEKDAYS[dt.date(year, month, day).weekday()]
                day_view = {
                    "title": f"{weekday} {day} {MONTHS[month - 1]} {year}",
                    "children": [],
                    "level": "day",
                    "crumbs": [*month_crumbs, {"label": MONTHS[month - 1], "url": base}],
                }
                yield from _paged(
                    f"{base}{day:02d}/",
                    positions,
                    views,
                    size,
                    "date.html",
                    _fixed(day_view),
                    digest(day_view),
                    ("day", year, month, day),
                )
    if wanted(only, UNDATED):
        undated_view = {
            "title": "Undated statements",
            "children": [],
            "level": "undated",
            "crumbs": [{"label": "Dates", "url": "/dates/"}],
        }
        yield from _paged(
            "/dates/undated/",
            site.dates.undated,
            views,
            size,
            "date.html",
            _fixed(undated_view),
            digest(undated_view),
            UNDATED,
        )
