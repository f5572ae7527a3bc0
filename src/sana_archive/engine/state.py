"""Build state: what one build leaves for the next, behind one interface, in two stores.

A build asks its state what it may skip: the sources it read before (with the size and
change time they had), the view-key and data-row memos, the last plan and the pages the
last build wrote, and whether the last build's output is still what these inputs make.
It tells the state when it starts trusting nothing from the last build (``begin``), when
it updates the live site file by file (``updating_in_place``), and what it built
(``commit``). The build never asks which store it has.

* ``DiskState`` (``engine.disk``), the CLI's: SQLite beside the output (``engine.cache``),
  opened for one build. It keeps what a fresh process can reload: parsed sources, page
  fingerprints, regions, memos, the site model's indexes and the views' keys by position
  (so an edit that moves no statement in any index puts the articles back in them instead
  of making the site again), the last build's result.
* ``MemoryState`` (``engine.memory``), ``serve``'s: lives as long as the process and keeps
  what is quicker in memory (parsed sources, the last site model and plan, compiled
  templates, the discovery walk, the registries); it writes through to a ``DiskState`` it
  opens for each build, so a CLI build after ``serve`` (or a build killed in ``serve``)
  finds the same record. Its memories are trusted only while the disk record says no other
  build came in between.

The protocol that makes a killed build harmless is part of the interface, and only the
stores read or write its marks (``BuildCache``'s typed accessors): ``begin``
withdraws the claims of the last build (the plan key, the no-change record) before anything
is overwritten, ``updating_in_place`` marks the output dirty until ``commit``, and only
``commit`` of a build whose every page was written claims its plan again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sana_archive.content.discover import DiscoveryMemo, SourceFile
from sana_archive.content.load import RegistryMemo
from sana_archive.engine.freshness import LastBuild
from sana_archive.engine.spill import BodyStore
from sana_archive.model import Article, Diagnostic
from sana_archive.registry import Registries

# What only a build with work to do uses (the model, the drawing, Jinja) is imported where
# it is used: a no-change rebuild opens a state and asks ``unchanged``, nothing more.
if TYPE_CHECKING:
    import jinja2

    from sana_archive.config import SiteConfig
    from sana_archive.content.reader import ReadResult
    from sana_archive.engine.outputs import SitemapMemo
    from sana_archive.engine.plan import LastPlan
    from sana_archive.engine.search import SearchRecord
    from sana_archive.outputs.data import Chunk, RowMemo
    from sana_archive.site.dating import DatingMemo
    from sana_archive.site.derived import Derived
    from sana_archive.site.regions import Region

ViewKeys = dict[tuple[str, str], str]


@dataclass
class Memos:
    """The view keys and data rows made under one plan key, and what was loaded of them
    (so a store writes back only what is new)."""

    view_keys: ViewKeys
    rows: RowMemo
    loaded: tuple[ViewKeys, dict[int, Chunk]] = ({}, {})


@dataclass(frozen=True)
class Built:
    """What a build made, handed to its state on commit."""

    plan_key: str
    config: SiteConfig
    derived: Derived
    planned: dict[str, str]  # every planned output -> fingerprint ("": draw it next time)
    pages: dict[str, str]  # those and every other file written (404, static...) -> ""
    previous: dict[str, str]  # the pages the state held before (``last_pages``)
    regions: dict[Region, tuple[str, ...]]
    memos: Memos
    complete: bool  # every planned page written: the plan may be claimed
    result: LastBuild
    # The key of the sitemap now in the output, when the store keeps one (``SitemapMemo``).
    sitemap: str = ""


class BuildState:
    """One interface for what builds keep; see the module docstring.

    Every store also carries the in-process memos a build fills as it goes (bodies' spill
    file, parsed registries, the discovery walk, datings, the sitemap): a store made for one
    build simply starts them empty.
    """

    def __init__(self) -> None:
        self.bodies = BodyStore()
        self.registries = RegistryMemo()
        self.discovery = DiscoveryMemo()
        self.datings: DatingMemo = {}

    @cached_property
    def sitemap(self) -> SitemapMemo:
        from sana_archive.engine.outputs import SitemapMemo

        return SitemapMemo()

    @contextmanager
    def opened(self, output: Path) -> Iterator[BuildState]:
        """The state for one build into ``output``, held while the build lock is."""
        yield self

    def problems(self) -> list[Diagnostic]:
        """What opening the state found (a cache thrown away), as warnings."""
        return []

    # ---- the last build -------------------------------------------------------------------
    def unchanged(self, output: Path, inputs_key: Callable[[], str]) -> LastBuild | None:
        """The last build's result, if its inputs summed to ``inputs_key()`` and its output
        is whole: then there is nothing to build. Default: never known."""
        return None

    def begin(self) -> None:
        """A build starts: withdraw every claim of the last one until this one commits."""
        raise NotImplementedError

    # ---- sources --------------------------------------------------------------------------
    def recall_sources(self, context: str, sources: Sequence[SourceFile]) -> dict[str, ReadResult]:
        """The results kept for sources whose size and change time are as when read."""
        raise NotImplementedError

    def keep_sources(
        self,
        context: str,
        sources: Sequence[SourceFile],
        results: Sequence[ReadResult],
        parsed: Sequence[int],
    ) -> None:
        """Every source's result now (``parsed``: the positions read afresh)."""
        raise NotImplementedError

    def suspects(self) -> set[str]:
        """Sources to read again whatever their size and change time say."""
        return set()

    # ---- memos, model, plan ---------------------------------------------------------------
    def memos(self, plan_key: str) -> Memos:
        """The view-key and data-row memos made under ``plan_key`` (else empty ones)."""
        raise NotImplementedError

    def date(
        self, articles: list[Article], registries: Registries
    ) -> tuple[list[Article], list[Diagnostic]]:
        """Dates derived from evidence, for every article (see ``site.dating``); a kept
        memo gives back last build's object for an article whose dating did not move."""
        from sana_archive.site.dating import date_articles

        return date_articles(articles, registries, memo=self.datings)

    def site_model(
        self, articles: list[Article], view_keys: ViewKeys
    ) -> tuple[Derived, list[Diagnostic]]:
        """The site model of ``articles`` with its lookups."""
        from sana_archive.site.derived import Derived
        from sana_archive.site.graph import build_site

        site, problems = build_site(articles)
        return Derived.of(site, view_keys), list(problems)

    def last_plan(
        self,
        plan_key: str,
        output: Path,
        derived: Derived,
        articles: list[Article],
        view_keys: ViewKeys,
        registries: Registries,
    ) -> LastPlan | None:
        """The last build's plan, if the next may start from it: made under ``plan_key``,
        its pages all in ``output`` as it left them. ``derived`` is this build's model of
        ``articles`` (every article read, drafts too)."""
        raise NotImplementedError

    def last_pages(self, output: Path) -> dict[str, str]:
        """Every file the last build left in ``output`` and its fingerprint; empty when the
        output may not be what that build left (a killed in-place update, another build)."""
        raise NotImplementedError

    def environment(self, template_dir: Path, templates: dict[str, str]) -> jinja2.Environment:
        from sana_archive.render.env import make_environment

        return make_environment([template_dir])

    # ---- writing --------------------------------------------------------------------------
    def updating_in_place(self) -> None:
        """The live output is about to change file by file: until ``commit`` (or
        ``abandon``), a build that finds this mark replaces the whole site."""

    def abandon(self) -> None:
        """The build wrote nothing live after all (it kept the last good site)."""

    def commit(self, built: Built) -> None:
        """The output now holds ``built``."""
        raise NotImplementedError

    def search_record(self) -> SearchRecord | None:
        """Where the search index's shard keys are kept between builds (None: nowhere)."""
        return None
