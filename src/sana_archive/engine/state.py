"""Build state: what one build leaves for the next, behind one interface, in two stores.

A build asks its state what it may skip: the sources it read before (with the size and
change time they had), the view-key and data-row memos, the last plan and the pages the
last build wrote, and whether the last build's output is still what these inputs make.
It tells the state when it starts trusting nothing from the last build (``begin``), when
it updates the live site file by file (``updating_in_place``), and what it built
(``commit``). The build never asks which store it has.

* ``DiskState``, the CLI's: SQLite beside the output (``engine.cache``), opened for one
  build. It keeps what a fresh process can reload: parsed sources, page fingerprints,
  regions, memos, the last build's result.
* ``MemoryState``, ``serve``'s: lives as long as the process and keeps what is quicker in
  memory (parsed sources, the last site model and plan, compiled templates, the discovery
  walk, the registries); it writes through to a ``DiskState`` it opens for each build, so a
  CLI build after ``serve`` (or a build killed in ``serve``) finds the same record. Its
  memories are trusted only while the disk record says no other build came in between.

The protocol that makes a killed build harmless lives here and nowhere else: ``begin``
withdraws the claims of the last build (the plan key, the no-change record) before anything
is overwritten, ``updating_in_place`` marks the output dirty until ``commit``, and only
``commit`` of a build whose every page was written claims its plan again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sana_archive.config import SiteConfig
from sana_archive.content.discover import DiscoveryMemo, SourceFile
from sana_archive.content.load import RegistryMemo
from sana_archive.content.reader import ReadResult
from sana_archive.engine.cache import BuildCache, CachedSource, cache_path, load_result
from sana_archive.engine.freshness import LastBuild, output_mtime
from sana_archive.engine.outputs import SitemapMemo
from sana_archive.engine.plan import LastPlan
from sana_archive.engine.search import SearchRecord
from sana_archive.engine.spill import BodyStore
from sana_archive.model import Article, Diagnostic
from sana_archive.outputs.data import RowMemo, Rows
from sana_archive.registry import Registries
from sana_archive.render.env import make_environment
from sana_archive.site.dating import DatingMemo, date_articles
from sana_archive.site.derived import Derived
from sana_archive.site.graph import build_site, update_site
from sana_archive.site.regions import Region

ViewKeys = dict[tuple[str, str], str]

# A CLI rebuild plans from the last site when at most this share of statements changed;
# beyond it, planning every region is as quick as comparing two sites.
CACHED_PLAN_SHARE = 0.05


@dataclass
class Memos:
    """The view keys and data rows made under one plan key, and what was loaded of them
    (so a store writes back only what is new)."""

    view_keys: ViewKeys
    rows: RowMemo
    loaded: tuple[ViewKeys, dict[tuple[str, str, str], Rows]] = ({}, {})


@dataclass(frozen=True)
class Built:
    """What a build made, handed to its state on commit."""

    plan_key: str
    config: SiteConfig
    derived: Derived
    pages: dict[str, str]  # every file written -> fingerprint ("" : rewrite next time)
    previous: dict[str, str]  # the pages the state held before (``last_pages``)
    regions: dict[Region, tuple[str, ...]]
    last_regions: dict[Region, tuple[str, ...]] | None  # what the regions record held
    memos: Memos
    complete: bool  # every planned page written: the plan may be claimed
    result: LastBuild


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
        self.sitemap = SitemapMemo()

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
        return date_articles(articles, registries, memo=self.datings)

    def site_model(
        self, articles: list[Article], view_keys: ViewKeys
    ) -> tuple[Derived, list[Diagnostic]]:
        """The site model of ``articles`` with its lookups."""
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


class DiskState(BuildState):
    """The CLI's store: the SQLite build cache beside the output, for one build."""

    def __init__(self, output: Path, *, verify: bool = True) -> None:
        super().__init__()
        self.cache = BuildCache(cache_path(output), verify=verify)
        self._inputs_key: str | None = None
        self._finished_key: str | None = None
        self._context = ""
        self._rows: dict[str, CachedSource] = {}
        self._wanted = False
        self._before: dict[str, Article | None] | None = None

    def close(self) -> None:
        self.cache.close()

    def problems(self) -> list[Diagnostic]:
        reason = self.cache.reset_reason
        return [Diagnostic(str(self.cache.path), 1, 1, "warning", reason)] if reason else []

    def unchanged(self, output: Path, inputs_key: Callable[[], str]) -> LastBuild | None:
        self._inputs_key = inputs_key()
        raw = self.cache.last_build()
        if raw is None or self.cache.dirty() or not (output / "index.html").is_file():
            return None
        return LastBuild.load(raw, self._inputs_key, output_mtime(output))

    def begin(self) -> None:
        # The cache's copy of each source describes the last finished build only until this
        # build stores what it reads: until this one finishes, no build may plan from it.
        self.cache.set_last_build(None)
        self._finished_key = self.cache.plan_key()
        self.cache.set_plan_key(None)

    def recall_sources(
        self,
        context: str,
        sources: Sequence[SourceFile],
        *,
        memory: Mapping[str, object] | None = None,
        found: Mapping[str, ReadResult] | None = None,
    ) -> dict[str, ReadResult]:
        """``memory``: what a memory above this store holds (only sources it does not
        hold make the rows load); ``found``: what it recalled already (not loaded here)."""
        memory, found = memory or {}, found or {}
        self._wanted = any(s.rel not in memory for s in sources)
        self._rows = self.cache.sources(context) if self._wanted else {}
        recalled = {}
        for source in sources:
            if source.rel in found:
                continue
            row = self._rows.get(source.rel)
            if row is not None and row.size == source.size and row.changed_ns == source.changed_ns:
                result = load_result(row.result)
                if result is not None:
                    recalled[source.rel] = self.bodies.keep(result)
        return recalled

    def keep_sources(
        self,
        context: str,
        sources: Sequence[SourceFile],
        results: Sequence[ReadResult],
        parsed: Sequence[int],
        *,
        memory: Mapping[str, object] | None = None,
    ) -> None:
        """``memory``: what a memory above held before this build, when there is one."""
        if memory is None:
            self._before = _superseded(sources, self._rows, parsed)
        if parsed:
            self.cache.store_sources(
                context,
                (
                    (
                        sources[i].rel,
                        sources[i].size,
                        sources[i].changed_ns,
                        results[i].article.digest if results[i].article else "",
                        results[i],
                    )
                    for i in parsed
                ),
            )
        if self._wanted:
            stale = len(self._rows) != len(sources) - len(parsed)
        else:
            stale = bool(set(memory or {}) - {s.rel for s in sources})
        if stale:
            self.cache.forget_sources(s.rel for s in sources)

    def memos(self, plan_key: str) -> Memos:
        loaded = self.cache.view_memos(plan_key)
        return Memos(dict(loaded[0]), RowMemo(dict(loaded[1])), loaded)

    def last_plan(
        self,
        plan_key: str,
        output: Path,
        derived: Derived,
        articles: list[Article],
        view_keys: ViewKeys,
        registries: Registries,
    ) -> LastPlan | None:
        """The last build's plan, rebuilt from the cache, so a rebuild after an edit plans
        only the regions the edit reaches (as ``serve`` does with the plan it keeps).

        Trusted only when the last build finished and wrote every page under the same plan
        key (code, config, registries, templates), the cache holds the last version of each
        changed source, and every page of that plan is still in the output (one deleted by
        hand is put back by planning the whole site)."""
        before = self._before
        if before is None or not output.is_dir():
            return None
        if len(before) > CACHED_PLAN_SHARE * len(articles):
            return None
        if self._finished_key != plan_key or self.cache.dirty():
            return None
        pages, regions = self.cache.pages(), self.cache.regions()
        # The planned outputs only: the table also lists what every build writes (404,
        # sitemap, static files) with an empty fingerprint.
        fingerprints = {rel: pages.get(rel, "") for group in regions.values() for rel in group}
        root = f"{output}{os.sep}"
        if not fingerprints or not all(os.path.isfile(root + rel) for rel in fingerprints):
            return None
        derived = _last_model(derived, articles, before, view_keys, registries)
        return LastPlan(plan_key, self.cache.generation() or "", derived, fingerprints, regions)

    def last_pages(self, output: Path) -> dict[str, str]:
        if not output.is_dir() or self.cache.dirty():
            return {}
        return self.cache.pages()

    def updating_in_place(self) -> None:
        self.cache.set_dirty(True)

    def abandon(self) -> None:
        self.cache.set_dirty(False)

    def commit(self, built: Built) -> None:
        self.record(built)
        memos = built.memos
        self.cache.store_view_memos(
            built.plan_key, memos.view_keys, memos.rows.entries, memos.loaded
        )

    def record(self, built: Built) -> str:
        """Everything but the memos; returns the new generation."""
        self.cache.replace_pages(built.pages, built.previous)
        self.cache.set_dirty(False)
        generation = self.cache.new_generation()
        self.cache.replace_regions(built.regions, built.last_regions)
        self.cache.set_plan_key(built.plan_key if built.complete else None)
        if built.complete and self._inputs_key is not None:
            self.cache.set_last_build(built.result.dump(self._inputs_key))
        return generation

    def search_record(self) -> SearchRecord | None:
        return self.cache


class MemoryState(BuildState):
    """``serve``'s store, for the life of the process: see the module docstring.

    ``durable`` (the default) writes through to the SQLite cache beside the output; without
    it the state is a scratch one that trusts nothing it did not make in this build (the
    CLI's ``--no-cache`` and ``check``).
    """

    def __init__(self, *, durable: bool = True) -> None:
        super().__init__()
        self.durable = durable
        self.disk: DiskState | None = None
        self.verified = False
        self.context = ""
        self.sources: dict[str, tuple[int, int, ReadResult]] = {}
        self.suspect: set[str] = set()
        self.env_key: tuple[tuple[str, str], ...] | None = None
        self.env: jinja2.Environment | None = None
        self.plan: LastPlan | None = None
        self.pages: dict[str, str] = {}
        self.memo_key = ""
        self.kept_memos = Memos({}, RowMemo())
        self.model: tuple[Derived, list[Diagnostic]] | None = None
        self.config: SiteConfig | None = None

    @contextmanager
    def opened(self, output: Path) -> Iterator[BuildState]:
        if not self.durable:
            yield self
            return
        # SQLite's quick check reads the whole file: once per process is enough.
        self.disk = DiskState(output, verify=not self.verified)
        self.disk.bodies = self.bodies  # one spill file for the session
        self.verified = True
        try:
            yield self
        finally:
            self.disk.close()
            self.disk = None

    def problems(self) -> list[Diagnostic]:
        return self.disk.problems() if self.disk else []

    def begin(self) -> None:
        if self.disk is not None:
            self.disk.begin()

    def suspects(self) -> set[str]:
        return self.suspect

    def saw_changes(self, paths: Sequence[str]) -> None:
        """Content files a watcher saw change: read again even when size and change time
        look unchanged (two saves within one timestamp tick), and walked again."""
        self.suspect.update(paths)
        self.discovery.note(paths)

    def recall_sources(self, context: str, sources: Sequence[SourceFile]) -> dict[str, ReadResult]:
        memo = self.sources if context == self.context else {}
        found = {}
        for source in sources:
            hit = memo.get(source.rel)
            if hit is not None and hit[0] == source.size and hit[1] == source.changed_ns:
                found[source.rel] = hit[2]
        if self.disk is not None:
            found.update(self.disk.recall_sources(context, sources, memory=memo, found=found))
        return found

    def keep_sources(
        self,
        context: str,
        sources: Sequence[SourceFile],
        results: Sequence[ReadResult],
        parsed: Sequence[int],
    ) -> None:
        if self.disk is not None:
            memory = self.sources if context == self.context else {}
            self.disk.keep_sources(context, sources, results, parsed, memory=memory)
        self.context, self.suspect = context, set()
        self.sources = {
            s.rel: (s.size, s.changed_ns, r) for s, r in zip(sources, results, strict=True)
        }

    def memos(self, plan_key: str) -> Memos:
        """Emptied when what views are made under changed: registries reshape parsed
        articles whose bytes, hence digests, did not change."""
        if plan_key != self.memo_key:
            self.kept_memos, self.memo_key = Memos({}, RowMemo()), plan_key
        return self.kept_memos

    def site_model(
        self, articles: list[Article], view_keys: ViewKeys
    ) -> tuple[Derived, list[Diagnostic]]:
        """The last model updated in place when no index moved (a statement's text)."""
        if self.model is not None:
            last, problems = self.model
            updated = update_site(last.site, articles)
            if updated is not None:
                site, changed = updated
                self.model = (Derived.of(site, view_keys, last, changed), problems)
                return self.model
        self.model = super().site_model(articles, view_keys)
        return self.model[0], list(self.model[1])

    def last_plan(
        self,
        plan_key: str,
        output: Path,
        derived: Derived,
        articles: list[Article],
        view_keys: ViewKeys,
        registries: Registries,
    ) -> LastPlan | None:
        """Trusted while made under the same key and the disk record shows no other build
        (its generation) and no killed one (dirty) since."""
        plan, disk = self.plan, self.disk
        if plan is None or plan.key != plan_key or disk is None or not output.is_dir():
            return None
        if disk.cache.generation() != plan.generation or disk.cache.dirty():
            return None
        return plan

    def last_pages(self, output: Path) -> dict[str, str]:
        if self.disk is None:
            return {}
        plan, cache = self.plan, self.disk.cache
        if plan is not None and cache.generation() == plan.generation and not cache.dirty():
            return self.pages if output.is_dir() else {}
        return self.disk.last_pages(output)

    def environment(self, template_dir: Path, templates: dict[str, str]) -> jinja2.Environment:
        key = tuple(sorted(templates.items()))
        if self.env is None or key != self.env_key:
            self.env, self.env_key = make_environment([template_dir]), key
        return self.env

    def updating_in_place(self) -> None:
        if self.disk is not None:
            self.disk.updating_in_place()

    def abandon(self) -> None:
        if self.disk is not None:
            self.disk.abandon()

    def commit(self, built: Built) -> None:
        self.config = built.config
        if self.disk is None:
            return
        generation = self.disk.record(built)
        planned = {rel for group in built.regions.values() for rel in group}
        fingerprints = {rel: fp for rel, fp in built.pages.items() if rel in planned}
        self.plan = LastPlan(built.plan_key, generation, built.derived, fingerprints, built.regions)
        self.pages = built.pages

    def search_record(self) -> SearchRecord | None:
        return self.disk.search_record() if self.disk else None

    def prime(self) -> None:
        """Fill the memos an edit reads (every item's key, every data row) while ``serve``
        is idle after its first build, so the first save is as quick as the later ones."""
        if self.model is None or self.config is None:
            return
        derived = self.model[0]
        for index in range(len(derived.site.articles)):
            derived.views.item_key(index)
            derived.views.facts_key(index)
        self.kept_memos.rows.rows(derived.site, self.config)


@contextmanager
def open_state(output: Path, use_cache: bool, kept: BuildState | None) -> Iterator[BuildState]:
    """The state a build uses: the one a caller keeps (``serve``), else SQLite beside the
    output, else (``--no-cache``) a scratch one that knows nothing."""
    if kept is not None:
        with kept.opened(output) as state:
            yield state
    elif use_cache:
        state = DiskState(output)
        try:
            yield state
        finally:
            state.close()
    else:
        yield MemoryState(durable=False)


def _last_model(
    derived: Derived,
    articles: list[Article],
    before: dict[str, Article | None],
    view_keys: ViewKeys,
    registries: Registries,
) -> Derived:
    """The last build's site model: this build's articles with each changed source put
    back as it was (``before``). When none of them moved in any index (a statement's text
    edited: the common case), that is this build's model with those statements swapped
    back (``update_site``, as ``serve`` does forwards), not a second whole site."""
    current = {a.source_path for a in articles}
    last = [before.get(a.source_path, a) for a in articles]
    last += [a for rel, a in before.items() if rel not in current]
    dated, _ = date_articles([a for a in last if a is not None], registries)
    updated = update_site(derived.site, dated)
    if updated is not None:
        site, changed = updated
        return Derived.of(site, view_keys, derived, changed)
    site, _ = build_site(dated)
    return Derived.of(site, view_keys)


def _superseded(
    sources: Sequence[SourceFile], cached: dict[str, CachedSource], parsed: Sequence[int]
) -> dict[str, Article | None] | None:
    """The last build's version of each source that changed, was added or was deleted."""
    before: dict[str, Article | None] = {}
    current = {s.rel for s in sources}
    gone = [rel for rel in cached if rel not in current]
    for rel in [sources[i].rel for i in parsed] + gone:
        row = cached.get(rel)
        if row is None:
            before[rel] = None
            continue
        result = load_result(row.result)
        if result is None:
            return None  # an unreadable row: the last site is not known
        before[rel] = result.article
    return before
