"""Where the story is: headline, dateline, header stamps, body paragraphs and sign-off.

A scraped page is read as header chrome, headline, dateline lead, body, sign-off and tail.
Splitting it once, before any field is inferred, is what keeps a city, weekday or official
that only appears in chrome or in a tail out of the metadata.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from sana_archive.inference.byline import author_label, sign_off
from sana_archive.inference.dateline import Dateline, credit_line, parse_dateline
from sana_archive.inference.dates import full_date
from sana_archive.inference.tails import (
    is_chrome,
    is_photo_credit,
    is_staff_code,
    is_trailing_chrome,
    tail_start,
)
from sana_archive.registry import fold_key

_HEAD_LINES = 40
# A publish stamp is labelled, timed or ISO; "Friday, September 18, 2020" opening a page is
# the day the page was rendered, not the story's date.
_STAMP = re.compile(r"\b(?:date|published|posted|updated)\b|\d\d?:\d\d|\d{4}-\d\d-\d\d",
                    re.IGNORECASE)
_RENDERED = re.compile(r"^\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", re.IGNORECASE)
_SENTENCE_END = (".", "”", '"', "»", "’", "!", "?")
_MIN_LEAD = 50
@dataclass(frozen=True, slots=True)
class Layout:
    title: str | None
    dateline: Dateline | None
    paragraphs: tuple[str, ...]
    byline: str | None
    header_date: str | None
    credit: str | None
    tails: tuple[str, ...]
    stamp: str | None = None  # the header line the date was read from


def _is_headline(line: str) -> bool:
    words = line.split()
    opens = line[0].isalnum() or line[0] in "“\"‘«'"
    return (2 <= len(words) <= 30 and opens and len(line) <= 250 and not line.endswith((".", ":"))
            and not is_chrome(line)
            and parse_dateline(line) is None)


def _header(lines: list[str], end: int) -> tuple[str | None, str | None, str | None, bool]:
    """(title, byline, publish date, chrome seen) from the lines before the story starts.

    The headline is the first headline-shaped line of three words or more; two-word lines
    up there are nearly always section names or site names ("Middle East", "IRNA English").
    """
    candidates: list[str] = []
    byline = date = None
    for index in range(end):
        line = lines[index]
        label = author_label(lines, index)
        if label:
            byline = byline or label
        elif _is_headline(line) and sign_off(line) is None:
            candidates.append(line)
        elif date is None and len(line) <= 90 and _STAMP.search(line) and not _RENDERED.match(line):
            date = full_date(line)
    title = next((c for c in candidates if len(c.split()) >= 3),
                 candidates[0] if candidates else None)
    chrome = any(line != title and line != byline for line in lines[:end])
    return title, byline, date, chrome


def _first_paragraph(lines: list[str]) -> int:
    """The first line that reads as story text; tails are only looked for after it, so that
    menu words in the page header ("Latest news", "Popular") never cut the story."""
    return next((i for i, line in enumerate(lines)
                 if len(line) >= 100 or (len(line) >= 40 and line.endswith(_SENTENCE_END))), 0)


def _find_dateline(lines: list[str]) -> tuple[int | None, Dateline | None]:
    for index, line in enumerate(lines[:_HEAD_LINES]):
        if len(line) >= _MIN_LEAD:
            dateline = parse_dateline(line)
            if dateline:
                return index, dateline
    return None, None


def _untitled_start(lines: list[str]) -> tuple[int, str | None, bool]:
    """Without a dateline: (first story line, headline if the text opens with one, chrome?)."""
    start = 0
    while start < len(lines) and start < _HEAD_LINES and is_chrome(lines[start]):
        start += 1
    chrome = start > 0
    if start < len(lines) - 1 and _is_headline(lines[start]) and sign_off(lines[start]) is None:
        return start + 1, lines[start], chrome
    return start, None, chrome


def _drop_furniture(lines: list[str], tails: list[str]) -> list[str]:
    """"© Sputnik / ...", "Subscribe": furniture, wherever in the story the scraper left it."""
    body: list[str] = []
    for line in lines:
        kind = "photo-credit" if is_photo_credit(line) else (
            "page-chrome" if is_chrome(line) else None)
        if kind is None:
            body.append(line)
        elif kind not in tails:
            tails.append(kind)
    if body and body[-1].endswith("Enditem"):
        # Xinhua closes with "Enditem", on its own line or glued to the last sentence.
        body[-1] = body[-1][: -len("Enditem")].rstrip()
        if not body[-1]:
            body.pop()
    return body


def _strip_closing(body: list[str], after_tail: bool, locations: Collection[str]
                   ) -> tuple[str | None, str | None]:
    """Pop the sign-off, credit line, desk codes (and, before a tail, tags) off the end.

    Returns (sign-off, credited source); the sign-off under the story beats any "By" label
    in the page header.
    """
    byline = credit = None
    while len(body) > 1:
        last = body[-1]
        got = None if byline else sign_off(last)
        if got and not any(w in locations for w in fold_key(got).split()):
            byline = got
        elif credit is None and credit_line(last):
            credit = credit_line(last)
        elif not (is_staff_code(last) or (after_tail and is_trailing_chrome(last))):
            break
        body.pop()
    return byline, credit


def split_story(text_lines: list[str], locations: Collection[str] = ()) -> Layout:
    """Cut a cleaned page into its parts; tails and chrome are dropped and labelled."""
    tails: list[str] = []
    cut, label = tail_start(text_lines, _first_paragraph(text_lines))
    lines = text_lines[:cut]
    if label:
        tails.append(label)

    start, dateline = _find_dateline(lines)
    if start is not None:
        title, header_byline, date, chrome = _header(lines, start)
    else:
        start, title, chrome = _untitled_start(lines)
        header_byline = date = None
    if chrome:
        tails.append("page-chrome")

    body = _drop_furniture(lines[start:], tails)
    byline, credit = _strip_closing(body, label is not None, locations)
    return Layout(title, dateline, tuple(body), byline or header_byline, date, credit,
                  tuple(tails))
