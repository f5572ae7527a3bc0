"""Maps of places: the land outline clipped to the region, one linked circle per place with
coordinates sized by its statements, a small map on each location page, geo in JSON-LD."""

from __future__ import annotations

import json
import re

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
