"""Shared fixtures: the sample site's registries and the wire texts written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sana_archive.content.registries import REGISTRY_FILES, build_registries
from sana_archive.inference import infer
from sana_archive.model import Inferred
from sana_archive.registry import Registries

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "inference"


@pytest.fixture(scope="session")
def registries() -> Registries:
    """The sample site's registries, read by the site's own reader (and free of problems)."""
    data = ROOT / "content" / "_data"
    texts = {name: (data / name).read_text(encoding="utf-8") for name in REGISTRY_FILES}
    registries, problems = build_registries(texts, "content/_data")
    assert problems == []
    return registries


@pytest.fixture(scope="session")
def story(registries: Registries) -> Callable[[str], Inferred]:
    """Infer a fixture by file stem, with the sample registries."""

    def read(stem: str) -> Inferred:
        return infer((FIXTURES / f"{stem}.txt").read_text(encoding="utf-8"), registries)

    return read
