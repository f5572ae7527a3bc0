"""Make ``src/sana_archive/site/land.py`` from Natural Earth's 1:110m land (public domain),
as packaged in the npm package world-atlas 2.x (``land-110m.json``, TopoJSON).

Run once by hand when the outline should change (``npm pack world-atlas@2`` gives the
file); the build only imports the result. It is written as a Python module, not a data
file, so that drawing a map reads no file (the site layer touches no disk) and a new
outline changes the code fingerprint, which keys the build cache. Coordinates are rounded
to 0.1 degree, which is finer than the 1:110m source draws, rings under MIN_POINTS points
are dropped, and longitudes are unwrapped across the antimeridian for a flat map.

    python tools/vendor_land_outline.py path/to/land-110m.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "sana_archive" / "site" / "land.py"
MIN_POINTS = 4


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous across the antimeridian (Chukotka goes on past 180
    instead of jumping to -180), so a flat map never draws an edge across the world; a
    ring around a pole (Antarctica) is closed along the pole."""
    out = [points[0]]
    shift = 0.0
    for (lon0, _), (lon, lat) in zip(points, points[1:], strict=False):
        if lon - lon0 > 180:
            shift -= 360
        elif lon0 - lon > 180:
            shift += 360
        out.append((lon + shift, lat))
    # Move the whole ring by whole turns so that most of it lies within -180..180.
    turns = min((-1, 0, 1), key=lambda k: sum(not -180 <= x + 360 * k <= 180 for x, _ in out))
    out = [(x + 360 * turns, y) for x, y in out]
    if abs(out[-1][0] - out[0][0]) > 180:  # winds once around a pole
        pole = -90.0 if sum(lat for _, lat in out) < 0 else 90.0
        out += [(out[-1][0], pole), (out[0][0], pole)]
    return out


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    rings = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for indexes in polygon:
                rounded: list[list[float]] = []
                for lon, lat in unwrap(ring(arcs, indexes)):
                    point = [round(lon, 1), round(lat, 1)]
                    if not rounded or rounded[-1] != point:
                        rounded.append(point)
                if len(rounded) >= MIN_POINTS:
                    rings.append(rounded)
    OUT.write_text(land_module(rings), encoding="utf-8")
    print(f"{len(rings)} rings, {sum(len(r) for r in rings)} points -> {OUT}")


HEADER = '''"""The land drawn under the maps of places: Natural Earth's 1:110m land outline (public
domain), via the npm package world-atlas 2.x (ISC; see LAND-NOTICE.txt), rounded to 0.1
degree. Written by tools/vendor_land_outline.py; not edited by hand.

Vendored as code rather than a data file, so that drawing a map reads no file and a new
outline changes the code fingerprint that keys the cache. The outline is held as JSON text
and parsed on import (about a millisecond): a tuple literal of 5,000 points would cost a
third of a second to compile wherever Python keeps no bytecode cache.
"""

import json

Point = tuple[float, float]  # (longitude, latitude)

_RINGS_JSON = (
'''

FOOTER = ''')

RINGS: tuple[tuple[Point, ...], ...] = tuple(
    tuple((lon, lat) for lon, lat in ring) for ring in json.loads(_RINGS_JSON)
)
'''


def land_module(rings: list[list[list[float]]], width: int = 99) -> str:
    """The rings as JSON text in a Python module, wrapped to ``width`` columns."""
    text = json.dumps(rings, separators=(",", ":"))
    size = width - 6  # four spaces of indent and two quotes
    pieces = [text[i : i + size] for i in range(0, len(text), size)]
    return HEADER + "".join(f'    "{piece}"\n' for piece in pieces) + FOOTER


if __name__ == "__main__":
    main(sys.argv[1])
