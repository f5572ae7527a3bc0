"""The map of places works at 375 and 1280 px, without JavaScript: it fits the page, every
circle is a link to its place, and a location page shows its own small map."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, Served, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-375", "desktop-1280"])
def test_map_links_every_place_and_fits_without_javascript(make_page, generated: Served,
                                                             viewport):
    watched = make_page(viewport, java_script_enabled=False)
    page = watched.page
    watched.goto(generated.url("locations/"))
    chart = page.locator("svg.map-chart")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    circles = page.locator("svg.map-chart a circle.place")
    assert circles.count() >= 8
    geneva = page.locator('svg.map-chart circle[data-place="Geneva"]')
    assert float(geneva.get_attribute("r")) > 0
    screenshot(page, "map" + ("-phone" if viewport is PHONE else ""))
    geneva.click()
    expect(page).to_have_url(generated.url("locations/geneva/"))
    expect(page.locator("svg.map-chart circle.place.focus")).to_have_count(1)
    watched.assert_clean()


def test_speaker_page_shows_roles_over_time(make_page, generated: Served):
    watched = make_page(DESKTOP)
    page = watched.page
    watched.goto(generated.url("speakers/fayssal-mikdad/"))
    tenures = page.locator(".tenure-list li")
    expect(tenures.first).to_be_visible()
    assert tenures.count() >= 2
    screenshot(page, "speaker-tenures")
    watched.goto(generated.url("speakers/"))
    rows = page.locator("table.ranked tbody tr")
    counts = [int(t) for t in rows.locator("td:last-child").all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and len(counts) >= 8
    watched.assert_clean()
