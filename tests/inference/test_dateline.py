"""Every dateline house style the wire services use, and lines that only look like one."""

from __future__ import annotations

import pytest

from sana_archive.inference.dateline import credit_line, parse_dateline, weak_source


@pytest.mark.parametrize(
    ("line", "city", "source", "date"),
    [
        ("Moscow, SANA – Russian Foreign Minister said", "Moscow", "SANA", None),
        ("Damascus, April 14 (Prensa Latina) Lebanese Foreign Minister Nabil Hamdan said",
         "Damascus", "Prensa Latina", "--04-14"),
        ("Genève, SANA- The minister said", "Genève", "SANA", None),
        ("GENÈVE (Reuters) - The envoy said", "Genève", "Reuters", None),
        ("Moscow, SANA-Russian Foreign Minister said", "Moscow", "SANA", None),
        ("Geneva-SANA_ Bashar al-Jaafari said", "Geneva", "SANA", None),
        ("Damascus, (ST)- Deputy Premier said", "Damascus", "Syria Times", None),
        ("TEHRAN, Feb. 3 (IRNA) -- Iran's Foreign Minister said", "Tehran", "IRNA", "--02-03"),
        ("Tehran, Feb 3, IRNA – Foreign Minister said", "Tehran", "IRNA", "--02-03"),
        ("UNITED NATIONS (AP) — The Secretary-General said", "United Nations", "AP", None),
        ("NUR-SULTAN. KAZINFORM – The envoy said", "Nur-Sultan", "Kazinform", None),
        ("NUR-SULTAN. KAZINFORM The envoy said", "Nur-Sultan", "Kazinform", None),
        ("Beijing, March 2 (Xinhua) -- Chinese Foreign Minister", "Beijing", "Xinhua", "--03-02"),
        ("ANKARA (Reuters) - Turkey's foreign minister said", "Ankara", "Reuters", None),
        ("TEHRAN (Tasnim) - Iran's top diplomat said", "Tehran", "Tasnim", None),
        ("DAMASCUS (Sputnik) Russian Defense Minister held talks", "Damascus", "Sputnik", None),
        ("NEW YORK – President of the Security Council said", "New York", None, None),
        ("BAGHDAD, The foreign ministry said", "Baghdad", None, None),
        ("WASHINGTON, Jan. 5, 2017 (Reuters) - The U.S. said", "Washington", "Reuters",
         "2017-01-05"),
        ("Occupied Jerusalem, SANA – Israeli forces", "Occupied Jerusalem", "SANA", None),
    ],
)
def test_dateline_forms(line: str, city: str, source: str | None, date: str | None) -> None:
    got = parse_dateline(line)
    assert got is not None
    assert (got.city, got.source, got.date) == (city, source, date)
    assert line[got.end:][:1].isalpha()


@pytest.mark.parametrize(
    "line",
    [
        "Belarusian Defense Minister, Syrian President Review Army Training",
        "Lavrov, Kerry Go Over Ceasefire Map",
        "Russian Foreign Minister Sergey Lavrov said on Monday that talks would resume.",
        "The ministry wrote – in a short note – that nothing changed.",
    ],
)
def test_headlines_and_leads_are_not_datelines(line: str) -> None:
    assert parse_dateline(line) is None


def test_unknown_credit_is_kept_as_written() -> None:
    got = parse_dateline("Baku, (Trend News) – Azerbaijan's foreign minister said")
    assert got is not None and got.source == "Trend News"


def test_credit_line_and_weak_fallback() -> None:
    assert credit_line("Source: Reuters") == "Reuters"
    assert credit_line("Source: National Iraqi News Agency") == "National Iraqi News Agency"
    assert credit_line("The source said") is None
    assert weak_source("the council will not meet, IRNA reported on Wednesday.") == "IRNA"
    assert weak_source("the Foreign Ministry reported on Wednesday.") is None


def test_tass_style_slashes() -> None:
    got = parse_dateline("MOSCOW, March 5. /TASS/. Russian Foreign Minister said")
    assert got is not None
    assert (got.city, got.source, got.date) == ("Moscow", "TASS", "--03-05")


def test_city_with_lower_case_article() -> None:
    got = parse_dateline("Deir ez-Zor, SANA – Army units continued operations in the area.")
    assert got is not None and (got.city, got.source) == ("Deir ez-Zor", "SANA")
