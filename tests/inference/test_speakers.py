"""Role + name patterns, short mentions, collisions and counterparts, one sentence at a time."""

from __future__ import annotations

import pytest

from sana_archive.inference import infer
from sana_archive.model import Person
from sana_archive.registry import Registries

LEAD = "Damascus, SANA – "


@pytest.mark.parametrize(
    ("lead", "name", "role"),
    [
        ("Russian Foreign Minister Sergey Lavrov said the talks were useful.",
         "Sergey Lavrov", "Russian Foreign Minister"),
        ("Foreign and Expatriates Minister Walid al-Moallem received the envoy.",
         "Walid al-Moallem", "Foreign and Expatriates Minister"),
        ("Deputy Prime Minister, Foreign and Expatriates Minister Rami Haddad said so.",
         "Rami Haddad", "Deputy Prime Minister, Foreign and Expatriates Minister"),
        ("Russian Foreign Ministry spokeswoman Maria Zakharova called the reports invented.",
         "Maria Zakharova", "Russian Foreign Ministry spokeswoman"),
        ("Bashar al-Jaafari, head of the government team in Vienna, called it useful.",
         "Bashar al-Jaafari", "head of the government team in Vienna"),
        ("Foreign and Expatriates’ Minister, Faysal Mikdad, vowed that Syria would hold.",
         "Fayssal Mikdad", "Foreign and Expatriates Minister"),
        ("Iran’s Foreign Minister Mohammad Javad Zarif called the round positive.",
         "Mohammad Javad Zarif", "Iran’s Foreign Minister"),
        ("Minister of Higher Education Dr. Bassam Ibrahim opened the conference.",
         "Bassam Ibrahim", "Minister of Higher Education"),
    ],
)
def test_role_and_name_at_first_full_mention(registries: Registries, lead: str, name: str,
                                             role: str) -> None:
    got = infer(LEAD + lead + "\n\nHe added that more meetings would follow.", registries)
    assert got.speakers[0] == Person(name, role)


def test_short_mentions_attach_to_the_person_named_in_the_story(
        registries: Registries) -> None:
    text = (LEAD + "Iraqi Foreign Minister Ibrahim al-Jaafari arrived in Damascus.\n\n"
            "Al-Jaafari said “the visit opens a new page”.")
    got = infer(text, registries)
    assert got.speakers[0].name == "Ibrahim al-Jaafari"  # not Bashar al-Jaafari
    assert got.quotes[0].speaker == "Ibrahim al-Jaafari"


def test_alias_spellings_fold_to_the_registry_name(registries: Registries) -> None:
    got = infer(LEAD + "Deputy Foreign Minister Faisal Mekdad said the meeting was useful.",
                registries)
    assert got.speakers[0].name == "Fayssal Mikdad"
    assert not any("not in registry" in w for w in got.warnings)


def test_unknown_speaker_is_kept_and_flagged(registries: Registries) -> None:
    got = infer(LEAD + "Lebanese Foreign Minister Abdallah Bou Habib said it was useful.",
                registries)
    assert got.speakers[0].name == "Abdallah Bou Habib"
    assert "speaker not in registry: Abdallah Bou Habib" in got.warnings


def test_spokesman_reporting_after_a_quote_is_the_speaker(registries: Registries) -> None:
    text = ("BAGHDAD, A statement from the ministry noted that its minister, Ibrahim "
            "al-Jaafari, had sent notes to several capitals.\n\n"
            "\"The notes went out last week,\" Foreign Ministry spokesman Karim Dabbous said.")
    got = infer(text, registries)
    assert got.speakers[0] == Person("Karim Dabbous", "Foreign Ministry spokesman")


@pytest.mark.parametrize(
    ("sentence", "counterparts"),
    [
        ("Lavrov held talks with UN Secretary-General Antonio Guterres.", ("Antonio Guterres",)),
        ("Lavrov reviewed with UN Secretary-General Antonio Guterres the aid corridors.",
         ("Antonio Guterres",)),
        ("Speaking at a joint press conference with OSCE Secretary General Lamberto "
         "Zannier, Lavrov said so.", ("Lamberto Zannier",)),
        ("Lavrov met his UAE counterpart in Moscow.", ()),
        ("In an interview with Kazakh TV channel Khabar, Lavrov said so.", ()),
        ("Lavrov said UN Special Envoy Staffan de Mistura will visit Damascus.", ()),
    ],
)
def test_counterparts(registries: Registries, sentence: str, counterparts: tuple[str, ...]
                      ) -> None:
    text = (LEAD + "Russian Foreign Minister Sergey Lavrov spoke on the crisis.\n\n" + sentence)
    assert infer(text, registries).counterparts == counterparts


def test_joint_subjects_make_counterparts(registries: Registries) -> None:
    text = (LEAD + "Russian Foreign Minister Sergei Lavrov and Secretary of State John Kerry of "
            "the US went over the ceasefire map by telephone on Saturday.")
    got = infer(text, registries)
    assert got.speakers[0].name == "Sergey Lavrov"
    assert got.counterparts == ("John Kerry",)
    assert got.weekday == "Saturday"


def test_someone_on_whose_behalf_talks_were_held_is_not_a_counterpart(
        registries: Registries) -> None:
    text = ("DAMASCUS (Sputnik) Belarusian Defense Minister Anton Hrebenko, acting on behalf "
            "of Belarusian President Ivan Sokal, discussed army training with Syrian President "
            "Bashar Assad, his office said on Saturday.")
    got = infer(text, registries)
    assert got.speakers[0] == Person("Anton Hrebenko", "Belarusian Defense Minister")
    assert got.counterparts == ("Bashar al-Assad",)


@pytest.mark.parametrize(
    ("sentence", "counterparts"),
    [
        ("President Bashar al-Assad received on Sunday Iranian Foreign Minister Hossein "
         "Amir-Abdollahian and the officials travelling with him.",
         ("Hossein Amir-Abdollahian",)),
        ("President Bashar al-Assad received a phone call from Russian President Vladimir "
         "Putin.", ("Vladimir Putin",)),
        ("President Bashar al-Assad held a phone call with his Iraqi counterpart Abdul Latif "
         "Rashid.", ("Abdul Latif Rashid",)),
        ("President Bashar al-Assad received a message from Russian President Vladimir Putin.",
         ()),
    ],
)
def test_received_and_phoned_counterparts(registries: Registries, sentence: str,
                                          counterparts: tuple[str, ...]) -> None:
    got = infer(LEAD + sentence, registries)
    assert got.speakers[0].name == "Bashar al-Assad"
    assert got.counterparts == counterparts


def test_initials_and_surname_only_full_mentions(registries: Registries) -> None:
    got = infer(LEAD + "UN Special Envoy for Syria Geir O. Pedersen called the meeting useful.",
                registries)
    assert got.speakers[0] == Person("Geir Pedersen", "UN Special Envoy for Syria")
    got = infer(LEAD + "Russian Foreign Minister Lavrov said the talks were useful.", registries)
    assert got.speakers[0] == Person("Sergey Lavrov", "Russian Foreign Minister")


def test_lead_subject_after_a_leading_article(registries: Registries) -> None:
    got = infer(LEAD + "The Russian Foreign Minister Sergey Lavrov met the envoy.", registries)
    assert got.speakers[0] == Person("Sergey Lavrov", "Russian Foreign Minister")


def test_head_of_a_received_delegation_is_a_counterpart(registries: Registries) -> None:
    text = (LEAD + "Foreign Minister Fayssal Mikdad received on Monday a delegation headed by "
            "Iranian Deputy Foreign Minister Ali Bagheri Kani.")
    assert infer(text, registries).counterparts == ("Ali Bagheri Kani",)


def test_organisations_are_not_people_and_press_secretaries_are(
        registries: Registries) -> None:
    text = ("WASHINGTON (Reuters) - The White House said on Monday it would respond. Press "
            "Secretary Karine Jean-Pierre told reporters the matter was under review.")
    got = infer(text, registries)
    assert got.speakers == (Person("Karine Jean-Pierre", "Press Secretary"),)


def test_joint_subject_with_his_counterpart(registries: Registries) -> None:
    text = ("TEHRAN, Jan. 14 (MNA) – Iranian Foreign Minister Hossein Amir-Abdollahian and his "
            "Syrian counterpart Fayssal Mekdad held talks in Tehran on Saturday.")
    got = infer(text, registries)
    assert (got.source, got.weekday) == ("MNA", "Saturday")
    assert got.speakers[0].name == "Hossein Amir-Abdollahian"
    assert got.counterparts == ("Fayssal Mikdad",)


@pytest.mark.parametrize(
    ("lead", "name", "role"),
    [
        ("UNRWA Commissioner-General Philippe Lazzarini said funds were short.",
         "Philippe Lazzarini", "UNRWA Commissioner-General"),
        ("Iranian FM Mohammad Javad Zarif said funds were short.",
         "Mohammad Javad Zarif", "Iranian FM"),
        ("Russia's top diplomat Sergei Lavrov said funds were short.",
         "Sergey Lavrov", "Russia's top diplomat"),
        ("Kremlin spokesman Dmitry Peskov said President Vladimir Putin would attend.",
         "Dmitry Peskov", "Kremlin spokesman"),
    ],
)
def test_more_title_shapes(registries: Registries, lead: str, name: str, role: str) -> None:
    assert infer("GENEVA (Reuters) - " + lead, registries).speakers[0] == Person(name, role)


def test_a_possessive_name_is_part_of_the_next_role(registries: Registries) -> None:
    got = infer(LEAD + "Syrian President Bashar al-Assad’s political and media adviser "
                "Bouthaina Shaaban said the talks were useful.", registries)
    assert got.speakers == (Person(
        "Bouthaina Shaaban", "Syrian President Bashar al-Assad’s political and media adviser"),)


@pytest.mark.parametrize(
    ("text", "name", "counterparts"),
    [
        ("Moscow, SANA – Russia's Foreign Ministry said on Monday that Lavrov met the Syrian "
         "envoy in Moscow.", "Sergey Lavrov", ()),
        ("Damascus, SANA – In a phone call with his Iranian counterpart Hossein "
         "Amir-Abdollahian on Monday, Foreign Minister Fayssal Mikdad discussed the latest "
         "developments.", "Fayssal Mikdad", ("Hossein Amir-Abdollahian",)),
        ("Damascus, SANA – “Syria will not give up,” President Bashar al-Assad said on Sunday.",
         "Bashar al-Assad", ()),
    ],
)
def test_subject_found_after_an_opening_clause_or_quote(
        registries: Registries, text: str, name: str, counterparts: tuple[str, ...]) -> None:
    got = infer(text, registries)
    assert got.speakers[0].name == name
    assert got.counterparts == counterparts
