"""The plan: which pages exist, which template draws each, and the plain data it gets.

``plan_pages`` is a pure generator of PageSpecs; it holds no rendered HTML, so memory
stays flat however large the archive. Views are plain dicts and lists (no domain
objects), so templates cannot reach into the model and a view can be hashed to decide
whether a page needs rendering again.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sana_archive.config import SiteConfig
from sana_archive.model import MONTHS, WEEKDAYS
from sana_archive.site.graph import FACETS, Site, Term
from sana_archive.site.urls import listing_url, term_url
from sana_archive.site.views import ArticleViews, pagination


@dataclass(frozen=True, slots=True)
class PageSpec:
    url: str
    template: str
    view: dict[str, Any]


def _paged(
    base_url: str,
    positions: Sequence[int],
    views: ArticleViews,
    size: int,
    template: str,
    view: dict[str, Any],
) -> Iterator[PageSpec]:
    pages = max(1, math.ceil(len(positions) / size))
    for number in range(1, pages + 1):
        chunk = positions[(number - 1) * size : number * size]
        yield PageSpec(
            listing_url(base_url, number),
            template,
            {
                **view,
                "items": [views.item(i) for i in chunk],
                "pagination": pagination(base_url, number, pages),
                "total": len(positions),
            },
        )


def plan_pages(site: Site, config: SiteConfig) -> Iterator[PageSpec]:
    views = ArticleViews(site)
    size = config.page_size
    yield PageSpec("/", "home.html", _home(site, views, config))
    for index in range(len(site.articles)):
        yield PageSpec(site.urls[index], "article.html", views.page(index))
    for spec in FACETS:
        terms = site.facets[spec.key]
        yield PageSpec(
            f"/{spec.key}/",
            "facet.html",
            {
                "facet": spec.key,
                "title": spec.plural,
                "singular": spec.singular,
                "terms": [_term_item(t) for t in terms],
                "by_count": [
                    _term_item(t)
                    for t in sorted(terms, key=lambda t: (-len(t.articles), t.slug))[:20]
                ],
            },
        )
        for term in terms:
            yield from _paged(
                term_url(spec.key, term.slug),
                term.articles,
                views,
                size,
                "term.html",
                {
                    "facet": spec.key,
                    "singular": spec.singular,
                    "plural": spec.plural,
                    "title": term.name,
                    "facts": views.term_facts(spec.key, term),
                },
            )
    yield from _date_pages(site, views, size)


def _term_item(term: Term) -> dict[str, Any]:
    return {"name": term.name, "url": term.url, "count": len(term.articles)}


def _home(site: Site, views: ArticleViews, config: SiteConfig) -> dict[str, Any]:
    dated = len(site.articles) - len(site.dates.undated)
    first = next((a.date for a in reversed(site.articles) if a.date), None)
    last = next((a.date for a in site.articles if a.date), None)
    return {
        "title": config.title,
        "latest": [views.item(i) for i in range(min(config.home_size, dated))],
        "undated": [views.item(i) for i in site.dates.undated[: config.home_size]],
        "undated_total": len(site.dates.undated),
        "counts": {
            "articles": len(site.articles),
            "quotes": sum(len(a.quotes) for a in site.articles),
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


def _date_pages(site: Site, views: ArticleViews, size: int) -> Iterator[PageSpec]:
    years = site.dates.years
    year_items = []
    for year, months in years.items():
        year_items.append(
            {
                "label": str(year),
                "url": f"/dates/{year}/",
                "count": sum(len(ix) for m in months.values() for ix in m.values()),
            }
        )
    yield PageSpec(
        "/dates/",
        "dates.html",
        {
            "title": "Dates",
            "children": year_items,
            "crumbs": [],
            "undated": {"url": "/dates/undated/", "count": len(site.dates.undated)},
        },
    )
    for year, months in years.items():
        year_positions = [i for m in months.values() for ix in m.values() for i in ix]
        month_items = [
            {
                "label": MONTHS[m - 1],
                "url": f"/dates/{year}/{m:02d}/",
                "count": sum(len(ix) for ix in days.values()),
            }
            for m, days in months.items()
        ]
        crumbs = [{"label": "Dates", "url": "/dates/"}]
        yield from _paged(
            f"/dates/{year}/",
            year_positions,
            views,
            size,
            "date.html",
            {
                "title": str(year),
                "children": month_items,
                "crumbs": crumbs,
                "level": "year",
            },
        )
        for month, days in months.items():
            month_positions = [i for ix in days.values() for i in ix]
            base = f"/dates/{year}/{month:02d}/"
            day_items = [
                {"label": f"{d} {MONTHS[month - 1]}", "url": f"{base}{d:02d}/", "count": len(ix)}
                for d, ix in days.items()
            ]
            month_crumbs = [*crumbs, {"label": str(year), "url": f"/dates/{year}/"}]
            yield from _paged(
                base,
                month_positions,
                views,
                size,
                "date.html",
                {
                    "title": f"{MONTHS[month - 1]} {year}",
                    "children": day_items,
                    "crumbs": month_crumbs,
                    "level": "month",
                },
            )
            for day, positions in days.items():
                weekday = WEEKDAYS[dt.date(year, month, day).weekday()]
                label = f"{weekday} {day} {MONTHS[month - 1]} {year}"
                yield from _paged(
                    f"{base}{day:02d}/",
                    positions,
                    views,
                    size,
                    "date.html",
                    {
                        "title": label,
                        "children": [],
                        "level": "day",
                        "crumbs": [*month_crumbs, {"label": MONTHS[month - 1], "url": base}],
                    },
                )
    yield from _paged(
        "/dates/undated/",
        site.dates.undated,
        views,
        size,
        "date.html",
        {
            "title": "Undated statements",
            "children": [],
            "level": "undated",
            "crumbs": [{"label": "Dates", "url": "/dates/"}],
        },
    )
