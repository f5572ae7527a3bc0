"""Maps of places: the land outline clipped to the region, one linked circle per place with
coordinates sized by its statements, a small map on each location page, geo in JSON-LD."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sana_archive.build import build
from sana_archive.site.geomap import HEIGHT, WIDTH, Bounds, Marker, _clip, bounds_for, draw_map
from tests.discovery import SEED, story


def test_bounds_keep_every_place_inside_with_the_maps_shape():
    b = bounds_for([(37.6, 55.8), (36.3, 33.5), (-74.0, 40.7)])
    assert b.west < -74.0 and b.east > 37.6 and b.south < 33.5 and b.north > 55.8
    assert abs((b.east - b.west) * b.scale_x / (b.north - b.south) - WIDTH / HEIGHT) < 1e-6
    for lon, lat in [(37.6, 55.8), (-74.0, 40.7)]:
        x, y = b.project((lon, lat))
        assert 0 < x < WIDTH and 0 < y < HEIGHT


def test_clipping_keeps_only_what_is_inside():
    square = [(-10.0, -10.0), (10.0, -10.0), (10.0, 10.0), (-10.0, 10.0)]
    clipped = _clip(square, Bounds(0.0, 0.0, 20.0, 20.0))
    assert sorted(clipped) == [(0.0, 0.0), (0.0, 10.0), (10.0, 0.0), (10.0, 10.0)]
    assert _clip(square, Bounds(30.0, 30.0, 40.0, 40.0)) == []


def test_circles_grow_with_the_count_and_the_land_is_drawn():
    drawn = draw_map([Marker("A", "/a/", 9, 33.5, 36.3), Marker("B", "/b/", 1, 55.8, 37.6)])
    assert drawn is not None and drawn["land"].startswith("M")
    radius = {m["name"]: float(m["r"]) for m in drawn["markers"]}
    assert radius["A"] > radius["B"] > 0
    assert draw_map([]) is None


def test_locations_index_and_pages_carry_maps_and_geo(make_site, tmp_path):
    out = tmp_path / "out"
    files = {
        **SEED,
        "x.txt": story("Nowhere town", "Zzyzx, SANA – text.", date="2016-01-01",
                       location="Zzyzx", slug="nowhere"),
    }
    build(make_site(files, config="search: false\n"), out)
    index = (out / "locations" / "index.html").read_text()
    svg = re.search(r'<svg[^>]*class="map-chart".*?</svg>', index, re.S).group(0)
    places = re.findall(
        r'<a href="([^"]+)"><circle class="place" cx="[^"]+" cy="[^"]+" r="([^"]+)" '
        r'data-place="([^"]+)" data-count="(\d+)"', svg
    )
    assert {(href, name, int(count)) for href, _, name, count in places} == {
        ("moscow/", "Moscow", 3), ("riyadh/", "Riyadh", 1)
    }
    radius = {name: float(r) for _, r, name, _ in places}
    assert radius["Moscow"] > radius["Riyadh"]
    assert 'class="land" d="M' in svg
    # A place the registry has no coordinates for is listed, not guessed onto the map.
    assert "Not on the map" in index and 'href="zzyzx/"><bdi>Zzyzx</bdi></a>' in index
    page = (out / "locations" / "moscow" / "index.html").read_text()
    assert 'class="place focus"' in page and 'data-place="Moscow" data-count="3"' in page
    assert "<svg" not in (out / "locations" / "zzyzx" / "index.html").read_text()
    article = (out / "statements" / "lavrov-astana" / "index.html").read_text()
    ld = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', article, re.S).group(1)
    )
    geo = ld["contentLocation"]["geo"]
    assert geo["@type"] == "GeoCoordinates"
    assert round(geo["latitude"]) == 56 and round(geo["longitude"]) == 38


def _reference_clip(ring, b):
    """Sutherland-Hodgman as the textbook writes it: one edge at a time, through
    predicates and crossing functions (what ``_clip`` did before it was written out)."""
    def at_x(p, q, x):
        t = (x - p[0]) / (q[0] - p[0])
        return x, p[1] + t * (q[1] - p[1])

    def at_y(p, q, y):
        t = (y - p[1]) / (q[1] - p[1])
        return p[0] + t * (q[0] - p[0]), y

    edges = (
        (lambda p: p[0] >= b.west, lambda p, q: at_x(p, q, b.west)),
        (lambda p: p[0] <= b.east, lambda p, q: at_x(p, q, b.east)),
        (lambda p: p[1] >= b.south, lambda p, q: at_y(p, q, b.south)),
        (lambda p: p[1] <= b.north, lambda p, q: at_y(p, q, b.north)),
    )
    points = list(ring)
    for inside, cross in edges:
        if not points:
            break
        out = []
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


_COORD = st.floats(-60, 60, allow_nan=False).map(lambda v: round(v, 1))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_COORD, _COORD), min_size=3, max_size=40),
       st.lists(_COORD, min_size=4, max_size=4))
def test_the_written_out_clipping_gives_the_textbook_points(ring, edges):
    """Every point, crossing and float the same, so every map's digits are the same."""
    west, east = sorted(edges[:2])
    south, north = sorted(edges[2:])
    b = Bounds(west, south, east, north)
    assert _clip(ring, b) == _reference_clip(ring, b)


def test_a_world_map_and_a_place_map_draw_the_land_as_projected_points():
    """The land path is the clipped rings' projected points, one decimal, no ".0"."""
    b = bounds_for([(36.3, 33.5)], pad=8.0)
    drawn = draw_map([Marker("Damascus", "/d/", 2, 33.5, 36.3)], focus="Damascus")
    assert drawn is not None
    from sana_archive.site.land import RINGS

    expected = []
    for ring in RINGS:
        clipped = _reference_clip(ring, b)
        if len(clipped) >= 3:
            points = [b.project(p) for p in clipped]
            expected.append(
                "M" + "L".join(f"{_plain(x)} {_plain(y)}" for x, y in points) + "Z"
            )
    assert drawn["land"] == "".join(expected) and drawn["land"].count("M") >= 2


def _plain(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
