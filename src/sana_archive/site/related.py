"""Statements related to a statement, and who a speaker met: relations read off the indexes.

Related statements are chosen from the neighbours of a statement in a few sorted index
lists (same speaker and topic, same counterpart, same speaker), nearest in time first and
ties broken by slug, so the choice is a pure function of the site and cheap enough to
recompute on every build (each page's key lists the statements it shows).
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sana_archive.site.graph import Site, Term

PER_GROUP = 3
# How far either side of a statement's place in a list to look; wider than PER_GROUP so a
# crowd of same-day statements still yields the nearest ones by date, then slug.
WINDOW = 8

GROUPS = (
    ("speaker-topic", "Same speaker and topic"),
    ("counterpart", "Same counterpart"),
    ("speaker", "Same speaker, nearest in time"),
)


class RelatedStatements:
    """Per site, the related statements of any article position."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._pairs: dict[tuple[str, str], tuple[int, ...]] = {}

    def updated(self, site: Site) -> RelatedStatements:
        """For a site updated in place (same positions and indexes): the pairs carry over."""
        related = RelatedStatements(site)
        related._pairs = self._pairs
        if "_ordinals" in self.__dict__:  # dates did not move either
            related.__dict__["_ordinals"] = self.__dict__["_ordinals"]
        return related

    def _pair(self, speaker: str, topic: str) -> Sequence[int]:
        """Statements by ``speaker`` on ``topic``, in site order; made on first use, so a
        rebuild that plans a few pages does not index every pair of the archive."""
        found = self._pairs.get((speaker, topic))
        if found is None:
            by, on = self.site.term("speakers", speaker), self.site.term("topics", topic)
            found = tuple(sorted(set(by.articles) & set(on.articles))) if by and on else ()
            self._pairs[(speaker, topic)] = found
        return found

    def lists(self, index: int) -> Iterable[Sequence[int]]:
        """Every sorted list an article's related statements are picked from."""
        for group, _ in GROUPS:
            yield from self._lists(group, index)

    def _lists(self, group: str, index: int) -> Iterable[Sequence[int]]:
        article = self.site.articles[index]
        speakers = list(dict.fromkeys(p.name for p in article.speakers))
        if group == "speaker-topic":
            for name in speakers:
                for topic in dict.fromkeys(article.topics):
                    yield self._pair(name, topic)
        else:
            facet, names = (
                ("counterparts", article.counterparts)
                if group == "counterpart"
                else ("speakers", speakers)
            )
            for name in dict.fromkeys(names):
                term = self.site.term(facet, name)
                if term is not None:
                    yield term.articles

    @functools.cached_property
    def _ordinals(self) -> list[int | None]:
        return [a.date.toordinal() if a.date else None for a in self.site.articles]

    def groups(self, index: int) -> list[tuple[str, str, list[int]]]:
        """(key, label, positions) for each non-empty group, with no statement twice.

        Nearest in days first (undated ones after the dated), ties broken by URL; scored
        as plain tuples, since this runs for every statement of the archive.
        """
        ordinals, urls = self._ordinals, self.site.urls
        here = ordinals[index]
        shown = {index}
        result = []
        for key, label in GROUPS:
            candidates: set[int] = set()
            for members in self._lists(key, index):
                rank = bisect_left(members, index)
                candidates.update(members[max(0, rank - WINDOW) : rank + WINDOW + 1])
            scored = sorted(
                (1, 0, urls[o], o)
                if here is None or (there := ordinals[o]) is None
                else (0, abs(here - there), urls[o], o)
                for o in candidates - shown
            )
            chosen = [entry[3] for entry in scored[:PER_GROUP]]
            if chosen:
                shown.update(chosen)
                result.append((key, label, chosen))
        return result


def meetings(site: Site, term: Term, limit: int = 50) -> list[dict[str, Any]]:
    """For a speaker: each counterpart, how often they met, where, first and last date."""
    rows: dict[str, dict[str, Any]] = {}
    for index in term.articles:
        article = site.articles[index]
        for name in dict.fromkeys(article.counterparts):
            row = rows.setdefault(name, {"count": 0, "places": defaultdict(int), "dates": []})
            row["count"] += 1
            if article.location:
                row["places"][article.location] += 1
            if article.date:
                row["dates"].append(article.date)
    ordered = sorted(rows.items(), key=lambda kv: (-kv[1]["count"], kv[0]))[:limit]
    out = []
    for name, row in ordered:
        counterpart = site.term("counterparts", name)
        places = sorted(row["places"].items(), key=lambda kv: (-kv[1], kv[0]))
        out.append(
            {
                "name": name,
                "url": counterpart.url if counterpart else "",
                "count": row["count"],
                "places": [
                    {
                        "name": place,
                        "count": count,
                        "url": t.url if (t := site.term("locations", place)) else "",
                    }
                    for place, count in places[:5]
                ],
                "first": min(row["dates"]).isoformat() if row["dates"] else None,
                "last": max(row["dates"]).isoformat() if row["dates"] else None,
            }
        )
    return out
