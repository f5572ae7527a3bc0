"""The two articles the archive was created from must read exactly as an archivist would."""

from __future__ import annotations

from pathlib import Path

import pytest

from sana_archive.inference import infer
from sana_archive.model import Inferred, Quote
from sana_archive.registry import Registries

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")


def _seed(name: str, registries: Registries) -> Inferred:
    return infer((SEEDS / name).read_text(encoding="utf-8"), registries)


def test_seed_000_headline_dateline_speaker_and_tail(registries: Registries) -> None:
    got = _seed("000_4dc12a91d0b3cd92.txt", registries)
    assert got.title == "Lavrov: Moscow to conduct more communications regarding crisis in Syria"
    assert (got.location, got.source, got.date, got.weekday) == ("Moscow", "SANA", None, "Monday")
    assert got.speakers[0].name == "Sergey Lavrov"
    assert got.speakers[0].role == "Russian Foreign Affairs Minister"
    # Zannier held the press conference with him; nothing he said is reported.
    assert [p.name for p in got.speakers] == ["Sergey Lavrov"]
    assert got.counterparts == ("Lamberto Zannier",)
    assert got.quotes == (Quote("moderate non-terrorist opposition", "Sergey Lavrov"),)
    assert got.byline == "Hazem Sabbagh"
    assert got.tails == ("check-also",)
    assert "Check Also" not in got.body and "Dagestan" not in got.body
    assert "Hazem Sabbagh" not in got.body and got.title not in got.body
    assert got.body.startswith("Moscow, SANA – Russian Foreign Affairs Minister")
    assert got.body.endswith("the Western alliance’s operations in Syria.")
    assert "\n\n" in got.body and "\n\n\n" not in got.body


def test_seed_004_no_headline_stitched_quote(registries: Registries) -> None:
    got = _seed("004_40d3876f89d77e1f.txt", registries)
    assert got.title is None
    assert (got.location, got.source, got.date, got.weekday) == (
        "Moscow", "SANA", None, "Wednesday")
    assert got.speakers[0].name == "Sergey Lavrov"
    assert got.speakers[0].role == "Russian Foreign Minister"
    assert got.counterparts == ("Adel al-Jubeir",)
    assert got.byline == "Manar/Mazen"
    assert len(got.quotes) == 1
    quote = got.quotes[0]
    assert quote.speaker == "Sergey Lavrov"
    assert quote.text.startswith("we know Saudi Arabia’s stance")
    assert "to put it mildly. But we are unanimous" in quote.text
    assert quote.text.endswith("of course.")
    assert "Manar/Mazen" not in got.body
    assert got.body.count("\n\n") == 6  # seven wire paragraphs, one blank line between each
    assert "Astana process" in got.topics and "Chemical weapons" in got.topics
