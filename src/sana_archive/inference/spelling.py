"""Transliteration variants: "Shokri"/"Shoukry", "Qasemi"/"Ghasemi", "Mekdad"/"Mikdad".

Agencies write Arabic and Persian names in Latin letters each their own way, mostly
differing in vowels, doubled letters and a few consonant spellings. A name the registry
does not list, whose every word has the same consonant skeleton as exactly one registered
spelling, is that registered person; the reading is marked as weak so an archivist sees it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sana_archive.inference.memo import IdentityMemo
from sana_archive.registry import Registries, fold_key

_PARTICLES = frozenset(["al", "el", "ad", "as", "an", "ar", "at", "az", "ash", "bin", "ibn", "abu"])
# Consonant spellings that stand for one Arabic or Persian letter.
_DIGRAPHS = (("gh", "q"), ("kh", "k"), ("ch", "sh"), ("ou", "u"), ("ph", "f"), ("dh", "d"),
             ("th", "t"), ("ck", "k"), ("c", "k"), ("j", "g"), ("w", "v"))
_VOWELS = re.compile(r"[aeiouy']")
_DOUBLED = re.compile(r"(.)\1+")


def skeleton(name: str) -> str:
    """The consonants of a name's words, particles dropped: "Walid al-Moaalem" -> "vld mlm"."""
    words = [w for w in fold_key(name).replace("-", " ").split() if w not in _PARTICLES]
    out = []
    for word in words:
        for old, new in _DIGRAPHS:
            word = word.replace(old, new)
        word = _DOUBLED.sub(r"\1", _VOWELS.sub("", word[1:]).join((word[0], "")))
        out.append(_DOUBLED.sub(r"\1", word))
    return " ".join(out)


def _index(registries: Registries) -> Mapping[str, str | None]:
    """Skeleton -> canonical name, None where two registered people share a skeleton."""
    table: dict[str, str | None] = {}
    for entry in registries.speakers:
        for spelling in (entry.name, *entry.aliases):
            key = skeleton(spelling)
            if len(key.split()) < 2:
                continue
            if table.get(key, entry.name) != entry.name:
                table[key] = None
            else:
                table[key] = entry.name
    return table


_skeletons = IdentityMemo(_index)


def registered_variant(registries: Registries, written: str) -> str | None:
    """The registered person a spelling of two or more words is a variant of, if just one."""
    key = skeleton(written)
    if len(key.split()) < 2:
        return None
    return _skeletons(registries).get(key)
