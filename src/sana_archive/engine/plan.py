"""The build plan: every output's fingerprint, planned whole or only where an edit reached.

A cold build plans every region of the site. An incremental one starts from the last plan
(``LastPlan``: kept in memory by ``serve``, rebuilt from the cache by the CLI) and, when
nothing global changed (code, config, registries, templates), plans only the regions
``touched_regions`` names; every other output keeps its fingerprint from the last plan.
Both give the same fingerprints: a test plans random edits both ways.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sana_archive.config import SiteConfig
from sana_archive.engine.cache import fingerprint
from sana_archive.engine.regions import touched_regions
from sana_archive.engine.search import plan_search_page
from sana_archive.outputs.data import RowMemo, plan_downloads
from sana_archive.outputs.feeds import plan_feeds
from sana_archive.outputs.redirects import plan_redirects
from sana_archive.registry import Registries
from sana_archive.site.derived import Derived
from sana_archive.site.pages import PageSpec, plan_pages
from sana_archive.site.quotations import plan_quotations
from sana_archive.site.regions import Region
from sana_archive.site.urls import output_path


@dataclass(frozen=True)
class LastPlan:
    """What a build planned, kept (by ``serve``; in the CLI's cache) to plan the next from.

    ``key`` covers everything global a page depends on; ``generation`` is the token that
    build left in the cache, so a build by another process in between is noticed.
    """

    key: str
    generation: str
    derived: Derived
    fingerprints: dict[str, str]
    regions: dict[Region, tuple[str, ...]]


@dataclass(frozen=True)
class Plan:
    """``specs`` are the outputs planned this time and ``planned`` their output paths, in
    the same order; ``fingerprints`` covers every output, planned or kept."""

    specs: list[PageSpec]
    planned: list[str]
    fingerprints: dict[str, str]
    regions: dict[Region, tuple[str, ...]]
    partial: bool


@dataclass(frozen=True)
class PlanKeys:
    """``outputs``: what every output depends on besides its own view (code, config,
    registries); ``plan``: that and the templates, the key a last plan is trusted under."""

    outputs: str
    templates: dict[str, str]
    plan: str

    @classmethod
    def of(cls, global_fp: str, templates: dict[str, str]) -> PlanKeys:
        return cls(global_fp, templates, plan_key(global_fp, templates))


def plan_key(global_fp: str, templates: dict[str, str]) -> str:
    return fingerprint(global_fp, *(f"{k}={v}" for k, v in sorted(templates.items())))


def _specs(
    derived: Derived,
    config: SiteConfig,
    only: Collection[Region] | None,
    memo: RowMemo,
    registries: Registries | None,
) -> list[PageSpec]:
    site = derived.site
    return [
        *plan_pages(site, config, only, derived, registries),
        *plan_quotations(site, config, derived.views, only),
        *plan_feeds(site, config, only),
        *plan_downloads(site, config, only, memo),
        *plan_search_page(config, only),
        *plan_redirects(site, config, only),
    ]


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
    specs = _specs(derived, config, only, memo, registries)
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
