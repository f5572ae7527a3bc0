"""Explicit calendar dates as the text states them, never computed from a weekday."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|" \
         r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")
_DMY = re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH})\s*,?\s+(?P<y>(?:19|20)\d\d)\b")
_MDY = re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
                  rf"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b")
_SLASHED = re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)\b")
_DOTTED = re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)\b")
_MD = re.compile(rf"^(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:,?\s+(?P<y>\d{{4}}))?$"
                 rf"|^(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}}))?$"
                 r"|^(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})\.(?P<y3>\d{4})$"
                 r"|^(?P<a4>\d{1,2})/(?P<b4>\d{1,2})/(?P<y4>\d{4})$", re.IGNORECASE)


def _format(year: int | None, month: int, day: int) -> str | None:
    try:
        dt.date(year or 2000, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _month(name: str) -> int:
    return _MONTHS[name[:3].casefold()]


def parse_month_day(text: str) -> str | None:
    """"Feb 3" -> "--02-03", "Feb. 3, 2016" -> "2016-02-03" (dateline credits)."""
    match = _MD.match(text.strip())
    if not match:
        return None
    if match.group("d3"):  # "04.12.2024": day, month, year as Europe writes them
        return _format(int(match.group("y3")), int(match.group("m3")), int(match.group("d3")))
    if match.group("y4"):  # "11/03/2024": read only when day and month can't be swapped
        return slashed(int(match.group("a4")), int(match.group("b4")), int(match.group("y4")))
    year = match.group("y") or match.group("y2")
    month = match.group("m") or match.group("m2")
    day = match.group("d") or match.group("d2")
    return _format(int(year) if year else None, _month(month), int(day))


def full_date(text: str) -> str | None:
    """The first full date (with a year) written in a short stamp such as a page header."""
    text = text.replace("،", ",")
    match = _ISO.search(text)
    if match:
        return _format(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    match = _DMY.search(text)
    if match:
        return _format(int(match.group("y")), _month(match.group("m")), int(match.group("d")))
    match = _MDY.search(text)
    if match and match.group("y"):
        return _format(int(match.group("y")), _month(match.group("m")), int(match.group("d")))
    match = _DOTTED.search(text)
    if match:  # "08:15 19.06.2017": day, month and year as Europe writes them
        return _format(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    match = _SLASHED.search(text)
    if match:
        return slashed(int(match.group("a")), int(match.group("b")), int(match.group("y")))
    return None


def slashed(first: int, second: int, year: int) -> str | None:
    """"03/03/2019", "25/12/2019", "12/25/2019": a slashed date only when the order of day
    and month can't matter; "11/03/2024" is March in Europe and November in America."""
    if first == second or (first > 12) != (second > 12):
        day, month = (first, second) if first > 12 or first == second else (second, first)
        return _format(year, month, day)
    return None


_ON_DATE = re.compile(rf"\bon\s+(?:\w+day,?\s+)?(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})"
                      rf"(?:\s*,?\s+(?P<y1>(?:19|20)\d\d))?|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})"
                      rf"(?:st|nd|rd|th)?(?:,?\s+(?P<y2>(?:19|20)\d\d))?)\b")


# "at the summit in Beijing June 19, the minister said": a date after the place, no "on".
_PLACE_DATE = re.compile(rf"\b(?:in|at) (?:[A-Z][\w'’-]+ ){{1,2}}(?:(?P<d1>\d{{1,2}})\s+"
                         rf"(?P<m1>{_MONTH})|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}}))"
                         rf"(?:,?\s+(?P<y1>(?:19|20)\d\d))?\b(?P<y2>)")


def stated_dates(sentence: str) -> list[tuple[int, str]]:
    """("on 12 April 2017" -> offset, "2017-04-12") for each "on <date>" in a sentence, and
    for a date written straight after the place ("in Beijing June 19")."""
    return [(start, value) for start, _, value in stated_date_spans(sentence)]


def stated_date_spans(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, value) of each date ``stated_dates`` finds."""
    out = []
    matches = sorted([*_ON_DATE.finditer(sentence), *_PLACE_DATE.finditer(sentence)],
                     key=lambda m: m.start())
    for match in matches:
        day = match.group("d1") or match.group("d2")
        month = match.group("m1") or match.group("m2")
        year = match.group("y1") or match.group("y2")
        value = _format(int(year) if year else None, _month(month), int(day))
        if value:
            out.append((match.start(), match.end(), value))
    return out
