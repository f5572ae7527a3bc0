"""Quotations pages: who is quoted, each speaker's quotations linked to their paragraph and
carrying their citation."""

from __future__ import annotations

import re

from sana_archive.build import build
from sana_archive.site.quotations import quote_anchors
from tests.conftest import parse_page
from tests.discovery import SEED, story


def test_each_quotation_finds_its_paragraph():
    body = (
        "<p>Moscow, SANA – an opening line.</p>\n"
        "<p>He said “the talks go on” after the meeting.</p>\n"
        "<p>Later: “we &amp; they agree” and “all is <em>well</em>”.</p>"
    )
    assert quote_anchors(body, ["the talks go on", "we & they agree", "all is well", "absent"]) == [
        "quote-1", "quote-2", "quote-2", None
    ]


def test_quotation_pages_link_and_cite_each_quotation(make_site, tmp_path):
    out = tmp_path / "out"
    quoted = story(
        "Lavrov on talks", "Moscow, SANA – Sergey Lavrov said the talks were useful.\n\n"
        "Lavrov said “the talks were useful and will go on” to the press.",
        date="2016-05-04", slug="lavrov-talks",
    )
    build(make_site({**SEED, "t.txt": quoted}, config="search: false\n"), out,
          base_url="https://example.org/a/")
    page_path = out / "speakers" / "sergey-lavrov" / "quotes" / "index.html"
    page = parse_page(page_path)
    text = page_path.read_text()
    assert "Quotations of Sergey Lavrov" in page.text
    link = "../../../statements/lavrov-talks/#quote-1"
    assert link in page.links
    target = (out / "statements" / "lavrov-talks" / "index.html").read_text()
    assert re.search(r'<p id="quote-1" class="quote-paragraph">[^<]*“the talks were useful', target)
    assert (
        "“the talks were useful and will go on” Sergey Lavrov, Russian Foreign Minister. "
        "Quoted in: SANA. “Lavrov on talks.” May 4, 2016." in page.text
    )
    assert "https://example.org/a/statements/lavrov-talks/#quote-1." in page.text
    assert 'blockquote cite="https://example.org/a/statements/lavrov-talks/#quote-1"' in text
    index = parse_page(out / "quotes" / "index.html")
    assert "../speakers/sergey-lavrov/quotes/" in index.links
    speaker = parse_page(out / "speakers" / "sergey-lavrov" / "index.html")
    assert "quotes/" in speaker.links
    assert not (out / "speakers" / "adel-al-jubeir" / "quotes").exists()  # never quoted
    home = parse_page(out / "index.html")
    assert "quotes/" in home.links  # in the header of every page
