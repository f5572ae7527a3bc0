"""Search on a phone: results first with the filters behind a button, a date range instead
of one checkbox per month, long facets narrowed by typing, filters that survive zero
results, the Order label beside its select, and headings in order."""

from __future__ import annotations

import itertools
import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.archive import SEARCH_WORD
from tests.browser.conftest import DESKTOP, PHONE, Served, screenshot

pytestmark = pytest.mark.browser


def wait_for_results(page: Page) -> int:
    status = page.locator("#search-status")
    expect(status).to_have_text(re.compile(r"^\d+ statements?\b"))
    return int(status.inner_text().split()[0])


def dated_in(output, low: str, high: str) -> int:
    records = json.loads((output / "data" / "statements.json").read_text(encoding="utf-8"))
    return sum(1 for r in records if r["date"] and low <= r["date"][:7] <= high)


def test_phone_shows_results_first_and_filters_behind_a_button(make_page, generated: Served):
    watched = make_page(PHONE)
    page = watched.page
    watched.goto(generated.url(f"search/?q={SEARCH_WORD}"))
    total = wait_for_results(page)
    assert total > 2
    first = page.locator("#search-results > li").first
    expect(first).to_be_visible()
    assert first.bounding_box()["y"] < PHONE["height"]  # in the first screen, not 2,000 px down
    filters = page.locator("#search-filters")
    toggle = page.get_by_role("button", name=re.compile("^Filters"))
    expect(filters).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(filters).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    screenshot(page, "search-phone-filters")
    # The Order label sits right beside its select, on the same line.
    label = page.locator("label[for=search-sort]").bounding_box()
    select = page.locator("#search-sort").bounding_box()
    assert 0 <= select["x"] - (label["x"] + label["width"]) < 24
    assert abs((label["y"] + label["height"] / 2) - (select["y"] + select["height"] / 2)) < 6
    watched.assert_clean()


def test_desktop_shows_filters_beside_the_results(make_page, generated: Served):
    watched = make_page(DESKTOP)
    page = watched.page
    watched.goto(generated.url(f"search/?q={SEARCH_WORD}"))
    wait_for_results(page)
    expect(page.locator("#search-filters")).to_be_visible()
    expect(page.locator("#search-filters-toggle")).to_be_hidden()
    results = page.locator("#search-results").bounding_box()
    filters = page.locator("#search-filters").bounding_box()
    assert filters["x"] >= results["x"] + results["width"]  # a column beside, not above
    screenshot(page, "search-desktop")
    watched.assert_clean()


def test_a_date_range_replaces_the_month_checkboxes(make_page, generated: Served):
    watched = make_page(PHONE)
    page = watched.page
    watched.goto(generated.url(f"search/?q={SEARCH_WORD}"))
    wait_for_results(page)
    page.get_by_role("button", name=re.compile("^Filters")).click()
    assert page.locator("#search-filters input[type=checkbox][id^=facet-month]").count() == 0
    assert page.locator("#search-filters input[type=checkbox]").count() < 60
    page.get_by_label("From", exact=True).select_option("2016-01")
    expect(page).to_have_url(re.compile(r"from=2016-01"))
    wait_for_results(page)
    page.get_by_label("To", exact=True).select_option("2016-12")
    expect(page).to_have_url(re.compile(r"from=2016-01&to=2016-12"))
    # Without words, the range alone lists every statement dated in 2016.
    watched.goto(generated.url("search/?from=2016-01&to=2016-12"))
    expect(page.locator("#search-status")).to_have_text(
        re.compile(rf"^{dated_in(generated.output, '2016-01', '2016-12')} statements\.")
    )
    page.get_by_role("button", name=re.compile(r"^Filters \(1\)")).click()
    expect(page.get_by_label("From", exact=True)).to_have_value("2016-01")
    # The count is shown before the first results are fetched: wait for them.
    expect(page.locator("#search-results time").first).to_be_attached()
    dates = page.locator("#search-results time").all_inner_texts()
    assert dates and all(d.startswith("2016-") for d in dates)
    watched.assert_clean()


def test_a_long_facet_narrows_as_you_type(make_page, generated: Served):
    watched = make_page(PHONE)
    page = watched.page
    watched.goto(generated.url("search/?from=2015-01&to=2019-12"))
    wait_for_results(page)
    page.get_by_role("button", name=re.compile("^Filters")).click()
    speakers = page.locator(
        "#search-filters fieldset", has=page.locator("legend", has_text="Speaker")
    )
    rows = speakers.locator("li")
    before = rows.count()
    assert before > 6  # the narrowing box comes with more than six values
    speakers.get_by_role("searchbox", name="Narrow the speaker list").fill("lavr")
    expect(speakers.locator("li:visible")).to_have_count(1)
    expect(speakers.locator("li:visible label")).to_have_text(re.compile(r"^Sergey Lavrov"))
    speakers.get_by_role("searchbox").fill("")
    expect(speakers.locator("li:visible")).to_have_count(before)
    watched.assert_clean()


def test_no_results_keep_the_filters_and_headings_stay_in_order(make_page, generated: Served):
    watched = make_page(PHONE)
    page = watched.page
    watched.goto(generated.url("search/?q=qqxqzzyq&speaker=Sergey+Lavrov"))
    expect(page.locator("#search-status")).to_have_text(re.compile(r"^0 statements"))
    page.get_by_role("button", name=re.compile(r"^Filters \(1\)")).click()
    expect(page.locator("#search-filters .facet-empty")).to_be_visible()
    speaker = page.locator("#search-filters").get_by_label(re.compile(r"^Sergey Lavrov\b"))
    expect(speaker).to_be_checked()
    speaker.uncheck()  # the reader can undo what emptied the list
    expect(page).not_to_have_url(re.compile("speaker="))
    watched.goto(generated.url(f"search/?q={SEARCH_WORD}"))
    wait_for_results(page)
    levels = page.evaluate(
        "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]"
        ".map(h => Number(h.tagName[1]))"
    )
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    watched.assert_clean()
