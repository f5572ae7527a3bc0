"""The build plan's nouns: every output's spec and fingerprint, and the keys it is made under.

``plan_specs`` lists the outputs of the whole site or of some regions; which regions, and
what a partial plan keeps from the last one, ``engine.redraw`` decides.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sana_archive.config import SiteConfig
from sana_archive.engine.cache import fingerprint
from sana_archive.engine.search import plan_search_page
from sana_archive.outputs.data import RowMemo, plan_downloads
from sana_archive.outputs.feeds import plan_feeds
from sana_archive.outputs.redirects import plan_redirects
from sana_archive.registry import Registries
from sana_archive.site.derived import Derived
from sana_archive.site.pages import PageSpec, plan_pages
from sana_archive.site.quotations import plan_quotations
from sana_archive.site.regions import Region


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


def plan_specs(
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
