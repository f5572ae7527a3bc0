"""``serve``'s build state: kept in memory for the life of the process.

It keeps what is quicker in memory than on disk (parsed sources, the last site model and
plan, compiled templates, the discovery walk, the registries) and writes through to a
``DiskState`` it opens for each build, so a CLI build after ``serve`` (or after a build
killed in ``serve``) finds the same record. ``open_state`` picks a build's state.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sana_archive.content.discover import SourceFile
from sana_archive.engine.disk import DiskState, site_index_blob
from sana_archive.engine.state import BuildState, Built, Memos, ViewKeys
from sana_archive.model import Article, Diagnostic
from sana_archive.registry import Registries

# Imported where used: ``open_state`` is on the path of a no-change rebuild, which needs
# neither Jinja nor the model (tests/test_startup.py).
if TYPE_CHECKING:
    import jinja2

    from sana_archive.config import SiteConfig
    from sana_archive.content.reader import ReadResult
    from sana_archive.engine.plan import LastPlan
    from sana_archive.engine.search import SearchRecord
    from sana_archive.site.derived import Derived


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
        from sana_archive.outputs.data import RowMemo

        self.memo_key = ""
        self.kept_memos = Memos({}, RowMemo(keep=durable))
        self.model: tuple[Derived, list[Diagnostic]] | None = None
        self.config: SiteConfig | None = None
        # The site index last stored, with the indexes it was made of: an edit that moved
        # no index (``update_site``) stores the same bytes without pickling them again.
        self.index: tuple[object, object, bytes] | None = None

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
        from sana_archive.outputs.data import RowMemo

        if plan_key != self.memo_key:
            self.kept_memos, self.memo_key = Memos({}, RowMemo(keep=self.durable)), plan_key
        return self.kept_memos

    def site_model(
        self, articles: list[Article], view_keys: ViewKeys
    ) -> tuple[Derived, list[Diagnostic]]:
        """The last model updated in place when no index moved (a statement's text)."""
        from sana_archive.site.derived import Derived
        from sana_archive.site.graph import update_site

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
        from sana_archive.render.env import make_environment

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
        from sana_archive.engine.plan import LastPlan

        self.config = built.config
        if self.disk is None:
            return
        site, problems = built.derived.site, self.model[1] if self.model else []
        if self.index is None or self.index[0] is not site.urls or self.index[1] is not site.terms:
            self.index = (site.urls, site.terms, site_index_blob(site, problems))
        generation = self.disk.record(built, problems, self.index[2])
        plan = LastPlan(built.plan_key, generation, built.derived, built.planned, built.regions)
        self.plan = plan
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
        # The data rows' chunks (kept already by the build that drew the downloads; made
        # here if not). ``rows`` made every row afresh and kept none.
        self.kept_memos.rows.chunks(derived.site, self.config)


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
