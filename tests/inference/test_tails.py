"""Scraped tails, page chrome and sign-offs: removed from the body, never read for metadata."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sana_archive.inference import infer, tails
from sana_archive.inference.byline import sign_off
from sana_archive.registry import Registries

STORY = ("Damascus, SANA – Foreign and Expatriates Minister Fayssal Mikdad received on Monday "
         "the Iraqi ambassador and discussed bilateral relations with him.")


@pytest.mark.parametrize(
    "line",
    ["Hazem Sabbagh", "Manar/Mazen", "Qabas/ Hazem Sabbagh", "Reem / Hazem Sabbagh",
     "Noura/ Mazen Eyon", "Ruaa al-Jazaeri",
     "Reporting by Parisa Hafezi; Editing by Alex Richardson"],
)
def test_sign_offs(line: str) -> None:
    assert sign_off(line) == line


@pytest.mark.parametrize(
    "line", ["© Sputnik / Alexei Druzhinin", "H.S.", "News", "Foreign Minister",
             "The talks continue", "Astana Syria talks"])
def test_not_sign_offs(line: str) -> None:
    assert sign_off(line) is None


def test_check_also_tail_is_cut_with_its_city_weekday_and_official(
        registries: Registries) -> None:
    text = (STORY + "\n\nHazem Sabbagh\n\nCheck Also\n\nLavrov receives Iranian envoy\n\n"
            "Moscow, SANA- Russian Foreign Minister Sergey Lavrov received on Thursday the "
            "Iranian envoy …")
    got = infer(text, registries)
    assert got.tails == ("check-also",)
    assert (got.location, got.weekday, got.byline) == ("Damascus", "Monday", "Hazem Sabbagh")
    assert [p.name for p in got.speakers] == ["Fayssal Mikdad"]
    assert got.body == STORY


def test_widget_and_popular_lists_are_cut(registries: Registries) -> None:
    text = (STORY + "\nNewsfeed\n0\nTo participate in the discussion\nlog in or register\n")
    got = infer(text, registries)
    assert got.body == STORY and got.tails == ("comments",)
    got = infer(STORY + "\nMost Visited in World\nTop Stories\nSaudi king meets Erdogan",
                registries)
    assert got.body == STORY and got.tails == ("popular",)


def test_single_newlines_become_paragraphs(registries: Registries) -> None:
    got = infer(STORY + "\nHe said the talks were useful.\nHe added more would follow.",
                registries)
    assert got.body.split("\n\n") == [STORY, "He said the talks were useful.",
                                      "He added more would follow."]


def test_html_and_leading_junk_are_removed(registries: Registries) -> None:
    got = infer(", , , , ,\n\n<p>" + STORY + "</p>\n<p>He &amp; the envoy agreed.</p>",
                registries)
    assert got.body == STORY + "\n\nHe & the envoy agreed."
    assert got.location == "Damascus"


def test_footers_and_desk_codes_are_not_story(registries: Registries) -> None:
    got = infer(STORY + "\n\nFollow us on Twitter @IrnaEnglish\n\n9417**2050\n", registries)
    assert got.body == STORY and got.tails == ("footer",)


def test_labelled_byline_in_the_header(registries: Registries) -> None:
    got = infer("By EDITH M. LEDERER\n\n" + STORY.replace("Damascus, SANA", "DAMASCUS (AP)"),
                registries)
    assert got.byline == "EDITH M. LEDERER"
    assert got.source == "AP" and "LEDERER" not in got.body


def test_the_sign_off_under_the_story_beats_a_header_label(registries: Registries) -> None:
    text = ("By Parisa Hafezi\n\n" + STORY.replace("Damascus, SANA", "DUBAI (Reuters)")
            + "\n\nReporting by Parisa Hafezi; Editing by Alex Richardson")
    assert infer(text, registries).byline == (
        "Reporting by Parisa Hafezi; Editing by Alex Richardson")


def test_check_also_after_a_short_story_without_dateline(registries: Registries) -> None:
    got = infer("Short item.\n\nCheck Also\n\nMoscow, SANA- Lavrov received on Thursday the "
                "envoy …", registries)
    assert (got.body, got.tails, got.location, got.weekday) == (
        "Short item.", ("check-also",), None, None)


def test_page_header_date_without_dateline_is_chrome(registries: Registries) -> None:
    got = infer("Friday, September 18\nFollow us:\n\nIraq wins the vote\n\nThe ministry said "
                "the efforts had been successful.\n\nMore text.", registries)
    assert (got.title, got.weekday, got.date) == ("Iraq wins the vote", None, None)
    assert got.body.startswith("The ministry said") and "page-chrome" in got.tails


def test_a_paragraph_ending_in_a_guillemet_or_naming_a_cyrillic_word_is_story(
        registries: Registries) -> None:
    text = (STORY + "\n\nHe told reporters «we will continue»\n\n"
            "The minister (Лавров) said the talks were useful and constructive today.\n\nR.J")
    got = infer(text, registries)
    assert got.body.endswith("He told reporters «we will continue»\n\n"
                             "The minister (Лавров) said the talks were useful and "
                             "constructive today.")


def test_section_and_site_names_are_not_the_headline(registries: Registries) -> None:
    got = infer("IRNA English\nMiddle East\n\nZarif meets Syrian envoy in Tehran\n\n"
                "Tehran, IRNA – Foreign Minister Mohammad Javad Zarif met the Syrian envoy on "
                "Monday.", registries)
    assert got.title == "Zarif meets Syrian envoy in Tehran"
    assert "page-chrome" in got.tails and "Middle East" not in got.body


def test_a_place_is_not_a_sign_off(registries: Registries) -> None:
    got = infer(STORY + "\n\nDamascus Countryside", registries)
    assert got.byline is None


def test_a_rendered_page_date_with_a_year_is_not_the_story_date(
        registries: Registries) -> None:
    got = infer("Friday, September 18, 2020\n\nIraq wins the vote\n\nBAGHDAD, The foreign "
                "ministry said that the efforts had been successful.", registries)
    assert (got.date, got.weekday, got.title) == (None, None, "Iraq wins the vote")


def test_a_comment_counter_in_the_header_does_not_cut_the_story(
        registries: Registries) -> None:
    got = infer("Lavrov meets Zarif in Moscow\nComments (3)\n\nMoscow, SANA – Russian Foreign "
                "Minister Sergey Lavrov met Iranian Foreign Minister Mohammad Javad Zarif on "
                "Monday.\n\nNewsfeed\n0", registries)
    assert (got.title, got.location, got.weekday) == (
        "Lavrov meets Zarif in Moscow", "Moscow", "Monday")
    assert got.counterparts == ("Mohammad Javad Zarif",)
    assert got.tails == ("comments", "page-chrome")
    assert got.body.endswith("on Monday.")


_CAPTION_PIECES = ["Sputnik", "RT", "TASS", "Xinhua", "IRNA", "SANA", "AP", "AFP", "EPA",
                   "Reuters", "REUTERS", "Getty Images", "UN Photo", "Jane Roe", "Jo", " / ",
                   "/", " – ", " - ", ". ", ") ", " ", "in Oslo", "x", "Rt", "reuters", "."]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_CAPTION_PIECES), max_size=10).map("".join))
def test_photo_credit_prefilter_never_hides_a_caption(line):
    """Lines naming no agency (or, for "Name / AGENCY", with no slash) skip the caption
    search; the answer is the one the full search gives."""
    full = bool(tails._PHOTO.match(line) or tails._CAPTION.search(line)
                or tails._PHOTO_ALONE.match(line))
    assert tails.is_photo_credit(line) == full
