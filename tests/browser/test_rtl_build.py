"""The Arabic fixture builds into a right-to-left page that keeps its whole text.

No browser needed: this runs everywhere, the browser tests then check how it looks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sana_archive.build import build
from tests.browser.archive import REPO
from tests.conftest import Page, parse_page

ARABIC = REPO / "tests" / "fixtures" / "arabic"


def article_element(page: Page) -> dict[str, str | None]:
    found = page.first("article", **{"class": "article"})
    assert found is not None
    return found


def test_arabic_statement_is_rtl_and_keeps_its_body(tmp_path: Path):
    site = tmp_path / "site"
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, site / folder)
    shutil.copytree(REPO / "content" / "_data", site / "content" / "_data")
    shutil.copytree(ARABIC, site / "content" / "ar")
    report = build(site, tmp_path / "out", use_cache=False)
    assert report.errors == 0, [d.format() for d in report.diagnostics]
    page = parse_page(tmp_path / "out" / "statements" / "lavrov-moscow-communications-ar" /
                      "index.html")
    article = article_element(page)
    assert article.get("lang") == "ar" and article.get("dir") == "rtl"
    source = (ARABIC / "lavrov-moscow-communications-ar.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in source.split("---", 2)[2].split("\n\n") if p.strip()]
    assert len(paragraphs) == 5
    for paragraph in paragraphs:  # every paragraph as written: none taken for page chrome
        assert paragraph.strip() in page.text
    # Nothing is guessed from Arabic text by the English wire reader.
    assert "Read from the text by the archive" not in page.text
    assert page.first("html", lang="en") is not None
    # The archive's English labels around it are marked as such.
    assert page.first("dl", **{"class": "facts", "lang": "en", "dir": "ltr"}) is not None
