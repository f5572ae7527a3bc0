"""Words and punctuation with their offsets: the unit every sentence-level rule reads."""

from __future__ import annotations

import re
from typing import NamedTuple

_TOKEN = re.compile(r"(?:[A-Z]\.)+(?![a-z])|[^\W\d_](?:[\w'’.\-]*\w)?|\d[\w,.:]*|[^\w\s]")
# Each token with the gap before it, so its offset is counted rather than searched for.
# Every character either opens a token or is whitespace or "_" (a test holds this for all
# of Unicode), so the gap always reaches a token or the end, which ``\Z`` matches: the
# pattern never fails part way, and a long run of spaces costs one pass, not one a character.
_SPACED = re.compile(rf"([\s_]*)({_TOKEN.pattern}|\Z)")


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
    to it, read from the words alone in one comprehension after the loop."""
    pairs = _SPACED.findall(paragraph)
    while pairs and not pairs[-1][1]:  # the end of the text, matched by ``\Z``
        pairs.pop()
    out: list[Token] = []
    append, new = out.append, tuple.__new__
    at = 0
    # Case-fold once: slicing the folded text is cheaper than folding every word.
    folded = paragraph.casefold()
    if len(folded) == len(paragraph):
        for gap, word in pairs:
            at += len(gap)
            end = at + len(word)
            append(new(Token, (word, at, end, folded[at:end])))
            at = end
    else:  # "ß" and friends change length; fold per word
        for gap, word in pairs:
            at += len(gap)
            end = at + len(word)
            append(new(Token, (word, at, end, word.casefold())))
            at = end
    if marks is not None:
        initials = {w[0] for w in (*openers, *prefixes) if w}
        marks += [index for index, (_, word) in enumerate(pairs)
                  if word[0].isupper() or (word[0] in initials and (
                      word in openers or word.startswith(prefixes)))]
    return out
