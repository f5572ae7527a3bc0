"""One normalizer per front-matter field: raw YAML value -> typed value or a problem.

Each returns ``(value, message)``; a message means the value was rejected (or coerced, for
warnings) and the caller turns it into a Diagnostic at the key's line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from sana_archive.model import Person

Result = tuple[Any, str | None, str]  # value, message, level

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
MAX_NAME = 200


def _ok(value: Any) -> Result:
    return value, None, "warning"


def _error(message: str) -> Result:
    return None, message, "error"


def parse_date(value: Any) -> Result:
    """The local calendar date the statement carries: a datetime's own date, not UTC's.

    "2017-04-12T23:30:00+03:00" is the 12th where it was said, even though it is the 12th
    at 20:30 UTC; converting would move statements near midnight to another day.
    """
    if isinstance(value, dt.datetime):
        return _ok(value.date())
    if isinstance(value, dt.date):
        return _ok(value)
    if not isinstance(value, str):
        return _error(f"date must be written YYYY-MM-DD, not {type(value).__name__} {value!r}")
    text = value.strip()
    match = _DATE.match(text) or _DATETIME.match(text)
    if not match:
        return _error(f"date {text!r} is not a date; write YYYY-MM-DD (or leave it out)")
    year, month, day = (int(g) for g in match.groups()[:3])
    try:
        return _ok(dt.date(year, month, day))
    except ValueError as exc:
        return _error(f"date {text!r} does not exist ({exc})")


def _text(value: Any, field: str) -> Result:
    if isinstance(value, str):
        text = " ".join(value.split())
        return _ok(text) if text else _error(f"{field} is empty")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value), f"{field} should be text; read {value!r} as text", "warning"
    return _error(f"{field} must be text, not {type(value).__name__}")


def _name(value: Any, field: str) -> Result:
    result = _text(value, field)
    if result[0] is not None and len(result[0]) > MAX_NAME:
        return (
            result[0][:MAX_NAME].rstrip() + "…",
            (f"{field} is {len(result[0])} characters long; shortened to {MAX_NAME}"),
            "warning",
        )
    return result


def _names(value: Any, field: str) -> Result:
    if isinstance(value, str):
        value_, message, _ = _name(value, field)
        if value_ is None:
            return None, message, "error"
        return (value_,), f"{field} should be a list; read it as one name", "warning"
    if not isinstance(value, list):
        return _error(f"{field} must be a list of names")
    out: list[str] = []
    for item in value:
        name, message, level = _name(item, field)
        if name is None:
            return None, message, level
        out.append(name)
    return _ok(tuple(dict.fromkeys(out)))


def parse_speakers(value: Any) -> Result:
    """A list of names, or of {name, role}; a lone string is read as one name."""
    items = [value] if isinstance(value, str | dict) else value
    if not isinstance(items, list):
        return _error("speakers must be a list of names or of {name, role}")
    people: list[Person] = []
    notes: list[str] = []
    if items is not value:
        notes.append("speakers should be a list; read it as one speaker")
    for item in items:
        if isinstance(item, dict):
            name, message, _ = _name(item.get("name"), "speaker name")
            if name is None:
                return _error(message or "speaker without a name")
            role = item.get("role")
            role_text, role_message, _ = _name(role, "role") if role is not None else (None,) * 3
            notes.extend(m for m in (message, role_message) if m)
            people.append(Person(name, role_text))
        else:
            name, message, _ = _name(item, "speaker")
            if name is None:
                return _error(message or "speaker without a name")
            if message:
                notes.append(message)
            people.append(Person(name))
    return tuple(people), "; ".join(notes) or None, "warning"


def _url(value: Any, field: str) -> Result:
    text, message, level = _text(value, field)
    if text is None:
        return text, message, level
    if not re.match(r"^https?://[^\s<>\"]+$", text):
        return _error(f"{field} must be an http(s) URL")
    return _ok(text)


def _language(value: Any) -> Result:
    text, _, _ = _text(value, "language")
    if text is None or not _LANGUAGE.match(text):
        return _error("language must be a language tag like en or ar")
    return _ok(text.lower())


def _bool(value: Any, field: str) -> Result:
    if isinstance(value, bool):
        return _ok(value)
    return _error(f"{field} must be true or false")


# One segment of an old permalink: what slugs were ever made of, and nothing that could
# climb out of /statements/ or turn into another scheme.
_ALIAS_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")


def parse_aliases(value: Any) -> Result:
    """Old addresses of this statement, each written as ``/statements/<old-slug>/`` or just
    ``<old-slug>``; a redirect page is left at each so old citations still land.

    Only addresses under ``/statements/`` are taken: that is where every permalink this
    archive ever gave lives, and it keeps a redirect from shadowing a listing or a feed.
    """
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        return _error("aliases must be a list of old addresses like /statements/old-slug/")
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            return _error(f"aliases: {item!r} is not an address")
        text = item.strip()
        segment = text.removeprefix("/statements/").removeprefix("statements/").strip("/")
        if not _ALIAS_SEGMENT.match(segment) or segment in (".", ".."):
            return _error(
                f"aliases: {text!r} is not an old statement address; "
                "write /statements/<old-slug>/ or <old-slug>"
            )
        # Every permalink this archive gave is lower case; a case-insensitive host (macOS,
        # Windows) would let "/statements/Foo/" overwrite the live "/statements/foo/".
        out.append(f"/statements/{segment.lower()}/")
    return _ok(tuple(dict.fromkeys(out)))


# A slug is one URL segment. Separators and dot segments are dropped by the slug rules, so
# "../../etc/x" cannot climb out of /statements/; the archivist is told it happened.
_PATH_TRICK = re.compile(r"[/\\]|\.\.|^[.~]")


def _slug(value: Any) -> Result:
    result = _text(value, "slug")
    text = result[0]
    if isinstance(text, str) and _PATH_TRICK.search(text):
        return (
            text,
            f"slug {text!r} is not one URL segment (it holds /, \\ or ..); "
            "made safe: those characters were dropped from the URL",
            "warning",
        )
    return result


FIELDS: dict[str, Callable[[Any], Result]] = {
    "title": lambda v: _text(v, "title"),
    "date": parse_date,
    "speakers": parse_speakers,
    "location": lambda v: _name(v, "location"),
    "source": lambda v: _name(v, "source"),
    "source_url": lambda v: _url(v, "source_url"),
    "byline": lambda v: _name(v, "byline"),
    "counterparts": lambda v: _names(v, "counterparts"),
    "topics": lambda v: _names(v, "topics"),
    "language": _language,
    "slug": _slug,
    "summary": lambda v: _text(v, "summary"),
    "draft": lambda v: _bool(v, "draft"),
    "weekday": lambda v: _text(v, "weekday"),
    "aliases": parse_aliases,
}
# Written by `sana-archive import`; accepted so imported files build without warnings.
# ``encoding`` is read while the bytes are decoded (content.frontmatter), before YAML.
IGNORED = frozenset({"review", "encoding"})
