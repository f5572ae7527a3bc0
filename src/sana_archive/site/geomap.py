"""Maps of where statements were made, drawn at build time as inline SVG: no tiles, no
script. The land is Natural Earth's 1:110m outline (public domain; ``land.py``, see
LAND-NOTICE.txt), clipped to the region the places need and projected equirectangularly
with the width of a degree of longitude narrowed by the cosine of the middle latitude,
which is accurate enough at the scale of a region. Places are circles sized by their
number of statements (area proportional to count); names and counts are in a list beside
the map, since text inside a scaled SVG would shrink on a phone.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sana_archive.site.land import RINGS

Point = tuple[float, float]  # (longitude, latitude)
WIDTH = 600
HEIGHT = 300
MIN_SPAN_LAT = 12.0
MAX_RADIUS = 14.0
MIN_RADIUS = 3.5


@dataclass(frozen=True, slots=True)
class Marker:
    name: str
    url: str
    count: int
    latitude: float
    longitude: float



@dataclass(frozen=True, slots=True)
class Bounds:
    west: float
    south: float
    east: float
    north: float

    @property
    def scale_x(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    def project(self, point: Point) -> Point:
        lon, lat = point
        x = (lon - self.west) / (self.east - self.west) * WIDTH
        y = (self.north - lat) / (self.north - self.south) * HEIGHT
        return x, y


def bounds_for(points: Sequence[Point], pad: float = 4.0) -> Bounds:
    """The region that shows every point with a margin, widened to the map's 2:1 shape."""
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    south, north = min(lats) - pad, max(lats) + pad
    if north - south < MIN_SPAN_LAT:
        middle = (north + south) / 2
        south, north = middle - MIN_SPAN_LAT / 2, middle + MIN_SPAN_LAT / 2
    west, east = min(lons) - pad, max(lons) + pad
    cos = math.cos(math.radians((south + north) / 2))
    # Grow the narrower side so that (east - west) * cos == 2 * (north - south).
    wanted_lon = 2 * (north - south) / cos
    if east - west < wanted_lon:
        middle = (east + west) / 2
        west, east = middle - wanted_lon / 2, middle + wanted_lon / 2
    else:
        wanted_lat = (east - west) * cos / 2
        middle = (north + south) / 2
        south, north = middle - wanted_lat / 2, middle + wanted_lat / 2
    return Bounds(west, max(south, -89.0), east, min(north, 89.0))


def _clip(ring: Sequence[Point], b: Bounds) -> list[Point]:
    """Sutherland-Hodgman: the part of a ring inside the bounds (edges along the border
    are harmless for a filled outline). One pass per side, written out: a map clips a
    few dozen rings of up to hundreds of points, for every location page."""
    points = _clip_side(list(ring), 0, b.west, True)
    points = _clip_side(points, 0, b.east, False)
    points = _clip_side(points, 1, b.south, True)
    return _clip_side(points, 1, b.north, False)


def _clip_side(points: list[Point], axis: int, limit: float, above: bool) -> list[Point]:
    """The points on the inner side of the line ``point[axis] == limit`` (inner: at or
    above the limit when ``above``), with a point added where an edge crosses it; as
    ``_at_x``/``_at_y`` place it."""
    if not points:
        return points
    out: list[Point] = []
    other = 1 - axis
    previous = points[-1]
    was_in = previous[axis] >= limit if above else previous[axis] <= limit
    for point in points:
        is_in = point[axis] >= limit if above else point[axis] <= limit
        if is_in != was_in:
            t = (limit - previous[axis]) / (point[axis] - previous[axis])
            crossed = previous[other] + t * (point[other] - previous[other])
            out.append((limit, crossed) if axis == 0 else (crossed, limit))
        if is_in:
            out.append(point)
        previous, was_in = point, is_in
    return out


def _at_x(p: Point, q: Point, x: float) -> Point:
    t = (x - p[0]) / (q[0] - p[0])
    return x, p[1] + t * (q[1] - p[1])


def _at_y(p: Point, q: Point, y: float) -> Point:
    t = (y - p[1]) / (q[1] - p[1])
    return p[0] + t * (q[0] - p[0]), y


def _fmt(value: float) -> str:
    """One decimal, without a trailing ".0"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@functools.cache
def _ring_boxes() -> tuple[tuple[float, float, float, float], ...]:
    """Each land ring's (west, east, south, north), found once rather than for every map."""
    return tuple(
        (min(p[0] for p in ring), max(p[0] for p in ring),
         min(p[1] for p in ring), max(p[1] for p in ring))
        for ring in RINGS
    )


def land_path(b: Bounds) -> str:
    """SVG path data of the land within the bounds."""
    parts = []
    west, south, east, north = b.west, b.south, b.east, b.north
    width, height = east - west, north - south
    for ring, (low_x, high_x, low_y, high_y) in zip(RINGS, _ring_boxes(), strict=True):
        if high_x < west or low_x > east or high_y < south or low_y > north:
            continue
        clipped = _clip(ring, b)
        if len(clipped) < 3:
            continue
        # Bounds.project, inline: the same arithmetic, so the same digits.
        parts.append(
            "M"
            + "L".join(
                f"{_fmt((lon - west) / width * WIDTH)} {_fmt((north - lat) / height * HEIGHT)}"
                for lon, lat in clipped
            )
            + "Z"
        )
    return "".join(parts)


def draw_map(markers: Sequence[Marker], focus: str | None = None) -> dict[str, Any] | None:
    """A map of the markers (None when no marker has coordinates); ``focus`` names the
    place a location page is about, drawn in a region around it."""
    if not markers:
        return None
    points = [(m.longitude, m.latitude) for m in markers]
    b = bounds_for(points, pad=8.0 if focus else 4.0)
    peak = max(m.count for m in markers)
    drawn = []
    for m in sorted(markers, key=lambda m: (-m.count, m.name)):  # small circles on top
        x, y = b.project((m.longitude, m.latitude))
        radius = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(m.count / peak)
        drawn.append(
            {
                "name": m.name,
                "url": m.url,
                "count": m.count,
                "cx": _fmt(x),
                "cy": _fmt(y),
                "r": _fmt(radius),
                "focus": m.name == focus,
            }
        )
    return {"width": WIDTH, "height": HEIGHT, "land": land_path(b), "markers": drawn}
