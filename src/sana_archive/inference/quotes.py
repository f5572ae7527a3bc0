"""Finding direct quotations in a paragraph.

Only the quote characters are visited (a regex over them), never every character, so a
long paragraph costs little. Curly and angle quotes nest; straight quotes toggle; a single
‘ only opens at a word start, because ’ is far more often an apostrophe than a closing mark.
A quote still open at the paragraph's end runs to it: wire copy opens multi-paragraph
quotes without closing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKS = re.compile(r"[“”«»\"‘’]")
_PAIRS = {"“": "”", "«": "»"}
# "Luxembourg ‘s counterpart": a mistyped apostrophe, not an opening quote.
_APOSTROPHE_S = re.compile(r"s\b")


@dataclass(frozen=True, slots=True)
class Span:
    """A quotation: ``start``/``end`` include the marks, ``text`` is what was said."""

    start: int
    end: int
    text: str
    complete: bool  # ends like an utterance ("...,” he said"), not a scare-quoted phrase


def _span(paragraph: str, start: int, end: int, closed: bool) -> Span | None:
    inner = paragraph[start + 1:end - 1 if closed else end].strip()
    text = inner.rstrip(",").strip()
    if len(text) < 2 or not any(c.isalpha() for c in text):
        return None
    return Span(start, end, text, not closed or inner.endswith((".", ",", "?", "!", "…")))


def find_quotes(paragraph: str) -> list[Span]:
    spans: list[Span] = []
    opener: str | None = None
    open_at = depth = 0
    for match in _MARKS.finditer(paragraph):
        mark, at = match.group(), match.start()
        after = paragraph[at + 1:at + 2]
        if opener is None:
            before = paragraph[at - 1:at] if at else " "
            if mark in _PAIRS or mark == '"' or (
                    mark == "‘" and (after.isalnum() or after in " .") and not before.isalnum()
                    and not _APOSTROPHE_S.match(paragraph, at + 1)):
                opener, open_at, depth = mark, at, 1
            continue
        if opener in _PAIRS:
            if mark == opener:
                depth += 1
            elif mark == _PAIRS[opener]:
                depth -= 1
        elif (opener == '"' and mark == '"') or (opener == "‘" and mark == "’"
                                                and not after.isalnum()):
            depth = 0
        if depth == 0:
            span = _span(paragraph, open_at, at + 1, True)
            if span:
                spans.append(span)
            opener = None
    if opener is not None:
        span = _span(paragraph, open_at, len(paragraph), False)
        if span:
            spans.append(span)
    return spans


_SCARE_CUE = re.compile(r"(?:so[- ]called|the|a|an|its|their|his|her|our|this|these|those)\s*$",
                        re.IGNORECASE)


def is_scare_quote(paragraph: str, span: Span) -> bool:
    """"the so-called “moderate opposition”": a phrase held at arm's length, not a statement.

    A short quoted phrase that does not end like an utterance and follows an article, a
    possessive or "so-called" is a name for something, not words someone said. A word or two
    quoted after a verb ("called the talks “productive”") is the speaker's own word and kept.
    """
    if span.complete or len(span.text.split()) > 6:
        return False
    return bool(_SCARE_CUE.search(paragraph[max(0, span.start - 12):span.start]))
