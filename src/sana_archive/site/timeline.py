"""A term's statements over time, as bar geometry for an inline SVG drawn at build time.

Per year, or per month when the dated statements span two years or less; empty periods
are kept as zero-height bars so the axis is honest. Undated statements are counted
apart, never placed on the axis.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sana_archive.model import MONTHS

WIDTH = 600
HEIGHT = 170
PLOT_TOP = 20
PLOT_BOTTOM = 135
PLOT_LEFT = 10
MAX_LABELS = 12


def _periods(first: dt.date, last: dt.date, monthly: bool) -> list[tuple[int, int]]:
    if not monthly:
        return [(y, 0) for y in range(first.year, last.year + 1)]
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def timeline(dates: Sequence[dt.date | None]) -> dict[str, Any]:
    """Bars (label, count, geometry) per period, plus the undated count."""
    known = [d for d in dates if d is not None]
    undated = len(dates) - len(known)
    if not known:
        return {"bins": [], "unit": None, "undated": undated, "total": 0}
    first, last = min(known), max(known)
    monthly = (last.year * 12 + last.month) - (first.year * 12 + first.month) < 24
    counts = Counter((d.year, d.month if monthly else 0) for d in known)
    periods = _periods(first, last, monthly)
    peak = max(counts.values())
    step = (WIDTH - 2 * PLOT_LEFT) / len(periods)
    label_every = max(1, -(-len(periods) // MAX_LABELS))
    bins = []
    for number, (year, month) in enumerate(periods):
        count = counts.get((year, month), 0)
        height = (PLOT_BOTTOM - PLOT_TOP) * count / peak
        x = PLOT_LEFT + number * step
        label = f"{MONTHS[month - 1][:3]} {year}" if monthly else str(year)
        bins.append(
            {
                "key": f"{year}-{month:02d}" if monthly else str(year),
                "label": label,
                "count": count,
                "x": _fmt(x + step * 0.1),
                "width": _fmt(step * 0.8),
                "y": _fmt(PLOT_BOTTOM - height),
                "height": _fmt(height),
                "cx": _fmt(x + step / 2),
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
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": PLOT_BOTTOM,
        "label_y": PLOT_BOTTOM + 18,
        "first": bins[0]["label"],
        "last": bins[-1]["label"],
    }
