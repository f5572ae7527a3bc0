"""The build plan: every output's fingerprint, planned whole or only where an edit reached.

A cold or CLI build plans every region of the site. A long-running ``serve`` keeps the last
plan (``LastPlan``) and, when nothing global changed (code, config, registries, templates),
plans only the regions ``touched_regions`` names; every other output keeps its fingerprint
from the last plan. Both give the same fingerprints: a test plans random edits both ways.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sana_archive.cache import fingerprint
from sana_archive.config import SiteConfig
from sana_archive.data import RowMemo, plan_downloads
from sana_archive.feeds import plan_feeds
from sana_archive.search import plan_search_page
from sana_archive.site.derived import Derived
from sana_archive.site.pages import PageSpec, plan_pages
from sana_archive.site.regions import Region, touched_regions
from sana_archive.site.urls import output_path


@dataclass(frozen=True)
class LastPlan:
    """What a build planned, kept by ``serve`` to plan the next build from.

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
    """``specs`` are the outputs planned this time; ``fingerprints`` covers every output."""

    specs: list[PageSpec]
    fingerprints: dict[str, str]
    regions: dict[Region, tuple[str, ...]]
    partial: bool


def plan_key(global_fp: str, templates: dict[str, str]) -> str:
    return fingerprint(global_fp, *(f"{k}={v}" for k, v in sorted(templates.items())))


def _specs(
    derived: Derived, config: SiteConfig, only: Collection[Region] | None, memo: RowMemo
) -> list[PageSpec]:
    site = derived.site
    return [
        *plan_pages(site, config, only, derived),
        *plan_feeds(site, config, only),
        *plan_downloads(site, config, only, memo),
        *plan_search_page(config, only),
    ]


def plan_build(
    derived: Derived,
    config: SiteConfig,
    global_fp: str,
    templates: dict[str, str],
    memo: RowMemo,
    last: LastPlan | None = None,
) -> Plan:
    """Plan every output, or, given the last plan of the same global inputs, what changed."""

    def fingerprints_of(specs: list[PageSpec]) -> dict[str, str]:
        return {
            output_path(s.url): fingerprint(global_fp, templates.get(s.template, "missing"), s.key)
            for s in specs
        }

    def regions_of(specs: list[PageSpec]) -> dict[Region, list[str]]:
        grouped: dict[Region, list[str]] = defaultdict(list)
        for spec in specs:
            grouped[spec.region].append(output_path(spec.url))
        return grouped

    if last is None:
        specs = _specs(derived, config, None, memo)
        grouped = regions_of(specs)
        return Plan(
            specs, fingerprints_of(specs), {r: tuple(v) for r, v in grouped.items()}, False
        )
    touched = touched_regions(last.derived, derived)
    specs = _specs(derived, config, touched, memo)
    fingerprints = dict(last.fingerprints)
    regions = dict(last.regions)
    for region in touched:
        for rel in regions.pop(region, ()):
            fingerprints.pop(rel, None)
    fingerprints.update(fingerprints_of(specs))
    regions.update((r, tuple(v)) for r, v in regions_of(specs).items())
    return Plan(specs, fingerprints, regions, True)
