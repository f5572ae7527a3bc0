"""Quotation marks of every kind, attribution from the words around them, and stitching."""

from __future__ import annotations

from sana_archive.inference import infer
from sana_archive.inference.quotes import find_quotes
from sana_archive.model import Quote
from sana_archive.registry import Registries

LEAD = "Moscow, SANA – Russian Foreign Minister Sergey Lavrov said on Monday that talks matter.\n\n"


def test_marks_nest_and_apostrophes_do_not_close() -> None:
    spans = find_quotes("He said “we reject “moderate” labels.” Then ‘Iran’s role,’ he added.")
    assert [s.text for s in spans] == ["we reject “moderate” labels.", "Iran’s role"]
    assert [s.text for s in find_quotes("«Three years,» said he. \"Open")] == [
        "Three years", "Open"]
    assert find_quotes("Syria’s and Iran’s positions are clear.") == []


def test_attribution_after_before_and_by_pronoun(registries: Registries) -> None:
    text = (LEAD + "“We will continue,” Lavrov said.\n\n"
            "He stressed “there is no military solution”.\n\n"
            "Earlier, Iran’s Ambassador Kazem Jalali said the visit was useful.\n\n"
            "“It was a good visit,” he said.")
    got = infer(text, registries)
    assert got.quotes == (
        Quote("We will continue", "Sergey Lavrov"),
        Quote("there is no military solution", "Sergey Lavrov"),
        Quote("It was a good visit", "Kazem Jalali"),
    )


def test_statement_quotes_belong_to_nobody(registries: Registries) -> None:
    text = (LEAD + "“Lavrov stressed Russia’s firm stance,” the statement added.\n\n"
            "“The meeting was useful,” the ministry said in a statement.")
    got = infer(text, registries)
    assert [q.speaker for q in got.quotes] == [None, None]


def test_quoted_him_as_saying(registries: Registries) -> None:
    text = (LEAD + "“We follow the issue closely,” IRNA quoted him as saying.")
    assert infer(text, registries).quotes == (
        Quote("We follow the issue closely", "Sergey Lavrov"),)


def test_stitched_around_he_added(registries: Registries) -> None:
    text = (LEAD + "Lavrov said “the first part.”\n\n“The second part.” He added.")
    assert infer(text, registries).quotes == (
        Quote("the first part. The second part.", "Sergey Lavrov"),)


def test_different_speakers_are_not_stitched(registries: Registries) -> None:
    text = (LEAD + "“Ours,” Lavrov said.\n\n"
            "“Theirs,” UN Secretary-General Antonio Guterres said.")
    assert [q.speaker for q in infer(text, registries).quotes] == [
        "Sergey Lavrov", "Antonio Guterres"]


def test_a_scare_quoted_phrase_does_not_run_into_the_next_paragraph(
        registries: Registries) -> None:
    text = ("GENEVA (Reuters) - UN Special Envoy Geir Pedersen said on Friday that both sides "
            "had shown \"some flexibility\".\n\n\"I am cautiously optimistic,\" Pedersen told "
            "a news conference.")
    assert infer(text, registries).quotes == (
        Quote("some flexibility", "Geir Pedersen"),
        Quote("I am cautiously optimistic", "Geir Pedersen"),
    )
