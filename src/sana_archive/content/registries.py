"""``content/_data/*.yaml`` -> Registries, with located problems."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sana_archive.model import Diagnostic
from sana_archive.registry import (
    Registries,
    parse_locations,
    parse_sources,
    parse_speakers,
    parse_topics,
)
from sana_archive.yamlload import load_yaml

REGISTRY_FILES = ("speakers.yaml", "locations.yaml", "topics.yaml", "sources.yaml")
_PARSERS: dict[str, Callable[[Any, str], tuple[list[Any], list[Diagnostic]]]] = {
    "speakers.yaml": parse_speakers,
    "locations.yaml": parse_locations,
    "topics.yaml": parse_topics,
}


def build_registries(
    texts: Mapping[str, str | None], data_dir: str
) -> tuple[Registries, list[Diagnostic]]:
    """``texts`` maps each registry file name to its text (None when the file is absent)."""
    problems: list[Diagnostic] = []
    parsed: dict[str, list[Any]] = {}
    for name in REGISTRY_FILES:
        text = texts.get(name)
        path = f"{data_dir}/{name}"
        if text is None:
            parsed[name] = []
            continue
        doc = load_yaml(text, path)
        problems.extend(doc.diagnostics)
        if any(d.level == "error" for d in doc.diagnostics):
            entries, more = [], []
        elif name == "sources.yaml":  # its parser also reads the text, for anchors' lines
            entries, more = parse_sources(doc.value, path, text)
        else:
            entries, more = _PARSERS[name](doc.value, path)
        problems.extend(more)
        parsed[name] = entries
    registries = Registries.build(
        parsed["speakers.yaml"],
        parsed["locations.yaml"],
        parsed["topics.yaml"],
        parsed["sources.yaml"],
    )
    return registries, problems
