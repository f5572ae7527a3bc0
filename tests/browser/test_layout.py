"""Every page type fits a phone and a desktop; Arabic reads right to left; articles print."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.archive import page_types
from tests.browser.conftest import DESKTOP, PHONE, Served, screenshot

pytestmark = pytest.mark.browser

OVERFLOW = """() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
  wide: [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5).map(e => e.tagName + '.' + e.className)})"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-375", "desktop-1280"])
def test_no_page_type_scrolls_sideways(make_page, generated: Served, viewport):
    watched = make_page(viewport)
    for name, path in page_types(generated.output).items():
        watched.goto(generated.url(path), status=404 if name == "404" else 200)
        fit = watched.page.evaluate(OVERFLOW)
        assert fit["scroll"] <= fit["inner"], (name, fit)
    watched.assert_clean()


def test_screenshots_of_home_speaker_and_article(make_page, sample: Served):
    watched = make_page(DESKTOP)
    watched.goto(sample.url())
    assert screenshot(watched.page, "home").stat().st_size > 10_000
    phone = make_page(PHONE)
    phone.goto(sample.url())
    screenshot(phone.page, "home-phone")
    watched.goto(sample.url("speakers/sergey-lavrov/"))
    screenshot(watched.page, "speaker")
    article = watched.page.locator(".statement-title a").first
    article.click()
    screenshot(watched.page, "article")
    watched.assert_clean()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-375", "desktop-1280"])
def test_arabic_statement_reads_right_to_left(make_page, arabic: Served, viewport):
    watched = make_page(viewport)
    page = watched.page
    watched.goto(arabic.url("statements/lavrov-moscow-communications-ar/"))
    content = page.locator("article.article")
    expect(content).to_have_attribute("lang", "ar")
    expect(content).to_have_attribute("dir", "rtl")
    assert page.locator("html").get_attribute("lang") == "en"  # the frame stays English
    layout = page.evaluate(
        """() => {
          const article = document.querySelector('article.article');
          const p = article.querySelector('.body p');
          const range = document.createRange();
          range.selectNodeContents(article.querySelector('h1'));
          const lines = [...range.getClientRects()];
          const box = article.getBoundingClientRect();
          return {direction: getComputedStyle(p).direction,
                  facts: getComputedStyle(article.querySelector('.facts')).direction,
                  titleRight: lines[0].right, titleLeft: lines[lines.length - 1].left,
                  boxRight: box.right, boxLeft: box.left,
                  scroll: document.documentElement.scrollWidth, inner: window.innerWidth};
        }"""
    )
    assert layout["direction"] == "rtl"
    assert layout["facts"] == "ltr"  # the archive's own English labels stay left to right
    # The title starts at the right edge of the text column, as Arabic is read.
    assert abs(layout["titleRight"] - layout["boxRight"]) < 2, layout
    assert layout["scroll"] <= layout["inner"], layout
    expect(page.locator("article .body")).to_contain_text("سيرغي لافروف")
    shot = screenshot(page, f"article-arabic-{viewport['width']}")
    assert shot.stat().st_size > 10_000
    watched.assert_clean()


def test_article_prints_without_navigation(make_page, sample: Served, tmp_path: Path):
    watched = make_page(DESKTOP)
    page = watched.page
    watched.goto(sample.url("speakers/sergey-lavrov/"))
    page.locator(".statement-title a").first.click()
    title = page.locator("main h1").inner_text()
    expect(page.get_by_role("navigation", name="Browse")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Browse")).to_be_hidden()
    expect(page.locator(".breadcrumbs")).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("article .body")).to_be_visible()
    expect(page.locator(".citation")).to_be_visible()  # the reference goes on paper
    expect(page.locator(".cite-files")).to_be_hidden()  # download links do not
    pdf = tmp_path / "article.pdf"
    data = page.pdf(path=str(pdf), format="A4")
    assert data.startswith(b"%PDF") and len(data) > 5_000
    assert title
    watched.assert_clean()
