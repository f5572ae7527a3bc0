"""Citations: every format names the same author (byline or agency), the speaker as subject,
the date or n.d., the source and the permalink; checked with the readers' own tools."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from sana_archive.build import build
from sana_archive.model import Article, Person, TextBody
from sana_archive.site.cite import bibtex
from tests.conftest import parse_page
from tests.discovery import SEED

PERMALINK = "https://example.org/a/statements/"


def built(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site(SEED, config="search: false\n"), out, base_url="https://example.org/a/")
    return out


def json_ld(path):
    text = path.read_text()
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    return json.loads(script)


def test_cite_block_names_speaker_date_source_and_permalink(make_site, tmp_path):
    out = built(make_site, tmp_path)
    page = parse_page(out / "statements" / "lavrov-astana" / "index.html")
    assert (
        "SANA. “Lavrov on Astana.” April 12, 2017. "
        "Statement by Sergey Lavrov, Russian Foreign Minister. Statements Archive. "
        f"{PERMALINK}lavrov-astana/." in page.text
    )
    assert {name for _, name in downloads(page)} == {"cite.bib", "cite.ris", "cite.json"}
    undated = parse_page(out / "statements" / "lavrov-undated" / "index.html")
    assert "SANA. “Lavrov, date unknown.” n.d. Statement by Sergey Lavrov" in undated.text


def downloads(page) -> list[tuple[str, str]]:
    """(media type, file name) of every citation file a page offers: each is a code block
    whose text the page's script saves under that name (tests/browser/test_cite_files.py
    checks the download is that text)."""
    return [(a["data-type"], a["data-file"]) for tag, a in page.tags
            if tag == "pre" and a.get("data-file") and a.get("data-type")]


_CODE_BLOCK = re.compile(
    r'<pre class="cite-code" data-file="(?P<name>[^"]+)"[^>]*?(?P<crlf> data-crlf)?>'
    r"<code>(?P<text>.*?)</code></pre>", re.S)


def citation_file(out: Path, slug: str, name: str) -> str:
    """The file a reader saves from a statement page, as text: the code block's text (as a
    browser reads it, entities decoded), with CRLF line ends where the block asks for them,
    which is what static/cite.js puts in the download link."""
    page = (out / "statements" / slug / "index.html").read_text(encoding="utf-8")
    (block,) = [m for m in _CODE_BLOCK.finditer(page) if m["name"] == name]
    text = html.unescape(block["text"])
    return text.replace("\n", "\r\n") if block["crlf"] else text


def test_citation_downloads_for_dated_and_undated(make_site, tmp_path):
    out = built(make_site, tmp_path)
    assert not list((out / "statements").rglob("cite.*"))  # made from the page itself
    bib = citation_file(out, "lavrov-astana", "cite.bib")
    assert bib.startswith("@misc{lavrov-astana,")
    assert "author = {{SANA}}" in bib and "date = {2017-04-12}" in bib
    assert "howpublished = {SANA}" in bib and f"url = {{{PERMALINK}lavrov-astana/}}" in bib
    undated_bib = citation_file(out, "lavrov-undated", "cite.bib")
    assert "year = {n.d.}" in undated_bib and "date =" not in undated_bib
    ris = citation_file(out, "lavrov-undated", "cite.ris")
    assert ris.startswith("TY  - NEWS\r\n") and ris.endswith("ER  -\r\n")
    assert "AU  - SANA" in ris and "PY  -" not in ris and "n.d." in ris
    assert "KW  - Sergey Lavrov" in ris
    assert "DA  - 2017/04/12/" in citation_file(out, "lavrov-astana", "cite.ris")
    (item,) = json.loads(citation_file(out, "lavrov-astana", "cite.json"))
    assert item["issued"] == {"date-parts": [[2017, 4, 12]]}
    assert item["author"] == [{"literal": "SANA"}] and item["container-title"] == "SANA"
    assert item["note"] == "Statement by Sergey Lavrov, Russian Foreign Minister"
    (undated,) = json.loads(citation_file(out, "lavrov-undated", "cite.json"))
    assert "issued" not in undated and undated["URL"] == f"{PERMALINK}lavrov-undated/"


def test_json_ld_and_dublin_core(make_site, tmp_path):
    out = built(make_site, tmp_path)
    dated = json_ld(out / "statements" / "lavrov-astana" / "index.html")
    assert dated["@type"] == "NewsArticle" and dated["datePublished"] == "2017-04-12"
    assert {"@type": "Person", "name": "Sergey Lavrov", "jobTitle": "Russian Foreign Minister"} in (
        dated["about"]
    )
    assert dated["contentLocation"]["name"] == "Moscow"
    assert dated["description"] == (
        "Moscow, SANA – Lavrov spoke about the Astana meetings and zebrafish."
    )
    assert dated["isPartOf"] == {
        "@type": "WebSite", "name": "Statements Archive", "url": "https://example.org/a/"
    }
    # Nothing records when an agency revised a story, and no registry holds a logo.
    assert "dateModified" not in dated and "logo" not in dated["publisher"]
    page = parse_page(out / "statements" / "lavrov-astana" / "index.html")
    assert page.first("meta", name="description")["content"] == dated["description"]
    assert "datePublished" not in json_ld(out / "statements" / "lavrov-undated" / "index.html")
    page = parse_page(out / "statements" / "lavrov-astana" / "index.html")
    meta = {(a["name"], a["content"]) for t, a in page.tags if t == "meta" and a.get("name")}
    assert ("DC.creator", "SANA") in meta and ("DC.date", "2017-04-12") in meta
    assert ("DC.subject", "Sergey Lavrov") in meta
    assert ("DC.identifier", f"{PERMALINK}lavrov-astana/") in meta
    undated = parse_page(out / "statements" / "lavrov-undated" / "index.html")
    assert not any(t == "meta" and a.get("name") == "DC.date" for t, a in undated.tags)


def test_json_ld_cannot_break_out_of_its_script(make_site, tmp_path):
    from tests.discovery import story

    out = tmp_path / "out"
    title = "</script><script>alert(1)</script>"
    build(make_site({"x.txt": story(title, "Moscow, SANA – x.")}, config="search: false\n"), out)
    page = next((out / "statements").glob("*/index.html")).read_text()
    assert "<script>alert(1)" not in page
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(script.group(1))["headline"] == title
    assert html.escape(title, quote=False) in page


def test_bibtex_escapes_special_characters():
    article = Article(
        source_path="x.txt", slug="x", title="R&D: 50% of {costs} #1_a", date=None,
        body=TextBody("", ""), speakers=(Person("A & B"),), source="A & B Agency",
    )
    text = bibtex(article, "https://e.org/x/", "Arch")
    assert r"title = {R\&D: 50\% of \{costs\} \#1\_a}" in text
    assert r"author = {{A \& B Agency}}" in text
