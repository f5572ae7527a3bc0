"""One pass over the articles -> every index the site needs, in a stable order.

Articles are sorted once (newest first, undated last, ties by slug); every index keeps
that order by appending article positions in sequence, so no list is ever re-sorted and
no ordering depends on the file system.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter

from sana_archive.model import Article, Dating, Diagnostic
from sana_archive.registry import fold_key
from sana_archive.site.urls import article_url, assign_unique, resolve_aliases, slug_for


@dataclass(frozen=True, slots=True)
class FacetSpec:
    """A way to browse: its URL folder, its names, and how to read its values off an article."""

    key: str
    singular: str
    plural: str
    values: Callable[[Article], Iterable[str]]
    feed: bool = False


_QUOTE_SPEAKERS = attrgetter("quote_speakers")

FACETS: tuple[FacetSpec, ...] = (
    FacetSpec("speakers", "Speaker", "Speakers", lambda a: [p.name for p in a.speakers], True),
    FacetSpec(
        "locations", "Location", "Locations", lambda a: [a.location] if a.location else [], True
    ),
    FacetSpec("topics", "Topic", "Topics", lambda a: a.topics, True),
    FacetSpec("counterparts", "Counterpart", "Counterparts", lambda a: a.counterparts),
    FacetSpec("sources", "Source", "Sources", lambda a: [a.source] if a.source else []),
)


@dataclass(frozen=True, slots=True)
class Term:
    """One value of a facet (a speaker, a city...) and the articles that carry it."""

    facet: str
    name: str
    slug: str
    articles: tuple[int, ...]

    @property
    def url(self) -> str:
        return f"/{self.facet}/{self.slug}/"


def date_buckets(article: Article) -> tuple[tuple[int, int, int], ...]:
    """Where the date index files an article: (year, month, day), 0 for an unknown part.

    A stated date, or a derived one the evidence narrows to one day, is filed under its
    day. A derived range is filed under the smallest unit that holds all of it (month 0:
    the year only; day 0: the month only); a range across years under each year it
    touches, so browsing any of them finds it. No evidence: no bucket (Undated).
    """
    day = article.date or (article.dating.day if article.dating else None)
    if day is not None:
        return ((day.year, day.month, day.day),)
    if article.dating is None:
        return ()
    first, last = article.dating.earliest, article.dating.latest
    if first.year != last.year:
        return tuple((year, 0, 0) for year in range(last.year, first.year - 1, -1))
    if first.month != last.month:
        return ((first.year, 0, 0),)
    return ((first.year, first.month, 0),)


@dataclass(frozen=True, slots=True)
class DateIndex:
    """Year -> month -> day -> article positions; keys sorted newest first, with 0 (a
    month or day the evidence leaves open) last; see ``date_buckets``."""

    years: dict[int, dict[int, dict[int, tuple[int, ...]]]]
    undated: tuple[int, ...]


@dataclass(frozen=True)
class Site:
    articles: tuple[Article, ...]
    urls: tuple[str, ...]
    facets: dict[str, tuple[Term, ...]]
    terms: dict[tuple[str, str], Term]
    dates: DateIndex
    position: dict[str, int]
    # Old permalinks that redirect to a statement: (alias URL, position), sorted by URL.
    aliases: tuple[tuple[str, int], ...] = ()

    def term(self, facet: str, name: str) -> Term | None:
        return self.terms.get((facet, name))


def quote_total(site: Site) -> int:
    """How many quotations the archive holds, counted from who each is by alone (what a
    statement recalled from the cache keeps without its quotations)."""
    return sum(map(len, map(_QUOTE_SPEAKERS, site.articles)))


def has_feed(site: Site, positions: Sequence[int]) -> bool:
    """Whether the listing of ``positions`` gets an Atom feed: only when one of them is
    dated, since a feed's ``updated`` must be a date the archive really has."""
    return any(_feed_dated(site.articles[i]) for i in positions)


def _feed_dated(article: Article) -> bool:
    """Stated, or derived to a single day (``feeds.feed_day``): what a feed entry can carry."""
    if article.date is not None:
        return True
    return article.dating is not None and article.dating.day is not None


def _shape(article: Article) -> tuple[object, ...]:
    """Everything about an article that decides its place in the site's indexes."""
    return (
        article.sort_key,
        article.draft,
        article.date,
        article.dating,
        article.aliases,
        *(tuple(dict.fromkeys(spec.values(article))) for spec in FACETS),
    )


def _spelt_alike(one: str, other: str) -> bool:
    return fold_key(one) == fold_key(other)


def _one_per_case(members: dict[str, list[int]]) -> dict[str, list[str]]:
    """Spellings that differ only by case are one term ("chemical weapons", "Chemical
    weapons"): it is shown as the spelling most statements use, ties to the first in
    sorted order (capitals sort first). Returns shown name -> every spelling of it."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in members:
        groups[name.casefold()].append(name)
    result: dict[str, list[str]] = {}
    for spellings in groups.values():
        shown = min(spellings, key=lambda n: (-len(members[n]), n))
        result[shown] = sorted(spellings)
    return result


def update_site(old: Site, articles: Sequence[Article]) -> tuple[Site, list[int]] | None:
    """The site for ``articles`` made from ``old`` without rebuilding its indexes, when every
    article that changed kept its path, slug, date, draft flag and facet values (a fixed
    typo, a sentence added): then every position, URL and index stays as it was. Returns
    the positions whose article changed, or None when a full ``build_site`` is needed.
    """
    replaced = list(old.articles)
    changed: list[int] = []
    seen = 0
    for article in articles:
        index = old.position.get(article.source_path)
        if index is None:
            if article.draft:
                continue
            return None
        seen += 1
        before = replaced[index]
        if before is article:
            continue
        if _shape(before) != _shape(article):
            return None
        replaced[index] = article
        changed.append(index)
    if seen != len(old.articles):
        return None
    site = Site(
        tuple(replaced), old.urls, old.facets, old.terms, old.dates, old.position, old.aliases
    )
    return site, changed


@dataclass(frozen=True)
class SiteIndex:
    """A site's indexes without its articles, as a build keeps them for the next one.

    Sorting, grouping and naming 100,000 statements is most of making a site; an edit to a
    statement's text moves none of it. So a rebuild that knows which statements changed
    since this index was made puts the same articles back into it (``restore``) instead
    of making the site again. ``datings`` (derived dates by source path) and ``problems``
    (what making the site found) let it check that nothing else moved.
    """

    urls: tuple[str, ...]
    facets: dict[str, tuple[Term, ...]]
    terms: dict[tuple[str, str], Term]
    dates: DateIndex
    position: dict[str, int]
    aliases: tuple[tuple[str, int], ...]
    datings: dict[str, Dating]
    problems: tuple[Diagnostic, ...]


def index_of(site: Site, problems: Sequence[Diagnostic]) -> SiteIndex:
    datings = {a.source_path: a.dating for a in site.articles if a.dating is not None}
    return SiteIndex(site.urls, site.facets, site.terms, site.dates, site.position,
                     site.aliases, datings, tuple(problems))  # fmt: skip


def restore(
    index: SiteIndex, articles: Sequence[Article], before: Mapping[str, Article | None]
) -> tuple[Site, list[Diagnostic]] | None:
    """The site of ``articles`` (dated, drafts too) in the indexes of the last build's,
    given ``before``: the last version, undated, of every source read again since (None:
    it is new). None when an index may have moved, which ``build_site`` then settles:
    a statement added, removed, or changed in what files it (``_shape``, as
    ``update_site`` checks), a derived date that moved (the archive's anchors moved), or
    a problem found where an edit may have moved it."""
    current = {a.source_path: a for a in articles}
    if any(p.path in before for p in index.problems):
        return None
    for rel, old in before.items():
        new = current.get(rel)
        if old is None or new is None:
            return None
        if old.draft and new.draft:
            continue
        last = replace(old, dating=index.datings.get(rel)) if not old.draft else old
        if old.draft != new.draft or _shape(last) != _shape(new):
            return None
    placed: list[Article | None] = [None] * len(index.urls)
    datings = 0
    for article in articles:
        if article.draft:
            continue
        at = index.position.get(article.source_path)
        if at is None or placed[at] is not None:
            return None
        if article.dating is not None:
            if index.datings.get(article.source_path) != article.dating:
                return None
            datings += 1
        placed[at] = article
    if datings != len(index.datings) or any(a is None for a in placed):
        return None
    site = Site(tuple(placed), index.urls, index.facets, index.terms, index.dates,  # type: ignore[arg-type]
                index.position, index.aliases)  # fmt: skip
    return site, list(index.problems)


def rewound(
    site: Site, index: SiteIndex, before: Mapping[str, Article | None]
) -> tuple[Site, list[int]]:
    """The last build's site, from ``site`` made by ``restore`` with the same ``before``:
    each statement read again put back as it was, dated as it was; every index is the
    same, so only those positions differ."""
    replaced = list(site.articles)
    changed = []
    for rel, old in before.items():
        at = site.position.get(rel)
        if at is None or old is None:
            continue
        replaced[at] = replace(old, dating=index.datings.get(rel))
        changed.append(at)
    last = Site(tuple(replaced), site.urls, site.facets, site.terms, site.dates,
                site.position, site.aliases)  # fmt: skip
    return last, sorted(changed)


def build_site(articles: Iterable[Article]) -> tuple[Site, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    ordered = tuple(sorted((a for a in articles if not a.draft), key=lambda a: a.sort_key))
    slugs, more = assign_unique(sorted((a.source_path, a.slug) for a in ordered), "article")
    problems.extend(more)
    urls = tuple(article_url(slugs[a.source_path]) for a in ordered)
    aliases, more = resolve_aliases(((a.source_path, a.aliases) for a in ordered), urls)
    problems.extend(more)

    facets: dict[str, tuple[Term, ...]] = {}
    terms: dict[tuple[str, str], Term] = {}
    for spec in FACETS:
        members: dict[str, list[int]] = defaultdict(list)
        for index, article in enumerate(ordered):
            for value in dict.fromkeys(spec.values(article)):
                members[value].append(index)
        spellings = _one_per_case(members) if spec.key == "topics" else {n: [n] for n in members}
        # One spelling (every facet but topics): its positions are already ascending and
        # unique, so only case-merged topics pay for a set and a sort.
        merged = {
            name: members[group[0]]
            if len(group) == 1
            else sorted({i for spelled in group for i in members[spelled]})
            for name, group in spellings.items()
        }
        names = sorted(merged, key=lambda n: (fold_key(n), n))
        where = {}
        for name in names:
            article = ordered[merged[name][0]]
            where[name] = (article.source_path, *article.place_of(name))
        # People and places spelt alike are proposed as duplicates (site.duplicates).
        proposed = _spelt_alike if spec.key in ("speakers", "counterparts", "locations") else None
        term_slugs, more = assign_unique(
            ((n, slug_for(n)) for n in names), spec.key, where, proposed
        )
        problems.extend(more)
        made = tuple(Term(spec.key, n, term_slugs[n], tuple(merged[n])) for n in names)
        facets[spec.key] = made
        terms.update(((spec.key, t.name), t) for t in made)
        for term in made:
            for spelled in spellings[term.name]:
                terms.setdefault((spec.key, spelled), term)

    years: dict[int, dict[int, dict[int, list[int]]]] = {}
    undated: list[int] = []
    for index, article in enumerate(ordered):
        buckets = date_buckets(article)
        if not buckets:
            undated.append(index)
        for year, month, day in buckets:
            years.setdefault(year, {}).setdefault(month, {}).setdefault(day, []).append(index)

    def newest(keys: Iterable[int]) -> list[int]:
        return sorted(keys, key=lambda k: (k == 0, -k))

    dates = DateIndex(
        {
            y: {
                m: {d: tuple(years[y][m][d]) for d in newest(years[y][m])}
                for m in newest(years[y])
            }
            for y in newest(years)
        },
        tuple(undated),
    )
    position = {a.source_path: i for i, a in enumerate(ordered)}
    return Site(ordered, urls, facets, terms, dates, position, aliases), problems
