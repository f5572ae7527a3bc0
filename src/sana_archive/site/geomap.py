"""Maps of where statements were made, drawn at build time as inline SVG: no tiles, no
script. The land is Natural Earth's 1:110m outline (public domain; ``land.py``, see
LAND-NOTICE.txt), clipped to the region the places need and projected equirectangularly
with the width of a degree of longitude narrowed by the cosine of the middle latitude,
which is accurate enough at the scale of a region. Places are circles sized by their
number of statements (area proportional to count); names and counts are in a list beside
the map, since text inside a scaled SVG would shrink on a phone.
"""

from __future__ import annotations

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
    are harmless for a filled outline)."""
    edges = (
        (lambda p: p[0] >= b.west, lambda p, q: _at_x(p, q, b.west)),
        (lambda p: p[0] <= b.east, lambda p, q: _at_x(p, q, b.east)),
        (lambda p: p[1] >= b.south, lambda p, q: _at_y(p, q, b.south)),
        (lambda p: p[1] <= b.north, lambda p, q: _at_y(p, q, b.north)),
    )
    points = list(ring)
    for inside, cross in edges:
        if not points:
            break
        out: list[Point] = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    out.append(cross(previous, point))
                out.append(point)
            elif inside(previous):
                out.append(cross(previous, point))
            previous = point
        points = out
    return points


def _at_x(p: Point, q: Point, x: float) -> Point:
    t = (x - p[0]) / (q[0] - p[0])
    return x, p[1] + t * (q[1] - p[1])


def _at_y(p: Point, q: Point, y: float) -> Point:
    t = (y - p[1]) / (q[1] - p[1])
    return p[0] + t * (q[0] - p[0]), y


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def land_path(b: Bounds) -> str:
    """SVG path data of the land within the bounds."""
    parts = []
    for ring in RINGS:
        lons = [p[0] for p in ring]
        lats = [p[1] for p in ring]
        if max(lons) < b.west or min(lons) > b.east or max(lats) < b.south or min(lats) > b.north:
            continue
        clipped = _clip(ring, b)
        if len(clipped) < 3:
            continue
        projected = [b.project(p) for p in clipped]
        parts.append("M" + "L".join(f"{_fmt(x)} {_fmt(y)}" for x, y in projected) + "Z")
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
