"""Whole wire stories written for these tests: one per agency style and per trap."""

from __future__ import annotations

from collections.abc import Callable

from sana_archive.model import Inferred, Person, Quote

Story = Callable[[str], Inferred]


def test_irna_dateline_date_and_single_quotes(story: Story) -> None:
    got = story("irna_zarif")
    assert got.title == "Zarif: Regional dialogue is the only way forward"
    assert (got.location, got.source, got.date) == ("Tehran", "IRNA", "--02-03")
    assert got.speakers[0] == Person("Mohammad Javad Zarif", "Iranian Foreign Minister")
    assert got.weekday == "Wednesday"  # not the future trip "to Baghdad on Saturday"
    assert got.counterparts == ()  # "his Omani counterpart" has no name
    assert len(got.quotes) == 1 and got.quotes[0].speaker == "Mohammad Javad Zarif"
    assert got.quotes[0].text.startswith("We believe") and got.quotes[0].text.endswith("them.")


def test_reuters_credit_byline_and_press_conference_counterpart(story: Story) -> None:
    got = story("reuters_ankara")
    assert (got.location, got.source, got.weekday) == ("Ankara", "Reuters", "Tuesday")
    assert got.speakers[0] == Person("Mevlut Cavusoglu", "Turkish Foreign Minister")
    assert got.counterparts == ("Peter Szijjarto",)
    assert got.byline == "Reporting by Tuvan Gumrukcu; Editing by Jonathan Spicer"
    assert "Reporting by" not in got.body
    assert got.quotes[0].speaker == "Mevlut Cavusoglu"


def test_xinhua_visiting_counterpart_and_alias_folding(story: Story) -> None:
    got = story("xinhua_beijing")
    assert (got.location, got.source, got.date, got.weekday) == (
        "Beijing", "Xinhua", "--03-02", "Thursday")
    assert got.title is None
    assert got.speakers[0].name == "Wang Yi"
    assert got.counterparts == ("Fayssal Mikdad",)  # written "Fayssal Mekdad"


def test_ap_abbreviated_role_and_phone_counterpart(story: Story) -> None:
    got = story("ap_un")
    assert (got.location, got.source, got.weekday) == ("United Nations", "AP", "Friday")
    assert got.speakers[0] == Person("Antonio Guterres", "U.N. Secretary-General")
    assert got.counterparts == ("Sergey Lavrov",)  # "Sergei Lavrov" in the text
    assert got.quotes == (Quote("The humanitarian situation is dire and getting worse",
                                "Antonio Guterres"),)


def test_syria_times_credit_and_comma_role(story: Story) -> None:
    got = story("syria_times")
    assert got.title == "Haddad: Syria will liberate every inch of its territory"
    assert (got.location, got.source, got.weekday) == ("Damascus", "Syria Times", "Sunday")
    assert got.speakers[0] == Person("Rami Haddad",
                                     "Deputy Prime Minister, Foreign and Expatriates Minister")
    assert "Breaking News" not in got.body and "page-chrome" in got.tails
    assert got.quotes[0].speaker == "Rami Haddad"


def test_kazinform_author_label_stamp_and_read_also(story: Story) -> None:
    got = story("kazinform")
    assert got.title == "Guarantor states agree on next round of Astana talks"
    assert (got.location, got.source, got.date) == ("Nur-Sultan", "Kazinform", "2019-04-26")
    assert got.byline == "Aigerim Seitkali"
    assert got.speakers[0] == Person("Beibut Atamkulov", "Kazakhstan's Foreign Minister")
    assert got.quotes[0].speaker == "Beibut Atamkulov"
    assert got.weekday is None
    assert "check-also" not in got.tails and "read-also" in got.tails
    assert "Almaty" not in got.body and "Read also" not in got.body
    assert "Astana Syria talks" not in got.body
    assert got.body.startswith("NUR-SULTAN. KAZINFORM")


def test_geneva_weekday_of_other_event_and_check_also_traps(story: Story) -> None:
    got = story("sana_geneva")
    assert (got.location, got.source) == ("Geneva", "SANA")
    assert got.speakers[0] == Person(
        "Bashar al-Jaafari",
        "head of the Syrian government team at the Geneva round")
    assert got.weekday is None  # "attacks ... on Tuesday"; "on Sunday" only in the tail
    assert got.counterparts == ()  # "the UN envoy" is not a name
    assert got.byline == "Qabas/ Hazem Sabbagh"
    assert got.tails == ("check-also",)
    assert "Aleppo" not in got.body and "Bassam Ibrahim" not in got.body


def test_tasnim_joint_subject_future_weekday_and_most_visited(story: Story) -> None:
    got = story("tasnim")
    assert got.title == "Iran, Russia Discuss Syria Peace Efforts"
    assert (got.location, got.source, got.weekday, got.date) == (
        "Tehran", "Tasnim", "Monday", None)
    assert got.speakers[0].name == "Hossein Jaberi Ansari"
    assert got.counterparts == ("Mikhail Bogdanov",)
    assert got.tails == ("popular",) and "Most Visited" not in got.body


def test_sputnik_photo_credit_is_not_a_byline_and_widgets_go(story: Story) -> None:
    got = story("sputnik")
    assert got.title == "Zakharova: Western Claims on Syria Are Baseless"
    assert (got.location, got.source, got.weekday) == ("Moscow", "Sputnik", "Thursday")
    assert got.byline is None
    assert got.speakers[0] == Person("Maria Zakharova", "Russian Foreign Ministry spokeswoman")
    assert "Newsfeed" not in got.body and "©" not in got.body and "Subscribe" not in got.body
    assert "comments" in got.tails


def test_blog_header_date_is_not_the_story_date(story: Story) -> None:
    got = story("blog_repost")
    assert got.title == "Ambassador: talks in Vienna will resume next week"
    assert (got.location, got.date, got.weekday) == ("New York", None, "Monday")
    assert got.source == "Reuters"  # the credit line beats "IRNA reported"
    assert "Source: Reuters" not in got.body and "Friday" not in got.body


def test_outlets_and_unnamed_counterparts_are_not_counterparts(story: Story) -> None:
    got = story("interview_outlet")
    assert got.speakers[0].name == "Sergey Lavrov"
    assert got.counterparts == ()
    assert got.weekday == "Sunday"  # "interview ... broadcast on Sunday"
    assert got.byline == "Reem/ Mazen"


def test_plain_body_without_dateline_or_speaker(story: Story) -> None:
    got = story("plain_body")
    assert (got.title, got.location, got.source, got.speakers) == (None, None, None, ())
    assert "no dateline found" in got.warnings and "no speaker found" in got.warnings
    assert got.body.count("\n\n") == 1


def test_xinhua_enditem_met_with_visiting_and_dated_dateline(story: Story) -> None:
    got = story("xinhua_damascus")
    assert (got.location, got.source, got.date, got.weekday) == (
        "Damascus", "Xinhua", "--01-05", "Sunday")
    assert got.speakers[0] == Person("Bashar al-Assad", "Syrian President")
    assert got.counterparts == ("Hossein Amir-Abdollahian",)
    assert got.body.endswith("reaffirmed Iran's support for Syria.")


def test_tass_slash_credit_and_counterpart_named_after_counterpart(story: Story) -> None:
    got = story("tass_moscow")
    assert (got.location, got.source, got.date, got.weekday) == (
        "Moscow", "TASS", "--03-05", "Thursday")
    assert got.counterparts == ("Fayssal Mikdad",)  # "his Syrian counterpart Faisal Mekdad"
    assert got.quotes == (Quote("We will continue our cooperation", "Sergey Lavrov"),)


def test_unnamed_lead_official_named_later(story: Story) -> None:
    got = story("reuters_beirut")
    assert (got.location, got.source, got.weekday) == ("Beirut", "Reuters", "Monday")
    assert got.speakers[0] == Person("Fayssal Mikdad", "Foreign Minister")
    assert got.byline == "Reporting by Maya Gebeily; Editing by Alex Richardson"
    assert "Reporting by" not in got.body


def test_family_name_first_short_mention(story: Story) -> None:
    got = story("xinhua_spokesperson")
    assert got.speakers[0] == Person("Mao Ning", "Chinese Foreign Ministry spokesperson")
    assert got.quotes == (Quote("China calls on relevant parties to remain calm", "Mao Ning"),)
    assert (got.date, got.weekday) == ("--10-09", "Monday")


def test_no_dateline_page_furniture_inside_the_story(story: Story) -> None:
    got = story("sputnik_no_dateline")
    assert got.title == "Russia Says It Will Respond to New US Sanctions"
    assert (got.location, got.source) == (None, None)
    assert got.body.startswith("Russian Deputy Foreign Minister Sergei Ryabkov said")
    assert "Subscribe" not in got.body and "©" not in got.body
    assert got.speakers[0].name == "Sergei Ryabkov"
    assert got.quotes[0].speaker == "Sergei Ryabkov"
    assert "no dateline found" in got.warnings
