"""What a build redraws and how it reaches the output: the one place that decides.

An edit is narrowed three times, each time against what the build state (``engine.state``)
says the last build left:

1. **Sources.** A file is parsed again only when its size or change time moved or a watcher
   saw it change (``sources.read_sources``); every other result comes from the state.
2. **Regions.** The build asks the state for the last plan (``BuildState.last_plan``).
   When it has one made under the same plan key (code, config, registries, templates),
   only the regions the edit reaches are planned (``touched_regions``, below) and every
   other page keeps its fingerprint (``plan_build``). Otherwise every region is planned.
   Both give the same fingerprints (tests/engine/test_plan.py).
3. **Pages.** ``decide`` compares each planned page's fingerprint with the one the last build
   recorded for it (``BuildState.last_pages``): a page that differs, or is missing on disk,
   is stale and drawn again. Few stale or removed pages update the live site in place
   (``IN_PLACE_SHARE``, ``IN_PLACE_MIN``); many over a known last site are probed (drawn,
   then compared with the live bytes, and ``settle`` decides in place or staged by what
   really changed); without a last site, the whole site is staged and swapped in.

The search index follows the pages: a shard is re-indexed when the content of one of its
statement pages changed (``search.SearchIndex``).

**Regions, and why planning only the touched ones is complete.**

Every planned output belongs to one region: the home page, one statement's page, one
term's paginated listing, one day's listing, one feed, the data downloads... A region is
planned as a whole. ``touched_regions`` compares the site of the last build with the next
one and names every region whose pages could come out different; an incremental build
(``serve`` with the plan it keeps, the CLI with the plan its cache keeps) plans only those
and keeps the rest of the last plan, so an edit costs what it touches, not what the
archive holds.

What makes the answer complete: a page's key is made only of the views of the statements it
shows (``ArticleViews.digest``: content, URL and the URLs of every term it links to), of
their order and count, and of term and date summaries of the same statements. So a page can
change only if it shows a changed statement, or a list it shows grew, shrank or shifted; the
rules below name those pages for every changed statement, in the old site and in the new:

* its own page, and the pages of its older and newer neighbours in date order;
* the pages whose related statements are picked from a window of a list it is in;
* every listing, feed and date page of a term or day it belongs to;
* the pages that summarise the whole archive (home, facet indexes, dates, global feed, data).

A statement counts as changed when its content or URL changed, or when the slug of a term it
links to moved. A test plans random edit sequences both ways and compares every key.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sana_archive.config import SiteConfig
from sana_archive.engine import plan as planning
from sana_archive.engine.cache import fingerprint
from sana_archive.engine.plan import LastPlan, Plan, PlanKeys
from sana_archive.engine.state import BuildState, Memos
from sana_archive.engine.writers import InPlaceOutput, ProbedOutput, StagedOutput
from sana_archive.model import Article
from sana_archive.outputs.data import RowMemo
from sana_archive.registry import Registries
from sana_archive.site.derived import Derived
from sana_archive.site.graph import FACETS, Site, date_buckets
from sana_archive.site.regions import (
    DATES,
    DOWNLOADS,
    FEED,
    HOME,
    UNDATED,
    Region,
    alias_region,
    article_region,
    facet_region,
    feed_region,
    term_region,
)
from sana_archive.site.related import WINDOW
from sana_archive.site.urls import output_path

# An incremental build updates the output in place when at most this share of pages changed.
IN_PLACE_SHARE = 0.05
IN_PLACE_MIN = 200


@dataclass(frozen=True)
class Redraw:
    """The plan, the pages to draw of it (``stale``), those the last build wrote and this one
    does not (``removed``), and how the output is written; ``previous`` is the last build's
    record of its files."""

    plan: Plan
    previous: dict[str, str]
    stale: set[str]
    removed: set[str]
    few: float  # at most this many changed files: in place
    in_place: bool
    probe: bool

    @property
    def mode(self) -> str:
        return "in-place" if self.in_place else "staged"

    def output(
        self, output: Path, keep_last_good: bool
    ) -> InPlaceOutput | StagedOutput | ProbedOutput:
        if self.in_place:
            return InPlaceOutput(output, defer=keep_last_good)
        return ProbedOutput(output) if self.probe else StagedOutput(output)

    def settle(self, fresh: set[str]) -> bool:
        """After a probe: in place when few files really changed bytes."""
        return len(fresh) + len(self.removed) <= self.few


def redraw(
    derived: Derived,
    articles: list[Article],
    config: SiteConfig,
    registries: Registries,
    keys: PlanKeys,
    memos: Memos,
    state: BuildState,
    output: Path,
    keep_last_good: bool,
) -> Redraw:
    """Plan from the state's last plan when it may be started from (only the regions the
    edit reaches), else the whole site; then decide which pages to draw and how."""
    last = state.last_plan(keys.plan, output, derived, articles, memos.view_keys, registries)
    plan = plan_build(derived, config, keys.outputs, keys.templates, memos.rows, last, registries)
    return decide(plan, state.last_pages(output), output, keep_last_good)


def decide(
    plan: Plan,
    previous: dict[str, str],
    output: Path,
    keep_last_good: bool,
) -> Redraw:
    """Which planned pages are stale against ``previous`` (the last build's record) and the
    disk, and whether to update in place, probe or stage."""
    fingerprints = plan.fingerprints
    root = f"{output}{os.sep}"  # plain strings: 16,000 pathlib joins cost a third of a second
    stale = {
        rel
        for rel in (plan.planned if plan.partial else fingerprints)
        if previous.get(rel) != fingerprints[rel] or not os.path.isfile(root + rel)
    }
    removed = set(previous) - set(fingerprints)
    few = max(IN_PLACE_MIN, IN_PLACE_SHARE * len(fingerprints))
    in_place = bool(previous) and len(stale) + len(removed) <= few
    # Many stale pages over a known last site: render first, then decide by changed bytes.
    probe = bool(previous) and not in_place and not keep_last_good
    return Redraw(plan, previous, stale, removed, few, in_place, probe)


# ---- regions: which an edit reaches ---------------------------------------------------
def _identity(site: Site, index: int) -> tuple[str, str]:
    article = site.articles[index]
    return (article.content_key, site.urls[index])


def changed_statements(old: Site, new: Site) -> set[str]:
    """Source paths of statements added, removed or redrawn between two sites."""
    if new.urls is old.urls and new.terms is old.terms:  # updated in place: same indexes
        return {
            a.source_path
            for a, b in zip(new.articles, old.articles, strict=True)
            if a is not b and a.content_key != b.content_key
        }
    changed = set(old.position.keys() ^ new.position.keys())
    for rel, index in new.position.items():
        before = old.position.get(rel)
        if before is not None and _identity(old, before) != _identity(new, index):
            changed.add(rel)
    for key, term in new.terms.items():
        was = old.terms.get(key)
        if was is not None and (was.slug != term.slug or was.name != term.name):
            changed.update(new.articles[i].source_path for i in term.articles)
            changed.update(old.articles[i].source_path for i in was.articles)
    return changed


def _regions_of(derived: Derived, index: int) -> set[Region]:
    site = derived.site
    article = site.articles[index]
    found: set[Region] = {article_region(article.source_path)}
    found.update(alias_region(alias) for alias in article.aliases)
    for neighbour in derived.views.neighbours(index):
        if neighbour is not None:
            found.add(article_region(site.articles[neighbour].source_path))
    for members in derived.related.lists(index):
        rank = bisect_left(members, index)
        for other in members[max(0, rank - WINDOW) : rank + WINDOW + 1]:
            found.add(article_region(site.articles[other].source_path))
    for spec in FACETS:
        for value in spec.values(article):
            # A spelling folded into another term (topics differing by case) is its term.
            term = site.terms.get((spec.key, value))
            name = term.name if term is not None else value
            found.add(term_region(spec.key, name))
            if spec.feed:
                found.add(feed_region(spec.key, name))
    buckets = date_buckets(article)
    if not buckets:
        found.add(UNDATED)
    for year, month, day in buckets:
        found.add(("year", year))
        if month:
            found.add(("month", year, month))
        if day:
            found.add(("day", year, month, day))
    return found


def touched_regions(old: Derived, new: Derived) -> set[Region]:
    """Every region whose pages may differ between the build of ``old`` and of ``new``."""
    changed = changed_statements(old.site, new.site)
    if not changed:
        return set()
    touched: set[Region] = {HOME, DATES, FEED, DOWNLOADS, *(facet_region(s.key) for s in FACETS)}
    for derived in (old, new):
        for rel in changed:
            index = derived.site.position.get(rel)
            if index is not None:
                touched |= _regions_of(derived, index)
    return touched


# ---- the plan: whole, or the touched regions over the last plan -------------------------
def plan_build(
    derived: Derived,
    config: SiteConfig,
    global_fp: str,
    templates: dict[str, str],
    memo: RowMemo,
    last: LastPlan | None = None,
    registries: Registries | None = None,
) -> Plan:
    """Plan every output, or, given the last plan of the same global inputs, what changed.
    ``registries`` feed the speaker pages' tenures; ``global_fp`` covers their text."""

    only = None if last is None else touched_regions(last.derived, derived)
    specs = planning.plan_specs(derived, config, only, memo, registries)
    planned = [output_path(s.url) for s in specs]
    own = {
        rel: fingerprint(global_fp, templates.get(s.template, "missing"), s.key)
        for rel, s in zip(planned, specs, strict=True)
    }
    grouped: dict[Region, list[str]] = defaultdict(list)
    for rel, spec in zip(planned, specs, strict=True):
        grouped[spec.region].append(rel)
    if last is None or only is None:  # the second test only narrows the type
        return Plan(specs, planned, own, {r: tuple(v) for r, v in grouped.items()}, False)
    fingerprints = dict(last.fingerprints)
    regions = dict(last.regions)
    for region in only:
        for rel in regions.pop(region, ()):
            fingerprints.pop(rel, None)
    fingerprints.update(own)
    regions.update((r, tuple(v)) for r, v in grouped.items())
    return Plan(specs, planned, fingerprints, regions, True)
