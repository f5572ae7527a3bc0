"""Words and punctuation with their offsets: the unit every sentence-level rule reads."""

from __future__ import annotations

import re
from typing import NamedTuple

_TOKEN = re.compile(r"(?:[A-Z]\.)+(?![a-z])|[^\W\d_](?:[\w'’.\-]*\w)?|\d[\w,.:]*|[^\w\s]")


class Token(NamedTuple):
    """A word or punctuation mark with its offsets (a tuple: built thousands of times)."""

    text: str
    start: int
    end: int
    low: str


def tokenize(paragraph: str, marks: list[int] | None = None,
             openers: frozenset[str] = frozenset(), prefixes: tuple[str, ...] = ()
             ) -> list[Token]:
    """Tokens of a paragraph; when ``marks`` is given, the indices of tokens that could open
    a mention (capitalised, in ``openers`` or starting with one of ``prefixes``) are appended
    to it in the same pass, because a second loop over every token costs as much again."""
    out: list[Token] = []
    append, new, find = out.append, tuple.__new__, paragraph.find
    # Case-fold once: slicing the folded text is cheaper than folding every word.
    folded = paragraph.casefold()
    if len(folded) != len(paragraph):  # "ß" and friends change length; fold per word
        folded = ""
    initials = {w[0] for w in (*openers, *prefixes) if w}
    at = 0
    for word in _TOKEN.findall(paragraph):
        at = find(word, at)
        end = at + len(word)
        if marks is not None:
            first = word[0]
            if first.isupper() or (first in initials and (word in openers
                                                          or word.startswith(prefixes))):
                marks.append(len(out))
        append(new(Token, (word, at, end, folded[at:end] if folded else word.casefold())))
        at = end
    return out
