"""axe-core finds no serious or critical accessibility problem on any page type."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.archive import SEARCH_WORD, page_types
from tests.browser.conftest import DESKTOP, PHONE, Served

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def violations(page, axe: Axe) -> list[str]:
    result = axe.run(page)
    return [
        f"{v['impact']} {v['id']}: {v['help']} -> "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:4])
        for v in result.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop-1280", "phone-375"])
def test_no_serious_or_critical_violations_on_any_page_type(
    make_page, generated: Served, viewport
):
    axe = Axe()
    watched = make_page(viewport)
    found: dict[str, list[str]] = {}
    for name, path in page_types(generated.output).items():
        watched.goto(generated.url(path), status=404 if name == "404" else 200)
        if problems := violations(watched.page, axe):
            found[name] = problems
    assert found == {}


def test_arabic_article_has_no_serious_or_critical_violations(make_page, arabic: Served):
    watched = make_page(DESKTOP)
    watched.goto(arabic.url("statements/lavrov-moscow-communications-ar/"))
    assert violations(watched.page, Axe()) == []


def test_search_with_results_and_filters_has_no_serious_or_critical_violations(
    make_page, generated: Served
):
    watched = make_page(PHONE)
    watched.goto(generated.url(f"search/?q={SEARCH_WORD}&speaker=Sergey+Lavrov"))
    expect(watched.page.locator("#search-results > li").first).to_be_visible()
    expect(watched.page.locator("#search-filters input[type=checkbox]:checked")).to_have_count(1)
    assert violations(watched.page, Axe()) == []
    watched.assert_clean()
