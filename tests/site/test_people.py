"""Speaker pages show the registry's tenures, the country and the role each statement was
made in; the Speakers index shows role and country, most statements first."""

from __future__ import annotations

import datetime as dt

from sana_archive.build import build
from sana_archive.model import Article, Person, TextBody
from sana_archive.registry import RoleSpan, SpeakerEntry
from sana_archive.site.people import index_role, statement_roles, tenures
from tests.conftest import parse_page
from tests.discovery import SEED, story

MIKDAD = SpeakerEntry(
    "Fayssal Mikdad",
    roles=(
        RoleSpan("Foreign Minister", dt.date(2020, 11, 22), dt.date(2024, 12, 8)),
        RoleSpan("Deputy Foreign Minister", dt.date(2006, 1, 1), dt.date(2020, 11, 21)),
    ),
    country="Syria",
)


def said(day: dt.date | None, role: str | None = None) -> Article:
    return Article(
        source_path=f"{day}-{role}.txt", slug="s", title="t", date=day, body=TextBody("", ""),
        speakers=(Person("Fayssal Mikdad", role),),
    )


STATEMENTS = [
    said(dt.date(2021, 3, 1)),
    said(dt.date(2019, 5, 1)),
    said(dt.date(2018, 5, 1), "Deputy Minister"),
    said(None),
]


def test_tenures_are_oldest_first_with_the_statements_in_each():
    assert tenures(MIKDAD, STATEMENTS) == [
        {"title": "Deputy Foreign Minister", "start": "2006-01-01", "end": "2020-11-21",
         "count": 2},
        {"title": "Foreign Minister", "start": "2020-11-22", "end": "2024-12-08", "count": 1},
    ]
    assert tenures(None, STATEMENTS) == []


def test_a_statement_role_is_as_written_else_the_registrys_on_its_date_else_none():
    assert statement_roles(MIKDAD, "Fayssal Mikdad", STATEMENTS) == [
        {"role": "Deputy Foreign Minister", "count": 1},
        {"role": "Deputy Minister", "count": 1},
        {"role": "Foreign Minister", "count": 1},
        {"role": "not stated", "count": 1},  # undated: no tenure is guessed
    ]


def test_index_role_is_the_one_held_at_the_newest_statement():
    assert index_role(MIKDAD, "Fayssal Mikdad", STATEMENTS) == "Foreign Minister"
    assert index_role(None, "Fayssal Mikdad", STATEMENTS) == "Deputy Minister"


def test_speaker_pages_and_index_show_tenures_country_and_counts(make_site, tmp_path):
    out = tmp_path / "out"
    files = {
        **SEED,
        "m.txt": story("Mikdad in Damascus", "Damascus, SANA – text.", date="2021-02-03",
                       speaker="Fayssal Mikdad", role="", location="Damascus", slug="mikdad"),
    }
    build(make_site(files, config="search: false\n"), out)
    page = parse_page(out / "speakers" / "fayssal-mikdad" / "index.html")
    assert "Country: Syria" in page.text
    assert ("Roles over time Deputy Foreign and Expatriates Minister 2006-01-01 – 2020-11-21 0 "
            "Foreign and Expatriates Minister 2020-11-22 – 2024-12-08 1") in page.text
    assert ("The role each statement was made in Role Statements Foreign and "
            "Expatriates Minister 1") in page.text
    lavrov = parse_page(out / "speakers" / "sergey-lavrov" / "index.html")
    assert "Russian Foreign Minister 2004-03-09 – present 2" in lavrov.text
    index = parse_page(out / "speakers" / "index.html")
    assert ("Speakers by number of statements Speaker Role Country Statements "
            "Sergey Lavrov Russian Foreign Minister Russia 3 "
            "Adel al-Jubeir Saudi Foreign Minister") in index.text
    assert "Fayssal Mikdad Foreign and Expatriates Minister Syria 1" in index.text
