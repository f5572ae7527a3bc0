"""The sign-off line: who wrote or edited the dispatch, exactly as the agency printed it."""

from __future__ import annotations

import re

from sana_archive.inference.vocab import COUNTRIES, DEMONYMS, FUNCTION_CAPS, ROLE_WORDS, words

_NAME = (r"(?:(?:al|el|Al|El|de|bin|ibn|abu|Abu|van|von)[- ])?"
         r"[A-Z][a-zà-ÿ'’]+(?:-[A-Z]?[a-zà-ÿ'’]+)?")
# "H. Zain", "M. al-Frieh": desk sign-offs often give an initial for the first name.
# "Rasha M.", "Hala Sh.": or an initial for the family name.
_PEOPLE = rf"(?:[A-Z]\.\s?){{0,2}}{_NAME}(?: {_NAME}){{0,3}}(?: [A-Z][a-z]?\.)?"
# "NOUR HAMDAN": a sign-off in capitals, two or three names.
_CAPS_SIGN_OFF = re.compile(r"^[A-Z]{2,}(?:[- ][A-Z]{2,}){1,2}$")
# "Hazem Sabbagh", "Manar/Mazen", "Qabas/ Hazem Sabbagh", "Reem / Hazem Sabbagh"
_SIGN_OFF = re.compile(rf"^{_PEOPLE}(?:\s*/\s*{_PEOPLE}){{0,3}}$")
_NOT_PEOPLE = ROLE_WORDS | FUNCTION_CAPS | COUNTRIES | DEMONYMS
# Capitalised words of page furniture that a line in capitals may hold.
_NOT_CAPS = words("news ads ad end more read share print email menu home top video photo "
                  "photos live breaking latest world politics economy sports opinion comments "
                  "related tags copyright rights reserved follow subscribe login register search")
_REUTERS = re.compile(r"^(?:\(?\s*)?(?:Reporting|Writing|Additional reporting) by\b.{3,200}$",
                      re.IGNORECASE)
# After an explicit label names may be upper case or carry initials ("By EDITH M. LEDERER").
_LABELLED = re.compile(r"^[A-Z][A-Za-z'’.-]*(?: (?:[A-Z][A-Za-z'’.-]*|al|de|bin|van|von)){1,4}$")
_AUTHOR_LABEL = re.compile(r"^(?:Автор|Author|By|Written by)\b\s*:?\s*(?P<rest>.*)$",
                           re.IGNORECASE)


def sign_off(line: str) -> str | None:
    """The line itself when it is a sign-off ("Manar/Mazen"), else None."""
    line = line.strip()
    if _CAPS_SIGN_OFF.match(line):
        words = line.replace("-", " ").split()
        known = any(w.casefold() in _NOT_PEOPLE or w.casefold() in _NOT_CAPS for w in words)
        return None if known else line
    if len(line) > 60 or not _SIGN_OFF.match(line):
        if _REUTERS.match(line):
            return line.strip("() ")
        return None
    words = [w for part in line.split("/") for w in part.split()]
    if "/" not in line and len(words) < 2:
        return None
    if any(w.casefold() in _NOT_PEOPLE for w in words):
        return None
    return line


def author_label(lines: list[str], index: int) -> str | None:
    """A byline introduced by a label ("Автор:" then the name, on the same or next line)."""
    match = _AUTHOR_LABEL.match(lines[index])
    if not match:
        return None
    rest = match.group("rest").strip()
    if lines[index][:2].casefold() == "by" and not rest:
        return None
    if not rest and index + 1 < len(lines):
        rest = lines[index + 1].strip()
    return rest if rest and (sign_off(rest) or _LABELLED.match(rest)) else None
