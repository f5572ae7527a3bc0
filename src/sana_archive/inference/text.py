"""Normalising scraped wire text before anything reads it.

Wire copy arrives through scrapers, blogs and reposts: stray HTML, entities, non-breaking
spaces, control bytes and every dash the keyboard offers. Every later rule is written
against one plain shape, so the differences are removed once, here, and never again.
"""

from __future__ import annotations

import html
import re

# Anything past this is not a news story; rules still run but only over the head of it,
# so a 5 MB paste costs no more than a long article.
ANALYSIS_LIMIT = 60_000

_TAG = re.compile(r"<(?:[a-zA-Z/!][^<>\n]{0,400})>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\ufeff\u2028\u2029]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_DASH_AS = {"\u2012": "–", "\u2013": "–", "\u2014": "—", "\u2015": "—"}  # others: "-"
# Exotic spaces become plain ones, then runs collapse: two passes that each scan at C
# speed, where one clever pattern would stop at every ordinary space.
_ODD_SPACE = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN = re.compile(r"  +")
# Any character the three passes above replace: most stories have none, and one scan for
# all of them costs what one pass costs.
_ANY_ODD = re.compile("[" + "".join(p.pattern[1:-1] for p in (_CONTROL, _DASHES, _ODD_SPACE)) + "]")
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’»)]?\s+(?=[“\"‘«(]?[A-Z])")

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def clean(text: str) -> str:
    """Remove markup and invisible noise while keeping every line break that carries meaning.

    En and em dashes are kept distinct from hyphens because datelines use them as
    separators while names use hyphens ("Nur-Sultan"); only the exotic dashes are unified.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    if _ANY_ODD.search(text) is not None:
        text = _CONTROL.sub("", text)
        text = _DASHES.sub(lambda m: _DASH_AS.get(m.group(), "-"), text)
        text = _ODD_SPACE.sub(" ", text)
    return _SPACE_RUN.sub(" ", text)


def split_lines(text: str) -> list[str]:
    """Non-empty stripped lines: wire text uses single and double newlines alike."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def split_sentences(paragraph: str) -> list[str]:
    """Sentence split good enough for wire copy (abbreviations merge at worst, never lose text)."""
    return [s for s in _SENTENCE_END.split(paragraph) if s]


def has_letters(line: str) -> bool:
    return any(ch.isalpha() for ch in line)


def title_case(word: str) -> str:
    """Upper-case datelines to the way places are written, hyphens and apostrophes kept."""
    out = []
    start = True
    for index, ch in enumerate(word):
        out.append(ch.upper() if start else ch.lower())
        # "N'DJAMENA" -> "N'Djamena": a letter and an apostrophe make an elided article
        start = ch in " -" or (ch in "'’" and (index == 1 or word[index - 2] in " -"))
    return "".join(out)
