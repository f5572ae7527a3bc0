"""A site built from scraped pages: page chrome never becomes a headline or a person.

The fixtures under tests/fixtures/scraped/ are stories written for this test in the shapes
real scraped pages take: navigation and widgets above the headline, a region inside a
role, an outlet quoting an official, a spokeswoman speaking for someone else.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from sana_archive.build import build
from tests.conftest import parse_page

REPO = Path(__file__).resolve().parents[1]
SCRAPED = REPO / "tests" / "fixtures" / "scraped"

HEADLINES = {
    "Northland minister says border talks will resume in spring",
    "Envoy urges calm in the river valley",
    "Minister receives a visiting party delegation",
    "Envoy reports useful talks with the new administration",
}
SPEAKERS = {"Ilse Varga", "Marek Ostrov", "Rana Kassab", "Mira Salo"}
COUNTERPARTS = {"Tomas Brandt", "Paolo Ferrante"}
CHROME = ("Directory of sites", "Registration was successful!", "1000x90.jpg",
          "Support The Valley Times!", "Home >", "Harbour workers", "Sections", "Min Read")


def heading(page: Path) -> str:
    """The page's h1 as a reader sees it (markup inside it, such as <bdi>, dropped)."""
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.DOTALL)
    assert found, page
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scraped")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    shutil.copytree(REPO / "content" / "_data", root / "content" / "_data")
    for story in SCRAPED.iterdir():
        shutil.copy(story, root / "content" / story.name)
    out = root / "build"
    report = build(root, out, search=False)
    assert report.errors == 0, [d.format() for d in report.diagnostics]
    assert report.articles == len(list(SCRAPED.iterdir()))
    return out


def test_headlines_are_the_stories_own(site: Path) -> None:
    titles = {heading(p) for p in (site / "statements").glob("*/index.html")}
    assert titles == HEADLINES
    for page in (site / "statements").glob("*/index.html"):
        text = parse_page(page).text
        assert not any(chrome in text for chrome in CHROME), page


def test_every_speaker_page_is_a_person(site: Path) -> None:
    names = {heading(p) for p in (site / "speakers").glob("*/index.html")}
    assert names == SPEAKERS  # no "Middle East", no "Al Horizon", no "Anton Keller"
    met = {heading(p) for p in (site / "counterparts").glob("*/index.html")}
    assert met == COUNTERPARTS


def test_dates_read_from_page_stamps(site: Path) -> None:
    dated = {heading(p) for p in (site / "statements").glob("*/index.html")
             if parse_page(p).first("time") is not None}
    assert dated == {"Northland minister says border talks will resume in spring",
                     "Envoy reports useful talks with the new administration"}
