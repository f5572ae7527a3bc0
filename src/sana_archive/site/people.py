"""What the speakers registry adds to a speaker's pages: the roles held over time (tenures),
the country, and the role each statement was made in.

A statement's role is the one recorded for it: written in its text or front matter, or,
when neither gives one, the registry's role on its date (the reader fills that in). An
undated statement without a written role has none, since a tenure cannot be picked
without a date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sana_archive.model import Article
from sana_archive.registry import Registries, SpeakerEntry


def _written_role(article: Article, name: str) -> str | None:
    return next((p.role for p in article.speakers if p.name == name and p.role), None)


def statement_roles(
    entry: SpeakerEntry | None, name: str, articles: Sequence[Article]
) -> list[dict[str, Any]]:
    """Each role the speaker's statements were made in, with how many, most first."""
    counts: Counter[str] = Counter()
    for article in articles:
        role = _written_role(article, name) or (entry.role_on(article.date) if entry else None)
        counts[role or "not stated"] += 1
    return [
        {"role": role, "count": count}
        for role, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def tenures(entry: SpeakerEntry | None, articles: Sequence[Article]) -> list[dict[str, Any]]:
    """The registry's roles, oldest first, each with the number of dated statements that
    fall within it."""
    if entry is None:
        return []
    dated = [a.date for a in articles if a.date is not None]
    spans = sorted(entry.roles, key=lambda r: (r.start is None, r.start or r.end, r.title))
    return [
        {
            "title": role.title,
            "start": role.start.isoformat() if role.start else None,
            "end": role.end.isoformat() if role.end else None,
            "count": sum(1 for day in dated if role.covers(day)),
        }
        for role in spans
    ]


def index_role(entry: SpeakerEntry | None, name: str, articles: Sequence[Article]) -> str | None:
    """The role to show beside a name on the Speakers index: the registry's role on the
    speaker's newest dated statement, else the role their statements most often write."""
    newest = next((a.date for a in articles if a.date is not None), None)
    if entry is not None and newest is not None:
        held = entry.role_on(newest)
        if held:
            return held
    written = Counter(r for a in articles if (r := _written_role(a, name)))
    return min(written, key=lambda r: (-written[r], r)) if written else None


def speaker_profile(
    registries: Registries | None, name: str, articles: Sequence[Article]
) -> dict[str, Any]:
    """Country, tenures and the roles statements were made in, for a speaker's page."""
    entry = registries.speaker(name) if registries else None
    return {
        "country": entry.country if entry else None,
        "tenures": tenures(entry, articles),
        "statement_roles": statement_roles(entry, name, articles),
    }


def speaker_row(
    registries: Registries | None, name: str, articles: Sequence[Article]
) -> dict[str, Any]:
    """Role and country beside a name on the Speakers index."""
    entry = registries.speaker(name) if registries else None
    return {"role": index_role(entry, name, articles), "country": entry.country if entry else None}
