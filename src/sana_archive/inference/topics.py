"""Topics from the registry's keywords, matched as whole words in title and body."""

from __future__ import annotations

import re

from sana_archive.inference.memo import IdentityMemo
from sana_archive.registry import TopicEntry

_WORD = re.compile(r"\w+")


def _build_keywords(topics: tuple[TopicEntry, ...]
              ) -> tuple[dict[str, int], list[tuple[str, str, int]]]:
    """Single-word keywords (a set lookup per word) and phrases (a substring search each),
    built once per registry: one big regex alternation costs more than the whole article."""
    words: dict[str, int] = {}
    phrases: list[tuple[str, str, int]] = []  # (phrase, its first word, topic index)
    for index, topic in enumerate(topics):
        for keyword in (*topic.keywords, topic.name):
            key = " ".join(keyword.casefold().split())
            first = _WORD.match(key)
            if not first:
                continue
            if first.end() == len(key):
                words.setdefault(key, index)
            else:
                phrases.append((key, first.group(), index))
    return words, phrases


def _has_phrase(text: str, phrase: str) -> bool:
    at = text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or
                                                         not text[end].isalnum()):
            return True
        at = text.find(phrase, at + 1)
    return False


_keywords = IdentityMemo(_build_keywords)


def find_topics(topics: tuple[TopicEntry, ...], *texts: str) -> tuple[str, ...]:
    """Registry order, canonical names; case-insensitive whole-word matches."""
    if not topics:
        return ()
    words, phrases = _keywords(topics)
    hits: set[int] = set()
    for text in texts:
        low = text.casefold()
        present = set(_WORD.findall(low))
        hits.update(words[w] for w in words.keys() & present)
        # A phrase can only occur if its first word does: a set lookup saves most searches.
        hits.update(index for phrase, first, index in phrases
                    if index not in hits and first in present and _has_phrase(low, phrase))
    return tuple(topics[i].name for i in sorted(hits))
