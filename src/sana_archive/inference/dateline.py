"""Reading the dateline: the city, the credited agency and any date the agency stamped.

Agencies open the lead with "CITY, AGENCY –" in a dozen house styles; the variants below are
the ones wire services actually use. A candidate only counts when the part after the
city looks like a credit (an agency, a date, a parenthesis) so that a lead that merely
begins with a place name is not mistaken for a dateline.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from sana_archive.inference.dates import parse_month_day
from sana_archive.inference.text import title_case
from sana_archive.inference.vocab import (
    AGENCIES,
    COUNTRIES,
    DEMONYMS,
    FUNCTION_CAPS,
    MEDIA_WORDS,
    TITLE_WORDS,
)

# Latin letters with accents too: "Genève", "GENÈVE", "Bogotá", "Nouakchott".
_L = "A-Za-zÀ-ÖØ-öø-ÿ"
_WORD = rf"(?:[A-ZÀ-ÖØ-Þ]|(?:al|el|ez|ad|as|an|ar|at)-[A-Z])[{_L}'’.]*(?:-[{_L}'’.]+)*"
_CITY = rf"(?P<city>{_WORD}(?: {_WORD}){{0,3}})"
_SEP = r"(?:\s*(?:[–—_]+|-{1,2})\s*)"

# "Moscow, SANA –", "Damascus, (ST)-", "Tehran, Feb 3, IRNA –", "TEHRAN, Feb. 3 (IRNA) --"
_COMMA_CREDIT = re.compile(rf"{_CITY},\s*(?P<credit>[^–—_\n-]{{1,40}}?){_SEP}")
# "New York, SANA" alone on its line (the lead follows on the next one)
_COMMA_CREDIT_ALONE = re.compile(rf"{_CITY},\s*(?P<credit>[^–—_\n-]{{1,40}}?)\s*$")
_MONTH_NAME = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
# "YEREVAN, OCTOBER 2, ARMENPRESS. The ...": date, then the agency closed by a full stop
_COMMA_DATE_AGENCY = re.compile(
    rf"{_CITY},\s*(?P<date>{_MONTH_NAME}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH_NAME}"
    rf"(?:,?\s+\d{{4}})?),\s*"
    r"(?P<credit>[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,2}?)[.:]\s+", re.IGNORECASE)
# "Baku. 28 June. REPORT.AZ/ Russia ...": day and month between full stops, then the agency
_DOT_DATE_CREDIT = re.compile(
    rf"{_CITY}\.\s+(?P<date>\d{{1,2}}\s+{_MONTH_NAME}|{_MONTH_NAME}\s+\d{{1,2}})\.?\s+"
    r"(?P<credit>[A-Z][\w.&'’-]{1,24})\s*/?\s*")
# "Damascus, April 14 (Prensa Latina) Lebanese ...": a dated credit with no dash after it
_COMMA_DATE_PAREN = re.compile(
    rf"{_CITY},\s*(?P<credit>[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?\s*"
    rf"\([^()\n]{{1,40}}\)){_SEP}?\s*")
# "ANKARA (Reuters) -", "DAMASCUS (Sputnik) Russian ..."
_PAREN_CREDIT = re.compile(rf"{_CITY}\s*\((?P<credit>[^()\n]{{1,40}})\){_SEP}?\s*")
# "NUR-SULTAN. KAZINFORM –"
_DOT_CREDIT = re.compile(rf"{_CITY}\.\s+"
                         rf"(?P<credit>[A-Z]{{2,}}(?: [A-Z]{{2,}}){{0,2}}|[A-Z][a-z]+)\b{_SEP}?\s*")
# "MOSCOW, March 5. /TASS/."
_SLASH_CREDIT = re.compile(rf"{_CITY},\s*"
                           r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?)"
                           r"\.?\s*/(?P<credit>[A-Za-z][A-Za-z .-]{1,30})/\.?\s*")
# "Geneva-SANA_"
_HYPHEN_CREDIT = re.compile(r"(?P<city>[A-Z][a-z'’]+(?: [A-Z][a-z'’]+){0,2})-"
                            r"(?P<credit>[A-Z]{2,})(?:\s*[–—_]+|-{1,2}|\s)\s*")
# "NEW YORK –"
_BARE = re.compile(rf"{_CITY}\s+(?:[–—]|-{{1,2}})\s+")
# "BAGHDAD, The ministry said"
_CAPS_COMMA = re.compile(r"(?P<city>[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,3}),\s+(?=[A-Z])")

_CREDIT_DATE = re.compile(
    r"^(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:,?\s+\d{4})?|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"
    r"(?:,?\s+\d{4})?|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}/\d{1,2}/\d{4})\s*,?\s*", re.IGNORECASE)
# "Azerbaijan, Sept. 15", "Syria (North Press)": a country between the city and the credit
_COUNTRY_FIRST = re.compile(r"^(?P<country>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s*(?:,\s*|(?=\())")
_CREDIT_WORDS = re.compile(r"^\(?[A-Z][\w.&'’]*(?: [A-Z][\w.&'’]*){0,4}\)?$")
_CREDIT_LINE = re.compile(
    r"^(?:Source|Sources|Credit|Courtesy)\s*:\s*(?P<credit>[A-Z][^\n]{1,60}?)\.?$")


@dataclass(frozen=True, slots=True)
class Dateline:
    city: str | None
    source: str | None
    date: str | None
    end: int  # offset in the line where the lead text starts
    guessed: bool = False  # the credit is a name no list knows ("Kabul, Pajhwok –")


def normalise_source(credit: str) -> str:
    """Agencies written the way they write themselves; unknown credits kept as written."""
    credit = credit.strip().strip("()").strip()
    known = AGENCIES.get(credit.casefold())
    return known if known else credit


def _normalise_city(city: str) -> str:
    city = city.strip().rstrip(".")
    letters = [ch for ch in city if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(letters) > 1:
        return title_case(city)
    return city


def _credit(raw: str, dashed: bool = False) -> tuple[str | None, str | None] | None:
    """(source, date) when the text between city and separator is a credit, else None.

    ``dashed``: the credit is closed by a dash ("Kabul, Pajhwok –"), the one place where a
    name no list knows is still taken for an agency, unless it is a country, a title or a
    common word.
    """
    raw = raw.strip()
    date = None
    country = _COUNTRY_FIRST.match(raw)
    if country and country.group("country").casefold() in COUNTRIES and country.end() < len(raw):
        raw = raw[country.end():].strip()
    match = _CREDIT_DATE.match(raw)
    if match:
        date = parse_month_day(match.group("date"))
        raw = raw[match.end():].strip().strip(",").strip()
        if not raw:
            return None, date
    if not _CREDIT_WORDS.match(raw):
        return None
    bare = raw.strip("()").strip()
    if bare.casefold() in COUNTRIES:
        return None
    if raw.startswith("(") or bare.casefold() in AGENCIES or bare.isupper():
        return normalise_source(bare), date
    if any(word.casefold() in MEDIA_WORDS for word in bare.split()):
        return normalise_source(bare), date
    if dashed and _UNKNOWN_AGENCY.match(bare) and not any(
            w.casefold() in _NOT_AGENCY for w in bare.split()):
        return _GUESSED + bare, date
    return None


_GUESSED = "\0"  # marks a credit taken on the strength of its dash alone


_UNKNOWN_AGENCY = re.compile(r"^[A-Z][A-Za-z'’.&-]{2,20}(?: [A-Z][A-Za-z'’.&-]{1,20})?$")
_NOT_AGENCY = COUNTRIES | DEMONYMS | TITLE_WORDS | FUNCTION_CAPS


def _agency_like(credit: str) -> bool:
    """An agency's name as datelines print it: known, or written in capitals."""
    bare = credit.rstrip("./")
    return bare.casefold() in AGENCIES or (bare.isupper() and len(bare) >= 3)


_NOT_CITY = TITLE_WORDS | FUNCTION_CAPS  # titles, weekdays, months, "The", "By"


def _plausible_city(city: str) -> bool:
    """A place, not a title or a date: "Russian Defense Minister, ..." opens headlines and
    "Friday, September 18, 2020" page stamps, not datelines."""
    return not any(word.casefold().rstrip(".") in _NOT_CITY for word in city.split())


def parse_dateline(line: str, places: Collection[str] = ()) -> Dateline | None:
    """The dateline at the start of a line, or None when the line does not open with one.

    ``places`` (case-folded registry names): a credit no list knows is only believed after
    a city that is registered or written in capitals, so "Lavrov, Zarif – ..." is no dateline.
    """
    head = line[:160]
    found = _parse(head)
    if found is None or (found.city is not None and not _plausible_city(found.city)):
        return None
    if found.guessed and found.city and not (
            found.city.casefold() in places or head[:len(found.city)].isupper()):
        return None
    return found


def _parse(head: str) -> Dateline | None:
    match = _COMMA_CREDIT.match(head)
    dashed = match is not None
    match = match or _COMMA_CREDIT_ALONE.match(head)
    if match:
        got = _credit(match.group("credit"), dashed)
        if got is not None:
            guessed = bool(got[0] and got[0].startswith(_GUESSED))
            source = got[0][1:] if guessed and got[0] else got[0]
            return Dateline(_normalise_city(match.group("city")), source, got[1], match.end(),
                            guessed)
    for pattern in (_COMMA_DATE_AGENCY, _DOT_DATE_CREDIT):
        match = pattern.match(head)
        if match and _agency_like(match.group("credit")):
            return Dateline(_normalise_city(match.group("city")),
                            normalise_source(match.group("credit").rstrip("./")),
                            parse_month_day(match.group("date")), match.end())
    match = _COMMA_DATE_PAREN.match(head)
    if match:
        got = _credit(match.group("credit"))
        if got is not None and got[0]:
            return Dateline(_normalise_city(match.group("city")), got[0], got[1], match.end())
    match = _SLASH_CREDIT.match(head)
    if match:
        return Dateline(_normalise_city(match.group("city")),
                        normalise_source(match.group("credit")),
                        parse_month_day(match.group("date")), match.end())
    for pattern in (_PAREN_CREDIT, _DOT_CREDIT):
        match = pattern.match(head)
        if match:
            credit = match.group("credit")
            got = _credit(f"({credit})" if pattern is _PAREN_CREDIT else credit)
            if got is not None and (got[0] or got[1]):
                return Dateline(_normalise_city(match.group("city")), got[0], got[1],
                                match.end())
    match = _HYPHEN_CREDIT.match(head)
    if match and (match.group("credit").casefold() in AGENCIES or
                  not match.group("city").isupper()):
        return Dateline(match.group("city"), normalise_source(match.group("credit")), None,
                        match.end())
    match = _BARE.match(head)
    if match and match.group("city").isupper():
        return Dateline(_normalise_city(match.group("city")), None, None, match.end())
    match = _CAPS_COMMA.match(head)
    if match and sum(ch.isalpha() for ch in match.group("city")) >= 3:
        return Dateline(_normalise_city(match.group("city")), None, None, match.end())
    return None


def credit_line(line: str) -> str | None:
    """A closing "Source: Reuters" credit, used when the dateline credits nobody."""
    match = _CREDIT_LINE.match(line)
    return normalise_source(match.group("credit")) if match else None


_WEAK = re.compile(r"\b(?P<agency>[A-Za-z][A-Za-z.-]{1,14}(?: [Nn]ews)?)"
                   r"(?: (?:state|news|official|semi-official))*(?: [Aa]gency)?"
                   r"(?: correspondent)? (?:reported|reports|quoted)\b"
                   r"|\b[Aa]ccording to (?:the )?(?P<agency2>[A-Z][A-Za-z]{1,12})\b")


def weak_source(text: str) -> str | None:
    """"IRNA reported": a last resort, and only for credits known to be agencies."""
    found = weak_source_passage(text)
    return found[0] if found else None


def weak_source_passage(text: str) -> tuple[str, str] | None:
    """(agency, the words that credit it) for ``weak_source``."""
    for match in _WEAK.finditer(text):
        name = (match.group("agency") or match.group("agency2")).casefold()
        for key in (name, name.removesuffix(" news")):
            if key in AGENCIES:
                return AGENCIES[key], match.group(0)
    return None
