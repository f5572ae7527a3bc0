"""[I/O via the cache] Every content file as a ReadResult, parsing only what changed.

A file is parsed again only when its size or change time moved (or a watcher says it changed);
everything else comes from the in-process WarmState of a long-running ``serve`` or from
the SQLite build cache, both trusted only under the same source context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from sana_archive.cache import BuildCache, code_fingerprint, fingerprint, load_result
from sana_archive.content.discover import DiscoveryMemo
from sana_archive.content.reader import ReadResult
from sana_archive.data import RowMemo
from sana_archive.load import Progress, RegistryMemo, SiteInputs, read_articles
from sana_archive.model import Diagnostic
from sana_archive.plan import LastPlan
from sana_archive.render.env import make_environment
from sana_archive.render.outputs import SitemapMemo
from sana_archive.site.derived import Derived


@dataclass
class WarmState:
    """What a long-running caller (``serve``) keeps between builds, so a rebuild redoes only
    what changed without reloading every parsed article from SQLite or recompiling templates.

    Each entry is keyed on the same inputs the build cache trusts (size and change time under the
    source context; the bytes of every template), so a warm build writes the same bytes as a
    cold one. ``suspect`` holds files a watcher saw change: they are parsed again even when
    size and change time look unchanged (two saves within one timestamp tick).
    """

    context: str = ""
    sources: dict[str, tuple[int, int, ReadResult]] = field(default_factory=dict)
    suspect: set[str] = field(default_factory=set)
    env_key: tuple[tuple[str, str], ...] | None = None
    env: jinja2.Environment | None = None
    plan: LastPlan | None = None
    rows: RowMemo = field(default_factory=RowMemo)
    registries: RegistryMemo = field(default_factory=RegistryMemo)
    discovery: DiscoveryMemo = field(default_factory=DiscoveryMemo)
    cache_verified: bool = False
    view_keys: dict[tuple[str, str], str] = field(default_factory=dict)
    memos_key: str = ""
    model: tuple[Derived, list[Diagnostic]] | None = None
    sitemap: SitemapMemo = field(default_factory=SitemapMemo)

    def memos_for(self, plan_key: str) -> tuple[dict[tuple[str, str], str], RowMemo]:
        """The view-key and data-row memos, emptied when what views are made under changed:
        registries reshape parsed articles whose bytes, hence digests, did not change."""
        if plan_key != self.memos_key:
            self.view_keys, self.rows, self.memos_key = {}, RowMemo(), plan_key
        return self.view_keys, self.rows

    def last_plan(self, key: str, cache: BuildCache | None, output: Path) -> LastPlan | None:
        """The last plan, if the next build may start from it: same global inputs, and the
        output and cache still as that build left them (no other build, no killed one)."""
        plan = self.plan
        if (
            plan is None
            or plan.key != key
            or cache is None
            or cache.get("generation") != plan.generation
            or cache.get("dirty") is not None
            or not output.is_dir()
        ):
            return None
        return plan

    def environment(self, template_dir: Path, templates: dict[str, str]) -> jinja2.Environment:
        key = tuple(sorted(templates.items()))
        if self.env is None or key != self.env_key:
            self.env, self.env_key = make_environment([template_dir]), key
        return self.env


def source_context(inputs: SiteInputs) -> str:
    """What a parsed article depends on besides its own bytes: code and registries."""
    registries = [f"{k}={v}" for k, v in sorted(inputs.registry_texts.items())]
    return fingerprint(code_fingerprint(), *registries)


def read_sources(
    inputs: SiteInputs,
    cache: BuildCache | None,
    progress: Progress | None = None,
    jobs: int | None = None,
    warm: WarmState | None = None,
) -> tuple[list[ReadResult], int]:
    """Every source's ReadResult, parsing only files whose size or change time changed."""
    context = source_context(inputs)
    memo = warm.sources if warm is not None and warm.context == context else {}
    suspect = warm.suspect if warm is not None else set()
    wanted = cache is not None and any(s.rel not in memo for s in inputs.sources)
    cached = cache.sources(context) if cache and wanted else {}
    results: list[ReadResult | None] = [None] * len(inputs.sources)
    todo: list[int] = []
    for index, source in enumerate(inputs.sources):
        if source.rel in suspect:
            todo.append(index)
            continue
        hit = memo.get(source.rel)
        if hit is not None and hit[0] == source.size and hit[1] == source.changed_ns:
            results[index] = hit[2]
            continue
        row = cached.get(source.rel)
        if row is not None and row.size == source.size and row.changed_ns == source.changed_ns:
            result = load_result(row.result)
            if result is not None:
                results[index] = result
                continue
        todo.append(index)
    parsed = read_articles(
        [inputs.sources[i] for i in todo], inputs.registries, jobs=jobs, progress=progress
    )
    for index, result in zip(todo, parsed, strict=True):
        results[index] = result
    if cache is not None:
        if todo:
            cache.store_sources(
                context,
                (
                    (
                        inputs.sources[i].rel,
                        inputs.sources[i].size,
                        inputs.sources[i].changed_ns,
                        r.article.digest if r.article else "",
                        r,
                    )
                    for i, r in zip(todo, parsed, strict=True)
                ),
            )
        current = {s.rel for s in inputs.sources}
        if (len(cached) != len(inputs.sources) - len(todo)) if wanted else set(memo) - current:
            cache.forget_sources(s.rel for s in inputs.sources)
    final = [r for r in results if r is not None]
    if warm is not None:
        warm.context, warm.suspect = context, set()
        warm.sources = {
            s.rel: (s.size, s.changed_ns, r) for s, r in zip(inputs.sources, final, strict=True)
        }
    return final, len(todo)
