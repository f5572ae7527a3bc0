"""A term's statements over time, and the archive's per month, as data for charts drawn in
HTML at build time.

The charts are HTML, not a scaled SVG: a picture shrunk to fit a phone shrinks its text
with it (11 px labels came out at about 6 px at 375 px), while HTML text keeps its size at
every width and the layout, not a scale factor, adapts (columns on a wide screen, rows on
a narrow one). Every bar carries its value as text.

Per year, or per month when the dated statements span two years or less; empty periods
are kept as zero-length bars so the axis is honest. Past a century (a year-1 or year-9999
typo would otherwise draw thousands of empty bars, megabytes per page) only the years
that have statements are drawn. Undated statements are counted apart, never placed on
the axis.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from sana_archive.model import MONTHS

MAX_LABELS = 12
# Years on one axis with every empty year drawn; a wider span draws only its busy years.
MAX_YEARS = 100


def _periods(
    first: dt.date, last: dt.date, monthly: bool, years: Counter[tuple[int, int]]
) -> list[tuple[int, int]]:
    if not monthly:
        if last.year - first.year >= MAX_YEARS:
            return sorted(years)
        return [(y, 0) for y in range(first.year, last.year + 1)]
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def share(count: int, peak: int) -> str:
    """A bar's length as a fraction of the longest."""
    return f"{count / peak:.3f}".rstrip("0").rstrip(".") if peak else "0"


def percent(count: int, peak: int, scale: float = 100) -> str:
    """A bar's length as a CSS percentage, ``scale`` for the longest (no calc() in the
    stylesheet: plain lengths keep it valid for every checker)."""
    return f"{scale * count / peak:.1f}".rstrip("0").rstrip(".") + "%" if peak else "0%"


# A column's bar may fill this much of its track; the rest is room for its value above it.
COLUMN_FILL = 82


SHADES = 5


def shade(count: int, peak: int) -> int:
    """A cell's shade, 0 (none) to SHADES (the busiest month)."""
    return 0 if not count or not peak else math.ceil(SHADES * count / peak)


def timeline(dates: Sequence[dt.date | None]) -> dict[str, Any]:
    """Bars (label, count, length) per period, plus the undated count."""
    known = [d for d in dates if d is not None]
    undated = len(dates) - len(known)
    if not known:
        return {"bins": [], "unit": None, "undated": undated, "total": 0}
    first, last = min(known), max(known)
    monthly = (last.year * 12 + last.month) - (first.year * 12 + first.month) < 24
    counts = Counter((d.year, d.month if monthly else 0) for d in known)
    periods = _periods(first, last, monthly, counts)
    peak = max(counts.values())
    label_every = max(1, -(-len(periods) // MAX_LABELS))
    bins = []
    for number, (year, month) in enumerate(periods):
        count = counts.get((year, month), 0)
        bins.append(
            {
                "key": f"{year}-{month:02d}" if monthly else str(year),
                "label": f"{MONTHS[month - 1][:3]} {year}" if monthly else str(year),
                "count": count,
                "share": share(count, peak),
                "percent": percent(count, peak),
                "height": percent(count, peak, COLUMN_FILL),
                # On a wide screen only every n-th period is labelled under its column;
                # on a narrow one each is a row with its own label.
                "show_label": number % label_every == 0,
                "url": f"/dates/{year}/{month:02d}/" if monthly else f"/dates/{year}/",
            }
        )
    return {
        "bins": bins,
        "unit": "month" if monthly else "year",
        "undated": undated,
        "total": len(known),
        "peak": peak,
        "first": bins[0]["label"],
        "last": bins[-1]["label"],
    }


def calendar(years: Mapping[int, Mapping[int, Mapping[int, Sequence[int]]]]) -> dict[str, Any]:
    """Year x month counts for the Dates index and a year page: one row per year (newest
    first, empty years between kept within a century), twelve cells each, shaded by count."""
    counts = {
        (year, month): sum(len(ix) for ix in days.values())
        for year, months in years.items()
        for month, days in months.items()
    }
    if not counts:
        return {"rows": [], "peak": 0, "months": []}
    peak = max(counts.values())
    newest, oldest = max(years), min(years)
    rows = []
    # Past a century only the years with statements get a row (see MAX_YEARS).
    span = range(newest, oldest - 1, -1) if newest - oldest < MAX_YEARS else sorted(years)[::-1]
    for year in span:
        cells = []
        for month in range(1, 13):
            count = counts.get((year, month), 0)
            cells.append(
                {
                    "month": MONTHS[month - 1],
                    "count": count,
                    "share": share(count, peak),
                    "shade": shade(count, peak),
                    "url": f"/dates/{year}/{month:02d}/" if count else None,
                }
            )
        total = sum(c["count"] for c in cells)
        rows.append(
            {
                "year": year,
                "url": f"/dates/{year}/" if total else None,
                "total": total,
                "cells": cells,
            }
        )
    return {
        "rows": rows,
        "peak": peak,
        "months": [{"name": m, "short": m[:3]} for m in MONTHS],
    }
