"""A statement's citation files, downloaded as a reader does: each link the page's script
makes saves exactly the text the page shows (RIS with CRLF line ends), the text the citation
tests parse with bibtexparser, rispy and citeproc-py."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Served
from tests.site.test_cite import citation_file

pytestmark = pytest.mark.browser

SLUG = "sana-57563-lavrov-moscow-communications-syria"


def test_each_download_saves_the_file_the_page_shows(make_page, sample: Served,
                                                     tmp_path: Path):
    watched = make_page(accept_downloads=True)
    page = watched.page
    watched.goto(sample.url(f"statements/{SLUG}/"))
    files = page.locator(".cite-files")
    expect(files).to_be_visible()
    links = files.locator("a[download]")
    expect(links).to_have_count(3)
    assert links.all_inner_texts() == ["BibTeX", "RIS", "CSL-JSON"]
    for name in ("cite.bib", "cite.ris", "cite.json"):
        with page.expect_download() as info:
            page.locator(f'.cite-files a[download="{name}"]').click()
        download = info.value
        assert download.suggested_filename == name
        saved = tmp_path / name
        download.save_as(saved)
        assert saved.read_bytes() == citation_file(sample.output, SLUG, name).encode("utf-8")
    ris = (tmp_path / "cite.ris").read_bytes()
    assert ris.startswith(b"TY  - NEWS\r\n") and ris.endswith(b"ER  -\r\n")
    assert b"\n" not in ris.replace(b"\r\n", b"")
    watched.assert_clean()


def test_without_scripts_every_format_is_on_the_page(make_page, sample: Served):
    watched = make_page(java_script_enabled=False)
    page = watched.page
    watched.goto(sample.url(f"statements/{SLUG}/"))
    expect(page.locator(".cite-files")).to_be_hidden()  # no dead links without the script
    expect(page.locator(".citation")).to_contain_text("Sabbagh, Hazem.")
    for label in ("BibTeX", "RIS", "CSL-JSON"):
        page.locator("summary", has_text=label).click()
    expect(page.locator("pre.cite-code")).to_have_count(3)
    assert page.locator('pre[data-file="cite.bib"]').inner_text().startswith("@misc{")
