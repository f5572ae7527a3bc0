"""A reader's way through the archive, by clicking the links a person would click."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.archive import SEARCH_WORD
from tests.browser.conftest import DESKTOP, PHONE, Served, screenshot

pytestmark = pytest.mark.browser


def heading(page: Page) -> str:
    return page.locator("main h1").first.inner_text().strip()


def header_link(page: Page, name: str):
    return page.get_by_role("navigation", name="Browse").get_by_role("link", name=name, exact=True)


def test_home_page_loads_without_console_errors(make_page, sample: Served, generated: Served):
    for site in (sample, generated):
        watched = make_page(DESKTOP)
        watched.goto(site.url())
        assert heading(watched.page) == "SANA Statements Archive"
        expect(watched.page.locator(".statement").first).to_be_visible()
        watched.assert_clean()


@pytest.mark.parametrize("where", ["sample", "sub_path"])
def test_reader_goes_from_home_to_a_speaker_an_article_its_place_and_dates(
    make_page, request: pytest.FixtureRequest, where: str
):
    site: Served = request.getfixturevalue(where)
    watched = make_page(DESKTOP)
    page = watched.page
    watched.goto(site.url())

    header_link(page, "Speakers").click()
    expect(page).to_have_url(site.url("speakers/"))
    assert heading(page) == "Speakers"

    page.locator("main").get_by_role("link", name="Sergey Lavrov", exact=True).click()
    expect(page).to_have_url(site.url("speakers/sergey-lavrov/"))
    assert heading(page) == "Sergey Lavrov"
    if where == "sample":
        screenshot(page, "speaker")

    article = page.locator(".statement-title a").first
    title = article.inner_text().strip()
    article.click()
    expect(page).to_have_url(re.compile(re.escape(site.url("statements/")) + r"[a-z0-9-]+/$"))
    assert heading(page) == title
    expect(page.locator("article .facts")).to_contain_text("Sergey Lavrov")
    if where == "sample":
        screenshot(page, "article")

    page.locator(".facts a[href*='locations/']").click()
    expect(page).to_have_url(site.url("locations/moscow/"))
    assert heading(page) == "Moscow"
    expect(page.locator(".statement-title a", has_text=title)).to_have_count(1)

    header_link(page, "Dates").click()
    expect(page).to_have_url(site.url("dates/"))
    assert heading(page) == "Dates"
    # The newest seed states no date; sources.yaml's anchors date it to 4 April-30 August 2017,
    # so it is filed under 2017, marked as derived, and Undated is empty.
    page.get_by_role("link", name="2017").first.click()
    expect(page).to_have_url(site.url("dates/2017/"))
    item = page.locator(".statement", has=page.locator(".statement-title a", has_text=title))
    expect(item).to_have_count(1)
    expect(item.locator(".derived-mark")).to_have_text("(derived)")

    page.go_back()
    expect(page).to_have_url(site.url("dates/"))
    page.go_back()
    expect(page).to_have_url(site.url("locations/moscow/"))
    assert heading(page) == "Moscow"
    watched.assert_clean()


def test_keyboard_alone_reaches_every_index_link_in_the_header(make_page, sample: Served):
    watched = make_page(DESKTOP)
    page = watched.page
    watched.goto(sample.url())
    nav = page.get_by_role("navigation", name="Browse")
    wanted = {
        (link.get_attribute("href") or "") for link in nav.get_by_role("link").all()
    }
    assert len(wanted) >= 6  # speakers, locations, topics, counterparts, sources, dates
    expect(page.locator("header input[type=search]")).to_have_count(1)
    reached: set[str] = set()
    found_search = False
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement;
                       return {tag: e.tagName, href: e.getAttribute('href'), type: e.type,
                               inNav: !!e.closest('nav.site-nav'),
                               visible: e.getBoundingClientRect().width > 0}; }"""
        )
        if focused["tag"] == "INPUT" and focused["type"] == "search":
            found_search = True
        if focused["inNav"] and focused["href"]:
            assert focused["visible"], focused
            reached.add(focused["href"])
        if reached >= wanted and found_search:
            break
    assert reached >= wanted, wanted - reached
    assert found_search, "Tab never reached the header search box"
    # The first Tab stop is the skip link, and it takes the reader to the content.
    page.reload()
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


SEED_TITLE = "Lavrov: Moscow to conduct more communications regarding crisis in Syria"


def search_from_header(page: Page, words: str) -> int:
    """Type into the header search box, submit, and return the number of results found."""
    box = page.locator("header").get_by_role("searchbox", name="Search the statements")
    box.fill(words)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=" + re.escape(words) + "$"))
    status = page.locator("#search-status")
    expect(status).to_have_text(re.compile(r"^\d+ statements? for"))
    return int(status.inner_text().split()[0])


def result_titles(page: Page, total: int) -> list[str]:
    """Every result's title, pressing "More results" until all are listed."""
    items = page.locator("#search-results > li")
    more = page.locator("#search-more")
    shown = min(total, 20)
    expect(items).to_have_count(shown)
    while shown < total:
        more.click()
        shown = min(total, shown + 20)
        expect(items).to_have_count(shown)
    expect(more).to_be_hidden()
    return [t.strip() for t in page.locator("#search-results .statement-title").all_inner_texts()]


def test_search_finds_a_body_word_and_the_speaker_filter_narrows_it(make_page, generated: Served):
    watched = make_page(DESKTOP)
    page = watched.page
    watched.goto(generated.url())
    total = search_from_header(page, SEARCH_WORD)
    titles = result_titles(page, total)
    assert total > 2
    assert SEED_TITLE in titles  # "geopolitical" is only in the seed's body, not its title

    speakers = page.locator(
        "#search-filters fieldset", has=page.locator("legend", has_text="Speaker")
    )
    speakers.get_by_label(re.compile(r"^Sergey Lavrov\b")).check()
    status = page.locator("#search-status")
    # A count other than the first: "Searching…" in between is neither, so wait it out.
    expect(status).to_have_text(re.compile(rf"^(?!{total} )\d+ statement"))
    narrowed = int(status.inner_text().split()[0])
    assert 0 < narrowed < total
    expect(page).to_have_url(re.compile(r"speaker=Sergey\+Lavrov"))
    assert SEED_TITLE in result_titles(page, narrowed)
    metas = page.locator("#search-results .meta").all_inner_texts()
    assert len(metas) == narrowed and all("Sergey Lavrov" in m for m in metas)

    page.locator("#search-results .statement-title a", has_text=SEED_TITLE).click()
    assert heading(page) == SEED_TITLE
    watched.assert_clean()


def test_search_works_under_a_sub_path(make_page, sub_path: Served):
    watched = make_page(PHONE)
    page = watched.page
    watched.goto(sub_path.url("speakers/"))
    assert search_from_header(page, SEARCH_WORD) == 1
    page.locator("#search-results .statement-title a").click()
    assert heading(page) == SEED_TITLE
    assert page.url.startswith(sub_path.url("statements/"))
    watched.assert_clean()


def test_not_found_page_leads_home_under_a_sub_path(make_page, sub_path: Served):
    watched = make_page(DESKTOP)
    page = watched.page
    watched.goto(sub_path.url("statements/no-such-statement/"), status=404)
    assert heading(page) == "Page not found"
    page.locator("main").get_by_role("link", name="home page").click()
    expect(page).to_have_url(sub_path.url())
    assert heading(page) == "SANA Statements Archive"
    watched.assert_clean()


def test_not_found_page_is_styled_and_leads_home_under_an_unconfigured_sub_path(
    make_page, sub_path_unconfigured: Served
):
    """Built for the root, served under /archive/: the 404 page still carries its styles
    and its links find their way to /archive/, not to the host's root."""
    served = sub_path_unconfigured
    watched = make_page(PHONE)
    page = watched.page
    root = served.url().removesuffix("archive/")
    watched.missing_ok.add(root + "404.html")  # the script asks the host root first
    watched.goto(served.url("statements/no-such-statement/"), status=404)
    assert heading(page) == "Page not found"
    nav = page.locator(".site-nav a").first
    expect(nav).to_have_attribute("href", "/archive/speakers/")
    styled = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert styled not in ("rgba(0, 0, 0, 0)", "transparent")
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    internal = [h for h in hrefs if h.startswith("/")]
    assert internal and all(h.startswith("/archive/") for h in internal), internal
    action = page.get_attribute("form.search-form", "action")
    assert action == "/archive/search/"
    page.locator("main").get_by_role("link", name="home page").click()
    expect(page).to_have_url(served.url())
    assert heading(page) == "SANA Statements Archive"
    watched.assert_clean()
