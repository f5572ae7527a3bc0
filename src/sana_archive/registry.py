"""Curated names: speakers, locations and topics from ``content/_data/``.

Wire services spell the same official many ways ("Sergei"/"Sergey" Lavrov, "al-Moallem"/
"Muallem"); the registries fold those spellings into one canonical name so that a speaker
has one page. A name that is not in a registry is kept as written, never dropped.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sana_archive.model import Diagnostic


@lru_cache(maxsize=1 << 16)
def fold_key(name: str) -> str:
    """A spelling-insensitive key: case, accents, apostrophes, hyphens and spaces ignored.

    Cached: the same few thousand names are folded again and again across an archive.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("’", "").replace("'", "").replace("`", "")
    return re.sub(r"[\s\-‐-―_.]+", " ", text).strip()


@dataclass(frozen=True, slots=True)
class RoleSpan:
    """A role held between two dates (either end may be open)."""

    title: str
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class SpeakerEntry:
    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[RoleSpan, ...] = ()
    country: str | None = None

    def role_on(self, day: dt.date | None) -> str | None:
        """The registry's role for a date, so an undated role is never guessed from another era."""
        if day is None:
            return None
        for role in self.roles:
            if role.covers(day):
                return role.title
        return None


@dataclass(frozen=True, slots=True)
class LocationEntry:
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class TopicEntry:
    name: str
    keywords: tuple[str, ...] = ()


def _index(entries: Iterable[SpeakerEntry | LocationEntry]) -> dict[str, str]:
    table: dict[str, str] = {}
    for entry in entries:
        for spelling in (entry.name, *entry.aliases):
            table.setdefault(fold_key(spelling), entry.name)
    return table


@dataclass(frozen=True)
class Registries:
    """All three registries with their alias tables built once."""

    speakers: tuple[SpeakerEntry, ...] = ()
    locations: tuple[LocationEntry, ...] = ()
    topics: tuple[TopicEntry, ...] = ()
    _speaker_index: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    _location_index: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(
        cls,
        speakers: Iterable[SpeakerEntry] = (),
        locations: Iterable[LocationEntry] = (),
        topics: Iterable[TopicEntry] = (),
    ) -> Registries:
        speakers, locations, topics = tuple(speakers), tuple(locations), tuple(topics)
        return cls(speakers, locations, topics, _index(speakers), _index(locations))

    def canonical_speaker(self, name: str) -> str:
        return self._speaker_index.get(fold_key(name), name)

    def speaker(self, name: str) -> SpeakerEntry | None:
        canonical = self._speaker_index.get(fold_key(name))
        return next((s for s in self.speakers if s.name == canonical), None)

    def is_known_speaker(self, name: str) -> bool:
        return fold_key(name) in self._speaker_index

    def canonical_location(self, name: str) -> str:
        return self._location_index.get(fold_key(name), name)

    def location(self, name: str) -> LocationEntry | None:
        canonical = self._location_index.get(fold_key(name))
        return next((p for p in self.locations if p.name == canonical), None)

    def is_known_location(self, name: str) -> bool:
        return fold_key(name) in self._location_index


# ---- reading registry documents (already-loaded YAML values) ----------------------------


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value if v is not None)
    return ()


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    return dt.date.fromisoformat(str(value))


def _entries(doc: Any, path: str, key_lines: Mapping[str, int], kind: str) -> list[dict[str, Any]]:
    """Accept a list of mappings, or a top-level ``{kind: [...]}`` wrapper."""
    if isinstance(doc, dict) and kind in doc:
        doc = doc[kind]
    if doc is None:
        return []
    if not isinstance(doc, list) or not all(isinstance(e, dict) and e.get("name") for e in doc):
        raise ValueError(f"{kind} registry must be a list of mappings, each with a 'name'")
    return doc


def parse_speakers(doc: Any, path: str) -> tuple[list[SpeakerEntry], list[Diagnostic]]:
    out: list[SpeakerEntry] = []
    problems: list[Diagnostic] = []
    try:
        rows = _entries(doc, path, {}, "speakers")
    except ValueError as exc:
        return [], [Diagnostic(path, 1, 1, "error", str(exc))]
    for row in rows:
        roles: list[RoleSpan] = []
        for role in row.get("roles") or []:
            try:
                if isinstance(role, str):
                    roles.append(RoleSpan(role))
                else:
                    roles.append(
                        RoleSpan(str(role["title"]), _date(role.get("from")), _date(role.get("to")))
                    )
            except (KeyError, TypeError, ValueError) as exc:
                problems.append(
                    Diagnostic(
                        path, 1, 1, "error", f"speaker {row['name']!r}: bad role {role!r} ({exc})"
                    )
                )
        out.append(
            SpeakerEntry(
                str(row["name"]), _strings(row.get("aliases")), tuple(roles), row.get("country")
            )
        )
    return out, problems


def parse_locations(doc: Any, path: str) -> tuple[list[LocationEntry], list[Diagnostic]]:
    try:
        rows = _entries(doc, path, {}, "locations")
    except ValueError as exc:
        return [], [Diagnostic(path, 1, 1, "error", str(exc))]
    out = []
    for row in rows:
        lat, lon = row.get("latitude"), row.get("longitude")
        out.append(
            LocationEntry(
                str(row["name"]),
                _strings(row.get("aliases")),
                row.get("country"),
                float(lat) if isinstance(lat, int | float) else None,
                float(lon) if isinstance(lon, int | float) else None,
            )
        )
    return out, []


def parse_topics(doc: Any, path: str) -> tuple[list[TopicEntry], list[Diagnostic]]:
    try:
        rows = _entries(doc, path, {}, "topics")
    except ValueError as exc:
        return [], [Diagnostic(path, 1, 1, "error", str(exc))]
    return [
        TopicEntry(str(r["name"]), _strings(r.get("keywords")) or (str(r["name"]),)) for r in rows
    ], []
