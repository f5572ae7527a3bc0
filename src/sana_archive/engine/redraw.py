"""What a build redraws and how it reaches the output: the one place that decides.

An edit is narrowed three times, each time against what the build state (``engine.state``)
says the last build left:

1. **Sources.** A file is parsed again only when its size or change time moved or a watcher
   saw it change (``sources.read_sources``); every other result comes from the state.
2. **Regions.** The build asks the state for the last plan (``BuildState.last_plan``).
   When it has one made under the same plan key (code, config, registries, templates),
   only the regions the edit reaches are planned (``regions.touched_regions``: the rules,
   with why they are complete) and every other page keeps its fingerprint
   (``plan.plan_build``). Otherwise every region is planned. Both give the same
   fingerprints (tests/engine/test_plan.py).
3. **Pages.** ``decide`` compares each planned page's fingerprint with the one the last build
   recorded for it (``BuildState.last_pages``): a page that differs, or is missing on disk,
   is stale and drawn again. Few stale or removed pages update the live site in place
   (``IN_PLACE_SHARE``, ``IN_PLACE_MIN``); many over a known last site are probed (drawn,
   then compared with the live bytes, and ``settle`` decides in place or staged by what
   really changed); without a last site, the whole site is staged and swapped in.

The search index follows the pages: a shard is re-indexed when the content of one of its
statement pages changed (``search.SearchIndex``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sana_archive.config import SiteConfig
from sana_archive.engine.plan import Plan, PlanKeys, plan_build
from sana_archive.engine.state import BuildState, Memos
from sana_archive.engine.writers import InPlaceOutput, ProbedOutput, StagedOutput
from sana_archive.model import Article
from sana_archive.registry import Registries
from sana_archive.site.derived import Derived

# An incremental build updates the output in place when at most this share of pages changed.
IN_PLACE_SHARE = 0.05
IN_PLACE_MIN = 200


@dataclass(frozen=True)
class Redraw:
    """The plan, the pages to draw of it (``stale``), those the last build wrote and this one
    does not (``removed``), and how the output is written; ``previous`` is the last build's
    record of its files and ``last_regions`` its regions (None: not known)."""

    plan: Plan
    last_regions: dict | None
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
    regions = last.regions if last is not None else None
    return decide(plan, regions, state.last_pages(output), output, keep_last_good)


def decide(
    plan: Plan,
    last_regions: dict | None,
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
    return Redraw(plan, last_regions, previous, stale, removed, few, in_place, probe)
