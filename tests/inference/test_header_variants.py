"""Header and closing shapes met on real pages, in stories written for these tests."""

from __future__ import annotations

from sana_archive.inference import infer
from sana_archive.registry import Registries

EMPTY = Registries.build()


def test_a_stamp_a_day_after_a_yearless_dateline_gives_the_year() -> None:
    got = infer("Updated: 12 Oct 2019 10:00\n5 minutes ago\nNews ID: 84211\n"
                "Minister: contacts continue\n\nOSLOVIK, October 11. /TASS/. Northland Foreign "
                "Minister Ilse Varga said on Friday that contacts continue every day.", EMPTY)
    assert (got.date, got.title, got.source) == ("2019-10-11", "Minister: contacts continue",
                                                 "TASS")


def test_a_stamp_far_from_the_dateline_is_not_used() -> None:
    got = infer("Time in Veldia: 11:07, 29 March 2024\n\nVeldia holds talks\n\nVELDIA, OCTOBER "
                "2, ARMENPRESS. Foreign Minister Ilse Varga said the talks were useful.", EMPTY)
    assert got.date == "--10-02"


def test_a_dotted_timed_stamp_and_a_new_year_dateline() -> None:
    got = infer("Talks go on\n00:15 02.01.2020\nOSLOVIK, December 31. /TASS/. Foreign Minister "
                "Ilse Varga said on Tuesday that the talks would go on.", EMPTY)
    assert got.date == "2019-12-31"


def test_a_weekday_date_under_the_headline_is_the_story_stamp() -> None:
    above = infer("Thursday, 14 March 2019\n\nMinister meets envoy\n\nVeldia, SANA- Foreign "
                  "Minister Ilse Varga received on Thursday the envoy.", EMPTY)
    below = infer("Minister meets envoy\n\nThursday, 14 March 2019\n\nVeldia, SANA- Foreign "
                  "Minister Ilse Varga received on Thursday the envoy.", EMPTY)
    assert above.date is None  # a site header printing the day the page was rendered
    assert below.date == "2019-03-14"


def test_a_by_line_under_the_story_is_the_sign_off_without_its_label() -> None:
    got = infer("OSLOVIK (AA) - Foreign Minister Ilse Varga said Monday that the border would "
                "stay open.\n\nBy Jane Doe", EMPTY)
    assert got.byline == "Jane Doe"
    assert "Jane Doe" not in got.body


def test_dateline_and_agency_byline_on_one_line() -> None:
    got = infer("Envoys to visit next week\n\nBAKU, Azerbaijan, March 4. By Aynur Karimli – "
                "Trend:\n\nThe envoys will come next week, Foreign Minister Ilse Varga said on "
                "March 4.", EMPTY)
    assert (got.location, got.source, got.byline, got.date) == (
        "Baku", "Trend", "Aynur Karimli", "--03-04")


def test_quotes_go_to_whoever_the_sentence_says_said_them() -> None:
    got = infer(
        "Veldia, SANA – Foreign Minister Ilse Varga said on Monday that the so-called “moderate "
        "opposition” in the valley serves foreign interests.\n\n"
        "Varga met Southland Foreign Minister Tomas Brandt, who said: “Our countries will keep "
        "talking until the border is settled.”\n\n"
        "“The door remains open,” Varga added.\n\n"
        "In a phone call with Varga, Eastland’s minister Piet Roos stressed that “stability "
        "benefits everyone,” according to the ministry.", EMPTY)
    assert [(q.text, q.speaker) for q in got.quotes] == [
        ("Our countries will keep talking until the border is settled.", "Tomas Brandt"),
        ("The door remains open", "Ilse Varga"),
        ("stability benefits everyone", "Piet Roos"),
    ]  # the scare-quoted "moderate opposition" is nobody's statement
    assert got.counterparts == ("Tomas Brandt", "Piet Roos")


def test_an_agency_no_list_knows_after_a_known_or_capitalised_city() -> None:
    from sana_archive.registry import LocationEntry

    places = Registries.build(locations=[LocationEntry("Veldia")])
    lead = " – Foreign Minister Ilse Varga said on Monday that the talks had gone well."
    assert infer("Veldia, Lakepost" + lead, places).source == "Lakepost"
    assert infer("VELDIA, Lakepost" + lead, EMPTY).source == "Lakepost"
    unknown = infer("Varga, Brandt" + lead, places)
    assert (unknown.location, unknown.source) == (None, None)
