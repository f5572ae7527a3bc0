"""Weekday of the main event only, and explicit dates only, never computed."""

from __future__ import annotations

import pytest

from sana_archive.inference import infer
from sana_archive.inference.dates import full_date, parse_month_day
from sana_archive.registry import Registries


@pytest.mark.parametrize(
    ("lead", "weekday"),
    [
        ("Lavrov said on Monday that the envoy's stop in Syria on Sunday had helped.",
         "Monday"),
        ("Lavrov received Thursday the Iraqi ambassador.", "Thursday"),
        ("Lavrov on Tuesday discussed the situation with the envoy.", "Tuesday"),
        ("Lavrov said he will visit London on Thursday.", None),
        ("Lavrov condemned the attacks that struck Brussels on Tuesday.", None),
        ("Lavrov said the talks were useful.", None),
    ],
)
def test_weekday_of_the_statement(registries: Registries, lead: str, weekday: str | None
                                  ) -> None:
    assert infer("Moscow, SANA – " + lead, registries).weekday == weekday


def test_weekday_in_a_later_sentence_needs_an_anchor(registries: Registries) -> None:
    text = ("Tehran, Mar 9, IRNA – Foreign Minister Mohammad Javad Zarif said his country "
            "seeks calm waters in the Gulf.\n\nSpeaking to the press after talks with "
            "Austrian Foreign Minister Lena Hofbauer here on Tuesday, he said trade would "
            "expand.\n\nPressed on a planned trip to Oslo on Thursday, Zarif gave no details.")
    got = infer(text, registries)
    assert (got.weekday, got.date) == ("Tuesday", "--03-09")
    assert got.counterparts == ("Lena Hofbauer",)


def test_explicit_dates(registries: Registries) -> None:
    got = infer("Moscow, SANA – Lavrov said on 12 April 2017 that talks will resume.",
                registries)
    assert got.date == "2017-04-12"
    got = infer("Moscow, SANA – Lavrov said the next meeting is in Munich on February 11.",
                registries)
    assert got.date is None
    page = ("News ID: 5817\nPublish Date : 15 March 2023 - 09:41\n\nCouncil chair calls off "
            "vote\n\nNEW YORK – The chair of the council postponed the vote, IRNA reported "
            "on Wednesday.")
    got = infer(page, registries)
    assert (got.date, got.weekday, got.title) == ("2023-03-15", "Wednesday",
                                                  "Council chair calls off vote")


def test_date_parsers() -> None:
    assert parse_month_day("Feb 3") == "--02-03"
    assert parse_month_day("Feb. 30") is None
    assert full_date("11 December 2019, 19:35") == "2019-12-11"
    assert full_date(" date 2019-12-11 Qazaq TV") == "2019-12-11"
    assert full_date("Friday, September 18") is None


def test_possessive_weekday_names_another_event(registries: Registries) -> None:
    got = infer("Moscow, SANA – Lavrov condemned Tuesday's attack on the embassy.", registries)
    assert got.weekday is None


@pytest.mark.parametrize(
    ("later", "weekday"),
    [
        ("On Monday, Mikdad said that the talks were useful.", "Monday"),
        ("On Friday, a delayed round of negotiations chaired by the envoy opened in "
         "Vienna.", None),
        ("On Friday, Mikdad will meet the envoy.", None),
    ],
)
def test_fronted_weekday_needs_a_verb_of_its_own(registries: Registries, later: str,
                                                 weekday: str | None) -> None:
    text = ("Damascus, SANA – Foreign Minister Fayssal Mikdad spoke about the crisis at "
            "length.\n\n" + later)
    assert infer(text, registries).weekday == weekday


@pytest.mark.parametrize(
    "later",
    ["Earlier, he said on Monday that the envoy was welcome.",
     "Lavrov said last Tuesday that the envoy was welcome.",
     "Meanwhile, the ministry said on Friday that talks would resume."],
)
def test_weekdays_of_earlier_or_separate_events(registries: Registries, later: str) -> None:
    text = "Moscow, SANA – Lavrov spoke about Syria at length in Moscow today.\n\n" + later
    assert infer(text, registries).weekday is None
