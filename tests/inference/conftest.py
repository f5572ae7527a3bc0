"""Shared fixtures: the sample site's registries and the wire texts written for these tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sana_archive.inference import infer
from sana_archive.model import Inferred
from sana_archive.registry import Registries, parse_locations, parse_speakers, parse_topics

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "inference"
SEEDS = ROOT.parent / "shared" / "seeds"


def _read(name: str) -> Any:
    return yaml.safe_load((ROOT / "content" / "_data" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def registries() -> Registries:
    speakers, _ = parse_speakers(_read("speakers.yaml"), "speakers.yaml")
    locations, _ = parse_locations(_read("locations.yaml"), "locations.yaml")
    topics, _ = parse_topics(_read("topics.yaml"), "topics.yaml")
    return Registries.build(speakers, locations, topics)


@pytest.fixture(scope="session")
def story(registries: Registries):  # type: ignore[no-untyped-def]
    """Infer a fixture by file stem, with the sample registries."""

    def read(stem: str) -> Inferred:
        return infer((FIXTURES / f"{stem}.txt").read_text(encoding="utf-8"), registries)

    return read
