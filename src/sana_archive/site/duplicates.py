"""Probable duplicates among people and places: one person should have one page.

Agencies transliterate the same name many ways ("Walid al-Moallem" / "al-Moaalem", "Sameh
Shokri" / "Shoukry", "Bahram Qasemi" / "Ghasemi") and a registry cannot list every spelling
in advance. Folding them automatically would merge different people (Hassan is not
Hussein), so the archive *proposes*: each proposal names both spellings, the files where
each is written, and the registry line that would fold them. The archivist decides.

Two names are proposed as one when, after accents, case, punctuation and Arabic articles
("al-", "el-") are set aside, they have the same *skeleton*: the consonants with the
transliteration variants of one Arabic or Persian letter made one (q/gh/k, ou/u/o, ee/i/y),
doubled letters single, and each run of vowels reduced to its first. A name is also
proposed for a registry entry whose first and last names it shares (a middle name added or
left out).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sana_archive.registry import Registries, fold_key
from sana_archive.site.graph import Site

# Words that are not part of a name's identity when comparing spellings.
_ARTICLES = frozenset({"al", "el", "ul", "ad", "ed", "as", "es", "ash", "ar", "at", "az", "an"})
_DIGRAPHS = (
    ("kh", "k"),
    ("gh", "k"),
    ("q", "k"),
    ("ck", "k"),
    ("c", "k"),
    ("ph", "f"),
    ("v", "w"),
    ("dh", "d"),
    ("th", "t"),
    ("zh", "j"),
    ("dj", "j"),
    ("oo", "u"),
    ("ou", "u"),
    ("o", "u"),
    ("ee", "i"),
    ("ei", "i"),
    ("ie", "i"),
    ("y", "i"),
    ("e", "i"),
)
_VOWELS = "aiu"
_MAX_FILES = 3


def skeleton(name: str) -> str:
    """A spelling-insensitive key of a transliterated name (see the module docstring);
    word breaks are ignored too ("Deir Ezzor", "Deir ez-Zor")."""
    return _word_skeleton("".join(_words(name)))


def _words(name: str) -> list[str]:
    return [w for w in fold_key(name).split(" ") if w and w not in _ARTICLES]


def _ends(name: str) -> tuple[str, str] | None:
    """The skeletons of the first and last names, for names of two words or more."""
    words = _words(name)
    if len(words) < 2:
        return None
    return _word_skeleton(words[0]), _word_skeleton(words[-1])


def _word_skeleton(word: str) -> str:
    word = re.sub(r"[^a-z]", "", word)
    for written, sound in _DIGRAPHS:
        word = word.replace(written, sound)
    out: list[str] = []
    for ch in word:
        if out and (out[-1] == ch or (out[-1] in _VOWELS and ch in _VOWELS)):
            continue
        out.append(ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Proposal:
    """Two spellings that are probably one name, and how to fold them."""

    facet: str  # "speakers" (people: speakers and counterparts) or "locations"
    spelling: str  # the spelling to fold
    into: str  # the spelling to keep: the registry's, else the more used one
    reason: str
    spelling_files: tuple[str, ...]
    into_files: tuple[str, ...]
    registered: bool  # ``into`` is already a registry entry

    @property
    def registry(self) -> str:
        return f"content/_data/{self.facet}.yaml"

    @property
    def line_to_add(self) -> str:
        if self.registered:
            return f"add {self.spelling!r} to the aliases of {self.into!r}"
        return f"- {{name: {self.into}, aliases: [{self.spelling}]}}"

    def message(self) -> str:
        kind = "speaker" if self.facet == "speakers" else "location"
        return (
            f"probable duplicate {kind}: {self.spelling!r} ({_files(self.spelling_files)}) "
            f"and {self.into!r} ({_files(self.into_files)}): {self.reason}; if they are one, "
            f"in {self.registry}: {self.line_to_add}"
        )


def _files(paths: tuple[str, ...]) -> str:
    shown = ", ".join(paths[:_MAX_FILES])
    more = len(paths) - _MAX_FILES
    return shown + (f" and {more} more" if more > 0 else "")


class _Names:
    """Each name of some facets and the statements it is written in, for the few names a
    proposal shows: counting a name's statements needs no file names, and gathering every
    name's files in site order took 0.17 s of a 100,000-statement edit."""

    def __init__(self, site: Site, facets: Iterable[str]) -> None:
        self._site = site
        self._lists: dict[str, list[tuple[int, ...]]] = defaultdict(list)
        for facet in facets:
            for term in site.facets.get(facet, ()):
                self._lists[term.name].append(term.articles)

    def __iter__(self) -> Iterator[str]:
        return iter(self._lists)

    def count(self, name: str) -> int:
        lists = self._lists.get(name, ())
        return len(lists[0]) if len(lists) == 1 else len(set().union(*lists))

    def files(self, name: str) -> tuple[str, ...]:
        """The files the name is written in: each facet's statements in site order."""
        seen: dict[int, None] = {}
        for members in self._lists.get(name, ()):
            seen.update(dict.fromkeys(members))
        return tuple(self._site.articles[index].source_path for index in seen)


def _entries(registries: Registries, facet: str) -> dict[str, tuple[str, ...]]:
    """Registry entry name -> its name and aliases."""
    rows = registries.speakers if facet == "speakers" else registries.locations
    return {row.name: (row.name, *row.aliases) for row in rows}


def propose_duplicates(site: Site, registries: Registries) -> list[Proposal]:
    """Probable duplicates not already folded by the registries, sorted."""
    proposals: list[Proposal] = []
    for facet, sources in (
        ("speakers", ("speakers", "counterparts")),
        ("locations", ("locations",)),
    ):
        files = _Names(site, sources)
        entries = _entries(registries, facet)
        known = registries.is_known_speaker if facet == "speakers" else registries.is_known_location
        by_skeleton: dict[str, str] = {}  # skeleton -> registry entry
        by_ends: dict[tuple[str, str], set[str]] = defaultdict(set)
        for entry, spellings in entries.items():
            for spelled in spellings:
                key = skeleton(spelled)
                if key:
                    by_skeleton.setdefault(key, entry)
                ends = _ends(spelled)
                if ends is not None:
                    by_ends[ends].add(entry)
        unknown = sorted(n for n in files if not known(n))
        seen: dict[str, str] = {}  # skeleton -> first unregistered name with it
        for name in sorted(unknown, key=lambda n: (-files.count(n), n)):
            key = skeleton(name)
            if not key:
                continue
            entry = by_skeleton.get(key)
            reason = "the same name in another transliteration"
            ends = _ends(name)
            if entry is None and ends is not None:
                matches = by_ends.get(ends, set())
                if len(matches) == 1:
                    entry = next(iter(matches))
                    reason = "the same first name and surname as a registry entry"
            if entry is not None:
                if fold_key(name) == fold_key(entry):
                    reason = "the same letters but for accents, case or punctuation"
                proposals.append(
                    Proposal(
                        facet,
                        name,
                        entry,
                        reason,
                        files.files(name),
                        files.files(entry),
                        True,
                    )
                )
                continue
            other = seen.get(key)
            if other is None:
                seen[key] = name
                continue
            if fold_key(name) == fold_key(other):
                reason = "the same letters but for accents, case or punctuation"
            proposals.append(
                Proposal(facet, name, other, reason, files.files(name), files.files(other), False)
            )
    return sorted(proposals, key=lambda p: (p.facet, p.spelling, p.into))
