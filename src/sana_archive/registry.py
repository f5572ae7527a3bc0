"""Curated names: speakers, locations and topics from ``content/_data/``.

Wire services spell the same official many ways ("Sergei"/"Sergey" Lavrov, "al-Moallem"/
"Muallem"); the registries fold those spellings into one canonical name so that a speaker
has one page. A name that is not in a registry is kept as written, never dropped.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sana_archive.model import Diagnostic

# Invisible characters that change no letter but make two spellings differ byte for byte:
# zero-width space, word joiner, byte-order mark, soft hyphen. The joiners (ZWJ, ZWNJ)
# shape Persian and Indic words, so they are removed only from names with no such script.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\u180e"))
_JOINERS = dict.fromkeys(map(ord, "\u200c\u200d"))
# Full-width ASCII (U+FF01-FF5E) and the ideographic space, as East Asian input methods type
# them: "Ｗａｌｉｄ" is "Walid".
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@lru_cache(maxsize=1 << 16)
def clean_name(name: str) -> str:
    """One spelling for one sequence of letters: NFC, invisible characters removed,
    full-width Latin made plain, white space collapsed.

    Applied to every name before it is compared, folded or slugged, so that "Fayçal" typed
    with a precomposed ç and with c + combining cedilla is one person with one page.
    """
    text = unicodedata.normalize("NFC", name).translate(_INVISIBLE).translate(_FULL_WIDTH)
    if not any(ord(ch) >= 0x0590 and ch.isalpha() for ch in text):
        text = text.translate(_JOINERS)
    return " ".join(text.split())


@lru_cache(maxsize=1 << 16)
def fold_key(name: str) -> str:
    """A spelling-insensitive key: case, accents, apostrophes, hyphens and spaces ignored.

    Cached: the same few thousand names are folded again and again across an archive.
    """
    text = unicodedata.normalize("NFKD", clean_name(name))
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


@dataclass(frozen=True, slots=True)
class SourceAnchor:
    """A post whose id and date an archivist verified: a fixed point of the id sequence."""

    id: int
    date: dt.date
    line: int = 1


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """An agency: its names, the URL shapes that carry its sequential post id, its anchors.

    ``urls`` are templates, not regular expressions (a registry is typed by hand and must
    not be able to hang a build): ``{id}`` stands for the digits of the post id, ``*`` for
    any run of characters within a host name; the scheme is ignored.
    """

    name: str
    aliases: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    anchors: tuple[SourceAnchor, ...] = ()
    line: int = 1

    def post_id(self, url: str) -> int | None:
        """The post id in ``url`` if it has one of this agency's shapes."""
        bare = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", url.strip())
        for template in self.urls:
            if template.count("{id}") != 1:
                continue
            match = url_pattern(template).fullmatch(bare)
            if match:
                return int(match.group(1))
        return None


@functools.lru_cache(maxsize=256)
def url_pattern(template: str) -> re.Pattern[str]:
    """A registry URL template as a pattern: ``{id}`` digits, ``*`` part of a host name;
    whatever follows the id after ``&``, ``#`` or ``/`` is allowed."""
    bare = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", template.strip())
    parts = [re.escape(p).replace(r"\*", "[^/?#]*") for p in bare.split("{id}", 1)]
    return re.compile(f"{parts[0]}([0-9]{{1,12}})(?![0-9]){parts[1]}(?:[&#/].*)?", re.I | re.S)


def _index(entries: Iterable[SpeakerEntry | LocationEntry | SourceEntry]) -> dict[str, str]:
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
    sources: tuple[SourceEntry, ...] = ()
    _source_index: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    _topic_index: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(
        cls,
        speakers: Iterable[SpeakerEntry] = (),
        locations: Iterable[LocationEntry] = (),
        topics: Iterable[TopicEntry] = (),
        sources: Iterable[SourceEntry] = (),
    ) -> Registries:
        speakers, locations, topics = tuple(speakers), tuple(locations), tuple(topics)
        sources = tuple(sources)
        return cls(
            speakers,
            locations,
            topics,
            _index(speakers),
            _index(locations),
            sources,
            _index(sources),
            {fold_key(t.name): t.name for t in reversed(topics)},
        )

    def canonical_source(self, name: str) -> str:
        """"Syrian Arab News Agency" -> "SANA" when sources.yaml says so."""
        return self._source_index.get(fold_key(name), name)

    def canonical_speaker(self, name: str) -> str:
        return self._speaker_index.get(fold_key(name), name)

    def speaker(self, name: str) -> SpeakerEntry | None:
        canonical = self._speaker_index.get(fold_key(name))
        return next((s for s in self.speakers if s.name == canonical), None)

    def is_known_speaker(self, name: str) -> bool:
        return fold_key(name) in self._speaker_index

    def canonical_topic(self, name: str) -> str:
        """The registry's spelling of a topic ("chemical weapons" -> "Chemical weapons")."""
        return self._topic_index.get(fold_key(name), name)

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
        listed = row.get("roles") or []
        if not isinstance(listed, list):
            problems.append(Diagnostic(
                path, 1, 1, "warning",
                f"speaker {row['name']!r}: roles must be a list of titles or "
                "{title, from, to} mappings; ignored"))
            listed = []
        for role in listed:
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
                clean_name(str(row["name"])),
                _strings(row.get("aliases")),
                tuple(roles),
                row.get("country"),
            )
        )
    return out, problems


def parse_locations(doc: Any, path: str) -> tuple[list[LocationEntry], list[Diagnostic]]:
    try:
        rows = _entries(doc, path, {}, "locations")
    except ValueError as exc:
        return [], [Diagnostic(path, 1, 1, "error", str(exc))]
    out = []
    problems: list[Diagnostic] = []
    for row in rows:
        name = clean_name(str(row["name"]))
        lat = _coordinate(row.get("latitude"), 90.0)
        lon = _coordinate(row.get("longitude"), 180.0)
        if (lat is None) != (row.get("latitude") is None) or (lon is None) != (
                row.get("longitude") is None):
            problems.append(Diagnostic(
                path, 1, 1, "warning",
                f"location {name!r}: latitude must be a number within ±90 and longitude within "
                "±180; the place is not drawn on the map"))
            lat = lon = None
        out.append(LocationEntry(name, _strings(row.get("aliases")), row.get("country"), lat, lon))
    return out, problems


def _coordinate(value: Any, limit: float) -> float | None:
    """A finite number within ±``limit`` (".inf", ".nan" and 270 are not places on Earth)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and -limit <= number <= limit else None


def parse_topics(doc: Any, path: str) -> tuple[list[TopicEntry], list[Diagnostic]]:
    try:
        rows = _entries(doc, path, {}, "topics")
    except ValueError as exc:
        return [], [Diagnostic(path, 1, 1, "error", str(exc))]
    return [
        TopicEntry(clean_name(str(r["name"])), _strings(r.get("keywords")) or (str(r["name"]),))
        for r in rows
    ], []


def _line_of(text: str, pattern: str, start: int = 0) -> tuple[int, int]:
    """(line, offset) of the first match of ``pattern`` at or after ``start``, for
    diagnostics: the YAML loader gives lines of top-level keys only."""
    match = re.compile(pattern, re.M).search(text, start)
    if match is None:
        return 1, start
    return text.count("\n", 0, match.start()) + 1, match.start()


def parse_sources(
    doc: Any, path: str, text: str = ""
) -> tuple[list[SourceEntry], list[Diagnostic]]:
    """``sources.yaml``: agencies with aliases, URL templates and anchors [{id, date}].

    A bad anchor is reported with its line and left out; the rest of the entry is kept.
    """
    try:
        rows = _entries(doc, path, {}, "sources")
    except ValueError as exc:
        return [], [Diagnostic(path, 1, 1, "error", str(exc))]
    out: list[SourceEntry] = []
    problems: list[Diagnostic] = []
    cursor = 0
    for row in rows:
        name = str(row["name"])
        line, cursor = _line_of(text, rf"name:\s*['\"]?{re.escape(name)}", cursor)
        urls = _strings(row.get("urls"))
        for url in urls:
            if url.count("{id}") != 1:
                problems.append(
                    Diagnostic(path, line, 1, "error", f"source {name!r}: URL {url!r} "
                               "needs exactly one {id} where the post id stands")
                )
        anchors: list[SourceAnchor] = []
        raw = row.get("anchors") or []
        if not isinstance(raw, list):
            problems.append(
                Diagnostic(path, line, 1, "error", f"source {name!r}: anchors must be a list")
            )
            raw = []
        for anchor in raw:
            where = line
            try:
                if not isinstance(anchor, dict):
                    raise ValueError("expected {id: N, date: YYYY-MM-DD}")
                ident = anchor.get("id")
                if isinstance(ident, bool) or not str(ident).isdigit():
                    raise ValueError(f"id {ident!r} is not a post number")
                where, _ = _line_of(text, rf"\bid:\s*['\"]?{int(str(ident))}\b", cursor)
                day = _date(anchor.get("date"))
                if day is None:
                    raise ValueError("no date")
                anchors.append(SourceAnchor(int(str(ident)), day, where))
            except (TypeError, ValueError) as exc:
                problems.append(
                    Diagnostic(path, where, 1, "error",
                               f"source {name!r}: bad anchor {anchor!r} ({exc}); left out")
                )
        out.append(
            SourceEntry(
                name, _strings(row.get("aliases")), urls, tuple(anchors), line
            )
        )
    return out, problems
