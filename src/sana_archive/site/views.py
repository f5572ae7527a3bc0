"""Plain data for templates, made once per article and shared by every page that lists it."""

from __future__ import annotations

import hashlib
import html
import pickle
import re
from array import array
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sana_archive.inference.provenance import page_items
from sana_archive.model import MONTHS, Article
from sana_archive.site.dating import span_text
from sana_archive.site.graph import FACETS, Site, Term, date_buckets
from sana_archive.site.urls import listing_url


def date_label(article: Article) -> str:
    if article.date is not None:
        d = article.date
        weekday = f"{article.weekday} " if article.weekday else ""
        return f"{weekday}{d.day} {MONTHS[d.month - 1]} {d.year}"
    if article.dating is not None:
        return span_text(article.dating)
    if article.weekday:
        return f"a {article.weekday}; date unknown"
    return "date unknown"


def _derived(article: Article) -> dict[str, Any] | None:
    """A derived date for templates: its span (ISO, for ``<time>``), and its evidence."""
    dating = article.dating
    if article.date is not None or dating is None:
        return None
    first, last = dating.earliest.isoformat(), dating.latest.isoformat()
    return {
        "earliest": first,
        "latest": last,
        "day": first if first == last else None,
        "evidence": dating.evidence,
        # search filters: the years and months the date index files it under
        "years": [str(y) for y, _, _ in date_buckets(article)],
        "months": [f"{y}-{m:02d}" for y, m, _ in date_buckets(article) if m],
    }


def _date_url(article: Article) -> str:
    """The date page that lists the statement: its day, or the month or year that holds
    a derived range (the newest, for a range across years)."""
    buckets = date_buckets(article)
    if not buckets:
        return "/dates/undated/"
    year, month, day = buckets[0]
    if not month:
        return f"/dates/{year}/"
    return f"/dates/{year}/{month:02d}/" + (f"{day:02d}/" if day else "")


def pagination(base_url: str, number: int, pages: int) -> dict[str, Any]:
    return {
        "number": number,
        "pages": pages,
        "prev": listing_url(base_url, number - 1) if number > 1 else None,
        "next": listing_url(base_url, number + 1) if number < pages else None,
        "links": [{"number": n, "url": listing_url(base_url, n)} for n in range(1, pages + 1)]
        if pages <= 20
        else [
            {"number": n, "url": listing_url(base_url, n)}
            for n in sorted({1, 2, number - 1, number, number + 1, pages - 1, pages})
            if 1 <= n <= pages
        ],
    }


def _excerpt(article: Article, words: int = 40) -> str:
    # At most words + 1 splits: the rest of a long body is never scanned word by word.
    parts = (article.summary or article.body_markdown).split(None, words)
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_QUOTE_MARK = re.compile(r"[“\"«]")


def _quotes(paragraph_html: str) -> bool:
    """Whether the paragraph's text holds a quotation mark; its markup is unescaped only
    when the mark is not there as written (``&quot;``, ``&#171;``)."""
    if _QUOTE_MARK.search(paragraph_html):
        return True
    return "&" in paragraph_html and _QUOTE_MARK.search(html.unescape(paragraph_html)) is not None


def anchor_quotes(body_html: str, quote_count: int) -> str:
    """Give each paragraph that carries a quotation an id, so a search hit can land on it."""
    if not quote_count:
        return body_html
    counter = 0

    def mark(match: re.Match[str]) -> str:
        nonlocal counter
        if _quotes(match.group(1)):
            counter += 1
            return f'<p id="quote-{counter}" class="quote-paragraph">{match.group(1)}</p>'
        return match.group(0)

    return _PARAGRAPH.sub(mark, body_html)


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# Item views last read, kept as dicts: a statement page reads its own view twice and its
# neighbours', which the next page (the next statement by date) reads again; a day's
# listing follows its month's. Small, so no process keeps a copy of every view.
RECENT = 256

KEY_WIDTH = 32  # a key is a 16-byte digest in hex (``_hash``)
_UNKNOWN = b"-" * KEY_WIDTH


@dataclass(frozen=True)
class KeyColumns:
    """Every position's digest, item key and facts key, as one build left them: fixed-width
    ASCII, read by slicing, so a rebuild that put the same statements back in the same
    indexes (``graph.restore``) keys a listing of 50,000 without making one view of it.
    ``-`` marks a key that was not made."""

    digests: bytes
    items: bytes
    facts: bytes

    def dump(self) -> bytes:
        return self.digests + self.items + self.facts

    @classmethod
    def load(cls, blob: bytes) -> KeyColumns | None:
        third, rest = divmod(len(blob), 3)
        if rest or third % KEY_WIDTH:
            return None
        return cls(blob[:third], blob[third : 2 * third], blob[2 * third :])

    @property
    def positions(self) -> int:
        return len(self.digests) // KEY_WIDTH


def _column_key(column: bytes, index: int) -> str | None:
    raw = column[index * KEY_WIDTH : (index + 1) * KEY_WIDTH]
    return None if raw == _UNKNOWN or len(raw) != KEY_WIDTH else raw.decode("ascii")


class ArticleViews:
    """Per-article views built lazily and kept, since listings reuse them many times
    (item views kept pickled: see ``item``)."""

    def __init__(
        self,
        site: Site,
        keys: dict[tuple[str, str], str] | None = None,
        known: KeyColumns | None = None,
        stale: Collection[int] = (),
    ) -> None:
        """``keys`` memoizes item and facts keys by the statement's full digest (which
        covers everything either reads); ``serve`` keeps it across builds, so planning a
        long listing again does not redraw every item view in it just to key it.
        ``known``: the keys of the same statements at the same positions, in the same
        indexes, but for ``stale`` (statements read again), as the last build made them."""
        self.site = site
        self._keys = keys if keys is not None else {}
        # Every item view made, pickled end to end into one buffer; ``_spans`` holds the
        # start and end of position i's at 2i and 2i + 1 (-1: not made yet). A forked
        # render worker reading a view from here writes to no page of it, where a dict of
        # strings gets a reference count written on every page that holds it: 100,000
        # statements' views as dicts were ~200 MB that every drawing process copied.
        self._blob = bytearray()
        self._spans = array("q", [-1]) * (2 * len(site.articles))
        self._recent: dict[int, dict[str, Any]] = {}
        self._dated = [i for i, a in enumerate(site.articles) if a.date is not None]
        self._dated_rank = {pos: rank for rank, pos in enumerate(self._dated)}
        self._digests: dict[int, str] = {}
        self._item_keys: dict[int, str] = {}  # by position: asked ~20 times per statement
        self._facts_keys: dict[int, str] = {}
        self._known = known if known and known.positions == len(site.articles) else None
        self._stale = frozenset(stale)

    def _recalled(self, column: str, index: int) -> str | None:
        if self._known is None or index in self._stale:
            return None
        return _column_key(getattr(self._known, column), index)

    def columns(self) -> KeyColumns:
        """Every key made or known, for the next build (``known``): the known columns with
        what this build made written over them, so an edit costs what it keyed."""
        count = len(self.site.articles)
        columns = []
        for name, made in (
            ("digests", self._digests),
            ("items", self._item_keys),
            ("facts", self._facts_keys),
        ):
            known = self._known
            column = bytearray(getattr(known, name) if known else _UNKNOWN * count)
            for index in self._stale if known else ():
                column[index * KEY_WIDTH : (index + 1) * KEY_WIDTH] = _UNKNOWN
            for index, key in made.items():
                column[index * KEY_WIDTH : (index + 1) * KEY_WIDTH] = key.encode("ascii")
            columns.append(bytes(column))
        return KeyColumns(*columns)

    def digest(self, index: int) -> str:
        """What an item or page view is made of, without making it: the source digest, the
        URL, and the URL of every term the article links to (so a term whose slug moves
        redraws exactly the pages that link to it, and a new term redraws nothing else)."""
        found = self._digests.get(index) or self._recalled("digests", index)
        if found is None:
            article = self.site.articles[index]
            links = [slug for _, _, slug in self._links(article)]
            found = _hash("\0".join((article.content_key, self.site.urls[index], *links)))
            self._digests[index] = found
        return found

    def _links(self, article: Article) -> list[tuple[str, str, str]]:
        """(facet, value, slug) for every term the article links to; "" when unknown."""
        terms = self.site.terms
        return [
            (spec.key, value, term.slug if (term := terms.get((spec.key, value))) else "")
            for spec in FACETS
            for value in spec.values(article)
        ]

    def updated(
        self, site: Site, keys: dict[tuple[str, str], str] | None, changed: Collection[int]
    ) -> ArticleViews:
        """Views of ``site``, updated in place from this one's (see ``update_site``): the
        date order and every view of an unchanged statement carry over."""
        views = ArticleViews.__new__(ArticleViews)
        views.site = site
        views._keys = keys if keys is not None else {}
        views._dated, views._dated_rank = self._dated, self._dated_rank
        # The buffer is only ever appended to, so both views can share it.
        views._blob = self._blob
        views._recent = {}
        views._spans = array("q", self._spans[: 2 * len(site.articles)])
        views._spans.extend([-1] * (2 * len(site.articles) - len(views._spans)))
        views._digests = dict(self._digests)
        views._item_keys = dict(self._item_keys)
        views._facts_keys = dict(self._facts_keys)
        views._known, views._stale = self._known, self._stale | frozenset(changed)
        for index in changed:
            if 2 * index < len(views._spans):
                views._spans[2 * index] = views._spans[2 * index + 1] = -1
            views._digests.pop(index, None)
            views._item_keys.pop(index, None)
            views._facts_keys.pop(index, None)
        return views

    def item_key(self, index: int) -> str:
        """What a listing shows of a statement: its item view itself. An edit that leaves
        the item alone (a sentence added past the excerpt) redraws no listing."""
        found = self._item_keys.get(index) or self._recalled("items", index)
        if found is not None:
            self._item_keys[index] = found
            return found
        memo = ("item", self.digest(index))
        found = self._keys.get(memo)
        if found is None:
            found = self._keys[memo] = _hash(repr(self.item(index)))
        self._item_keys[index] = found
        return found

    def item_keys(self, positions: Iterable[int]) -> list[str]:
        """``item_key`` of each position, read straight from the known column where it
        holds one: a big term's listing pages are keyed at an edit from every position
        in them (at 100,000 statements, 78,000 calls of ``item_key``)."""
        known = self._known
        if known is None:
            return [self.item_key(i) for i in positions]
        column, made, stale, width = known.items, self._item_keys, self._stale, KEY_WIDTH
        found = []
        for index in positions:
            key = made.get(index)
            if key is None:
                raw = column[index * width : (index + 1) * width]
                if index in stale or raw == _UNKNOWN or len(raw) != width:
                    key = self.item_key(index)
                else:
                    key = raw.decode("ascii")
            found.append(key)
        return found

    def facts_key(self, index: int) -> str:
        """What a term's summary (facts, timeline, meetings) reads of a statement."""
        found = self._facts_keys.get(index) or self._recalled("facts", index)
        if found is not None:
            return found
        memo = ("facts", self.digest(index))
        found = self._keys.get(memo)
        if found is None:
            found = self._keys[memo] = self._facts_key(index)
        self._facts_keys[index] = found
        return found

    def _facts_key(self, index: int) -> str:
        article = self.site.articles[index]
        speakers = [(p.name, p.role) for p in article.speakers]
        quoted = [q.speaker for q in article.quotes]  # a speaker page links their quotations
        return _hash(repr((article.date, article.dating, speakers, self._links(article), quoted)))

    def neighbours(self, index: int) -> tuple[int | None, int | None]:
        rank = self._dated_rank.get(index)
        if rank is None:
            return None, None
        older = self._dated[rank + 1] if rank + 1 < len(self._dated) else None
        newer = self._dated[rank - 1] if rank > 0 else None
        return older, newer

    def page_key(self, index: int) -> str:
        older, newer = self.neighbours(index)
        return "|".join(
            (
                self.digest(index),
                self.item_key(older) if older is not None else "-",
                self.item_key(newer) if newer is not None else "-",
            )
        )

    def _link(self, facet: str, name: str) -> dict[str, str]:
        term = self.site.term(facet, name)
        return {"name": name, "url": term.url if term else ""}

    def item(self, index: int) -> dict[str, Any]:
        """A statement's item view: made once, then read back from the buffer (kept as a
        dict only among the last ``RECENT`` read, so no process keeps a copy of every view)."""
        recent = self._recent.get(index)
        if recent is not None:
            return recent
        if len(self._recent) >= RECENT:
            self._recent.clear()
        start, end = self._spans[2 * index], self._spans[2 * index + 1]
        if start >= 0:
            made: dict[str, Any] = pickle.loads(self._blob[start:end])
            self._recent[index] = made
            return made
        a = self.site.articles[index]
        item = {
            "url": self.site.urls[index],
            "title": a.title,
            "date": a.date.isoformat() if a.date else None,
            "date_label": date_label(a),
            "date_basis": a.date_basis,
            "derived": _derived(a),
            "weekday": a.weekday,
            "speakers": [{**self._link("speakers", p.name), "role": p.role} for p in a.speakers],
            "location": self._link("locations", a.location) if a.location else None,
            "source": a.source,
            "excerpt": _excerpt(a),
        }
        start = len(self._blob)
        self._blob += pickle.dumps(item, pickle.HIGHEST_PROTOCOL)
        self._spans[2 * index], self._spans[2 * index + 1] = start, len(self._blob)
        self._recent[index] = item
        return item

    def page(self, index: int) -> dict[str, Any]:
        a = self.site.articles[index]
        older_index, newer_index = self.neighbours(index)
        older = self.item(older_index) if older_index is not None else None
        newer = self.item(newer_index) if newer_index is not None else None
        return {
            **self.item(index),
            "body_html": anchor_quotes(a.body_html, len(a.quotes)),
            "date_text": a.date_text,
            "byline": a.byline,
            "source_url": a.source_url,
            "source_link": self._link("sources", a.source) if a.source else None,
            "counterparts": [self._link("counterparts", n) for n in a.counterparts],
            "topics": [self._link("topics", n) for n in a.topics],
            "quotes": [{"text": q.text, "speaker": q.speaker} for q in a.quotes],
            "language": a.language,
            "rtl": a.language.split("-")[0] in {"ar", "fa", "he", "ur", "ps", "ku", "yi"},
            "inferred": sorted(a.inferred),
            "evidence": page_items(a.evidence),
            "older": older,
            "newer": newer,
            "source_path": a.source_path,
            "day_url": _date_url(a),
        }

    def _shown(self, facet: str, value: str) -> str:
        """The name a value is indexed under (a topic spelt in another case is one term)."""
        term = self.site.terms.get((facet, value))
        return term.name if term is not None else value

    def term_facts(self, facet: str, term: Term) -> dict[str, Any]:
        """What else the archive knows about a term: its roles, places and counterparts."""
        related: dict[str, list[dict[str, Any]]] = {}
        articles = self.site.articles
        for spec in FACETS:
            if spec.key == facet:
                continue
            counts = Counter(
                self._shown(spec.key, v)
                for i in term.articles
                for v in set(spec.values(articles[i]))
            )
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
            related[spec.key] = [{**self._link(spec.key, n), "count": c} for n, c in top]
        roles: list[str] = []
        if facet == "speakers":
            for i in term.articles:
                for person in self.site.articles[i].speakers:
                    if person.name == term.name and person.role and person.role not in roles:
                        roles.append(person.role)
        dated = [self.site.articles[i].date for i in term.articles if self.site.articles[i].date]
        return {
            "related": [
                {"key": s.key, "title": s.plural, "terms": related[s.key]}
                for s in FACETS
                if related.get(s.key)
            ],
            "roles": roles,
            "first": min(dated).isoformat() if dated else None,
            "last": max(dated).isoformat() if dated else None,
        }
