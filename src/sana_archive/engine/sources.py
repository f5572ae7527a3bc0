"""[I/O via the cache] Every content file as a ReadResult, parsing only what changed.

A file is parsed again only when its size or change time moved (or a watcher says it changed);
everything else comes from the in-process WarmState of a long-running ``serve`` or from
the SQLite build cache, both trusted only under the same source context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sana_archive.content.load import Progress, SiteInputs, read_articles
from sana_archive.content.reader import ReadResult
from sana_archive.engine.cache import (
    BuildCache,
    CachedSource,
    code_fingerprint,
    fingerprint,
    load_result,
)
from sana_archive.engine.spill import BodyStore
from sana_archive.model import Article

if TYPE_CHECKING:
    from sana_archive.engine.warm import WarmState


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
) -> tuple[list[ReadResult], int, dict[str, Article | None] | None]:
    """Every source's ReadResult, parsing only files whose size or change time changed.

    Bodies go to a spill file as results arrive (``content.spill``): the model and the
    plan hold offsets, and a page reads its body back when it is drawn.

    Also returns, from the cache, what each changed source was at the last build (None:
    it is new), deleted ones included, so a rebuild can plan from the last site; None
    when that is not known.
    """
    context = source_context(inputs)
    bodies = warm.bodies if warm is not None else BodyStore()
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
                results[index] = bodies.keep(result)
                continue
        todo.append(index)
    before: dict[str, Article | None] | None = None
    if cache is not None and warm is None:
        before = _superseded(inputs, cached, todo)
    parsed = read_articles(
        [inputs.sources[i] for i in todo],
        inputs.registries,
        jobs=jobs,
        progress=progress,
        keep=bodies.keep,
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
    return final, len(todo), before


def _superseded(
    inputs: SiteInputs, cached: dict[str, CachedSource], todo: list[int]
) -> dict[str, Article | None] | None:
    """The last build's version of each source that changed, was added or was deleted."""
    before: dict[str, Article | None] = {}
    current = {s.rel for s in inputs.sources}
    gone = [rel for rel in cached if rel not in current]
    for rel in [inputs.sources[i].rel for i in todo] + gone:
        row = cached.get(rel)
        if row is None:
            before[rel] = None
            continue
        result = load_result(row.result)
        if result is None:
            return None  # an unreadable row: the last site is not known
        before[rel] = result.article
    return before
