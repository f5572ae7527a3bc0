"""Timelines and the year x month table read at 375 px as at 1280 px: no text under 11 px,
every bar's value written on it, labels that do not collide, nothing wider than the page."""

from __future__ import annotations

import itertools

import pytest

from tests.browser.conftest import DESKTOP, PHONE, Served, screenshot

pytestmark = pytest.mark.browser

# Every element in a chart that shows text: its size as drawn, and whether a reader sees it
# (the 1 px visually-hidden words for screen readers are left out).
TEXT = """sel => [...document.querySelectorAll(sel + ' *')]
  .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(e => { const r = e.getBoundingClientRect();
    return {text: e.textContent.trim(), size: parseFloat(getComputedStyle(e).fontSize),
            shown: e.checkVisibility() && r.width > 1 && r.height > 1,
            left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })"""

BINS = """() => [...document.querySelectorAll('.bin')].map(b => {
  const v = b.querySelector('.bin-value'), l = b.querySelector('.bin-label');
  const rv = v.getBoundingClientRect(), rl = l.getBoundingClientRect();
  return {count: b.dataset.count, value: v.firstChild.textContent.trim(),
          valueShown: rv.width > 1 && rv.right <= window.innerWidth,
          label: l.textContent.trim(), labelShown: rl.width > 1,
          labelBox: [rl.left, rl.right, rl.top, rl.bottom]}; })"""


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-375", "desktop-1280"])
@pytest.mark.parametrize(
    "path", ["speakers/sergey-lavrov/", "locations/geneva/", "dates/", "dates/2016/"]
)
def test_chart_text_is_readable_and_values_are_labelled(make_page, generated: Served, viewport,
                                                        path):
    watched = make_page(viewport)
    page = watched.page
    watched.goto(generated.url(path))
    selector = ".timeline" if path.startswith(("speakers", "locations")) else ".calendar"
    assert page.locator(selector).count() == 1
    texts = [t for t in page.evaluate(TEXT, selector) if t["shown"]]
    assert texts
    small = [t for t in texts if t["size"] < 11]
    assert small == [], small[:5]
    if selector == ".timeline":
        bins = page.evaluate(BINS)
        assert bins and all(b["value"] == b["count"] and b["valueShown"] for b in bins)
        shown = [b for b in bins if b["labelShown"]]
        if viewport is PHONE:
            assert len(shown) == len(bins)  # one labelled row per period
        for a, b in itertools.pairwise(shown):
            assert not _overlap(a["labelBox"], b["labelBox"]), (a["label"], b["label"])
    else:
        cells = page.locator(".calendar-table td")
        assert cells.count() % 12 == 0
        inside = page.evaluate(
            "() => document.querySelector('.calendar-table').getBoundingClientRect().right"
        )
        assert inside <= viewport["width"]  # the whole table fits, no sideways scrolling
    watched.assert_clean()


def test_chart_screenshots(make_page, generated: Served):
    for viewport, suffix in ((PHONE, "-phone"), (DESKTOP, "")):
        watched = make_page(viewport)
        watched.goto(generated.url("speakers/sergey-lavrov/"))
        screenshot(watched.page, "timeline" + suffix)
        watched.goto(generated.url("dates/"))
        screenshot(watched.page, "dates-calendar" + suffix)
        watched.assert_clean()
