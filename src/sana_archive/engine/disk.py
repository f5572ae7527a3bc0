"""[I/O] The CLI's build state: the SQLite build cache beside the output, for one build.

What a fresh process can reload: parsed sources, page fingerprints, regions, view-key and
data-row memos, the site index and key columns, the last build's result. The claims of the
last build (its plan key, its no-change record, its site index) are withdrawn in ``begin``
and made again only by ``commit`` (see ``engine.state``).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sana_archive.content.discover import SourceFile
from sana_archive.engine.cache import (
    BuildCache,
    CachedSource,
    cache_path,
    load_result,
)
from sana_archive.engine.collector import collector_paused
from sana_archive.engine.freshness import LastBuild, output_mtime
from sana_archive.engine.presence import PresenceCheck
from sana_archive.engine.spill import BodyStore
from sana_archive.engine.state import BuildState, Built, Memos, ViewKeys
from sana_archive.model import Article, Diagnostic
from sana_archive.registry import Registries

# The plan, data rows and site model are imported where used: a no-change rebuild opens
# this state only to ask ``unchanged`` (tests/test_startup.py).
if TYPE_CHECKING:
    import jinja2

    from sana_archive.content.reader import ReadResult
    from sana_archive.engine.plan import LastPlan
    from sana_archive.engine.search import SearchRecord
    from sana_archive.site.derived import Derived
    from sana_archive.site.graph import Site, SiteIndex
    from sana_archive.site.views import KeyColumns

# A CLI rebuild plans from the last site when at most this share of statements changed;
# beyond it, planning every region is as quick as comparing two sites.
CACHED_PLAN_SHARE = 0.05


class DiskState(BuildState):
    """The CLI's store: the SQLite build cache beside the output, for one build."""

    def __init__(self, output: Path, *, verify: bool = True) -> None:
        super().__init__()
        self.output = output
        self.cache = BuildCache(cache_path(output), verify=verify)
        # What a build parses goes straight into the cache's bodies file, where a cached
        # article's body already is: nothing is copied (serve's memory swaps in its own).
        self.bodies = self.cache.bodies
        self._inputs_key: str | None = None
        self._finished_key: str | None = None
        self._context = ""
        self._rows: dict[str, CachedSource] = {}
        self._presence: PresenceCheck | None = None
        self._wanted = False
        self._before: dict[str, Article | None] | None = None
        self._index_blob: bytes | None = None  # the last build's site index, as stored
        self._keys_blob: bytes | None = None  # and its key columns, under their plan key
        self._plan_key = ""
        self._memos: Memos | None = None
        self._restored: SiteIndex | None = None  # this build's model was put back in it
        self._model_problems: list[Diagnostic] = []

    def close(self) -> None:
        if self._presence is not None:
            self._presence.close()
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
        self.sitemap.keyed, self.sitemap.key = True, self.cache.sitemap_key() or ""
        self.cache.set_sitemap_key(None)
        self._index_blob, self._keys_blob = self.cache.take_site_index()

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
        from sana_archive.content.reader import ReadResult
        from sana_archive.engine.recalled import recall

        # Under a memory (``serve``), articles outlive this store: they are recalled whole.
        above = memory is not None
        if not above:
            self._check_presence()
        memory, found = memory or {}, found or {}
        self._wanted = any(s.rel not in memory for s in sources)
        self._rows = self.cache.sources(context) if self._wanted else {}
        recalled = {}
        bodies = self.cache.bodies

        def whole(blob: bytes) -> Article | None:
            result = load_result(blob, bodies)
            return result.article if result is not None else None

        # 100,000 cached articles are millions of long-lived objects and no garbage: with
        # the cyclic collector on, it re-traversed them as they arrived (60% of the load).
        with collector_paused():
            for source in sources:
                if source.rel in found:
                    continue
                row = self._rows.get(source.rel)
                if row is None or (row.size, row.changed_ns) != (source.size, source.changed_ns):
                    continue
                # Only a statement's head, unless a memory above keeps the article whole.
                headed = None if row.head is None or above else recall(
                    source.rel, row.head, row.result, whole
                )
                if headed is not None:
                    recalled[source.rel] = ReadResult(*headed)
                    continue
                result = load_result(row.result, bodies)
                if result is not None:
                    recalled[source.rel] = self.bodies.keep(result)
        return recalled

    def _check_presence(self) -> None:
        """Begin checking that the last build's pages are all still in the output (see
        ``engine.presence``), when ``last_plan`` may ask: a finished, clean last build."""
        output = self.output
        wanted = self._presence is None and self._finished_key and output.is_dir()
        if wanted and not self.cache.dirty():
            self._presence = PresenceCheck(str(output), self.cache.outputs().planned)

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
            self._before = _superseded(sources, self._rows, parsed, self.cache.bodies)
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
            # Rows of sources no longer here (an edited source's row is not one of them:
            # counting it made every edit rescan the table, 0.2 s at 100,000).
            rows = self._rows
            stale = len(rows) != sum(1 for s in sources if s.rel in rows)
        else:
            stale = bool(set(memory or {}) - {s.rel for s in sources})
        if stale:
            self.cache.forget_sources(s.rel for s in sources)

    def memos(self, plan_key: str) -> Memos:
        """The view keys are loaded only if the site is made afresh (``site_model``): a
        site put back in the last build's indexes has its keys by position instead."""
        from sana_archive.outputs.data import RowMemo

        self._plan_key = plan_key
        rows = self.cache.data_rows(plan_key)
        self._memos = Memos({}, RowMemo(dict(rows)), ({}, rows))
        return self._memos

    def _load_view_keys(self) -> None:
        memos = self._memos
        if memos is None:
            return
        keys = self.cache.view_keys(self._plan_key)
        memos.view_keys.update(keys)
        memos.loaded = (keys, memos.loaded[1])

    def site_model(
        self, articles: list[Article], view_keys: ViewKeys
    ) -> tuple[Derived, list[Diagnostic]]:
        """The last build's site index with this build's articles put back in it, when
        no index moved (``site.graph.restore``: a statement's text edited, a template
        changed); else the site made afresh."""
        from sana_archive.site.derived import Derived
        from sana_archive.site.graph import restore

        index = self._site_index()
        if index is not None and self._before is not None:
            restored = restore(index, articles, self._before)
            if restored is not None:
                self._restored = index
                site, self._model_problems = restored
                stale = [site.position[r] for r in self._before if r in site.position]
                known = self._key_columns()
                if known is None:
                    self._load_view_keys()
                derived = Derived.of(site, view_keys, changed=stale, known=known)
                return derived, list(self._model_problems)
        self._load_view_keys()
        derived, self._model_problems = super().site_model(articles, view_keys)
        return derived, list(self._model_problems)

    def _key_columns(self) -> KeyColumns | None:
        """The last build's key columns, if made under this build's plan key."""
        from sana_archive.site.views import KeyColumns

        head, _, blob = (self._keys_blob or b"").partition(b"\n")
        if not self._plan_key or head.decode("ascii", "replace") != self._plan_key:
            return None
        return KeyColumns.load(blob)

    def _site_index(self) -> SiteIndex | None:
        from sana_archive.site.graph import SiteIndex

        if self._index_blob is None:
            return None
        try:
            with collector_paused():
                index = pickle.loads(self._index_blob)
        except Exception:  # an unreadable index: the site is simply made again
            return None
        return index if isinstance(index, SiteIndex) else None

    def environment(self, template_dir: Path, templates: dict[str, str]) -> jinja2.Environment:
        """Templates compiled once are loaded, not compiled again, by the next build."""
        from sana_archive.engine.cache import code_fingerprint
        from sana_archive.render.env import compiled_templates, make_environment

        folder = self.cache.path.with_suffix(".templates")
        return make_environment([template_dir], compiled_templates(folder, code_fingerprint()))

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
        recorded = self.cache.outputs()
        # The planned outputs only (not the 404 page, sitemap, static files every build
        # writes), as the record keeps them apart.
        fingerprints, regions = recorded.planned, recorded.regions
        check = self._presence
        if check is None or check.rels is not fingerprints or check.root != str(output):
            check = PresenceCheck(str(output), fingerprints)
        if not fingerprints or not check.present():
            return None
        from sana_archive.engine.plan import LastPlan
        from sana_archive.site.derived import Derived
        from sana_archive.site.graph import rewound

        if self._restored is not None:
            site, changed = rewound(derived.site, self._restored, before)
            derived = Derived.of(site, view_keys, derived, changed)
        else:
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
        self.record(built, self._model_problems)
        memos = built.memos
        self.cache.store_view_memos(
            built.plan_key, memos.view_keys, memos.rows.entries, memos.loaded
        )

    def record(
        self, built: Built, model_problems: Sequence[Diagnostic], index: bytes | None = None
    ) -> str:
        """Everything but the memos; returns the new generation. ``model_problems``: what
        making the site model found, kept with its index; ``index``: that index already
        pickled (a store that knows it did not change)."""
        if index is None and self._restored is None:
            index = site_index_blob(built.derived.site, model_problems)
        # (None: put back unchanged, the stored index is this build's too)
        keys = built.plan_key.encode("ascii") + b"\n" + built.derived.views.columns().dump()
        self.cache.store_site_index(index, keys)
        self.cache.store_outputs(built.planned, built.pages, built.regions)
        self.cache.set_dirty(False)
        generation = self.cache.new_generation()
        self.cache.set_plan_key(built.plan_key if built.complete else None)
        self.cache.set_sitemap_key(built.sitemap or None)
        if built.complete and self._inputs_key is not None:
            self.cache.set_last_build(built.result.dump(self._inputs_key))
        return generation

    def search_record(self) -> SearchRecord | None:
        return self.cache


def site_index_blob(site: Site, problems: Sequence[Diagnostic]) -> bytes:
    from sana_archive.site.graph import index_of

    return pickle.dumps(index_of(site, problems), protocol=5)


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
    from sana_archive.site.dating import date_articles
    from sana_archive.site.derived import Derived
    from sana_archive.site.graph import build_site, update_site

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
    sources: Sequence[SourceFile],
    cached: dict[str, CachedSource],
    parsed: Sequence[int],
    bodies: BodyStore,
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
        result = load_result(row.result, bodies)
        if result is None:
            return None  # an unreadable row: the last site is not known
        before[rel] = result.article
    return before
