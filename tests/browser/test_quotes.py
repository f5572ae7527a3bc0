"""A speaker's quotations at 375 and 1280 px: narrowed by typing, copied with their
citation in one click, and each link lands on its paragraph."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, Served, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-375", "desktop-1280"])
def test_quotations_narrow_copy_and_land_on_their_paragraph(make_page, generated: Served,
                                                              viewport):
    watched = make_page(viewport, permissions=["clipboard-read", "clipboard-write"])
    page = watched.page
    watched.goto(generated.url("speakers/sergey-lavrov/quotes/"))
    items = page.locator(".quote-item")
    total = items.count()
    assert total >= 2
    screenshot(page, "quotes" + ("-phone" if viewport is PHONE else ""))
    first = items.first
    first.get_by_role("button", name="Copy with citation").click()
    expect(first.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    quote = first.locator("blockquote").inner_text().strip()
    assert copied.startswith(quote) and "Quoted in:" in copied and "#quote-" in copied
    word = quote.strip("“”").split()[0]
    page.get_by_label("Show only quotations containing").fill("zzzqqq")
    expect(page.locator(".quote-item:visible")).to_have_count(0)
    page.get_by_label("Show only quotations containing").fill(word)
    expect(page.locator(".quote-item:visible").first).to_be_visible()
    assert page.locator(".quote-item:visible").count() <= total
    page.get_by_label("Show only quotations containing").fill("")
    link = first.locator(".meta a").first
    href = link.get_attribute("href")
    assert re.search(r"#quote-\d+$", href)
    link.click()
    anchor = href.rsplit("#", 1)[1]
    target = page.locator(f"#{anchor}")
    expect(target).to_be_in_viewport()
    assert quote.strip("“”")[:30] in target.inner_text()
    watched.assert_clean()
