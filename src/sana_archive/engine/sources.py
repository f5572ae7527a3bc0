"""Every content file as a ReadResult, parsing only what changed.

A file is parsed again only when its size or change time moved (or a watcher says it
changed); everything else comes from the build state (``engine.state``: in memory for
``serve``, SQLite for the CLI), trusted only under the same source context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sana_archive.content.load import Progress, SiteInputs, read_articles
from sana_archive.engine.cache import code_fingerprint, fingerprint

if TYPE_CHECKING:
    from sana_archive.content.reader import ReadResult
    from sana_archive.engine.state import BuildState


def source_context(inputs: SiteInputs) -> str:
    """What a parsed article depends on besides its own bytes: code and registries."""
    registries = [f"{k}={v}" for k, v in sorted(inputs.registry_texts.items())]
    return fingerprint(code_fingerprint(), *registries)


def read_sources(
    inputs: SiteInputs,
    state: BuildState,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> tuple[list[ReadResult], int]:
    """Every source's ReadResult, parsing only files whose size or change time changed
    (or that the state suspects: two saves within one timestamp tick); returns them and
    how many were parsed.

    Bodies go to a spill file as results arrive (``engine.spill``): the model and the
    plan hold offsets, and a page reads its body back when it is drawn. The values many
    parsed articles repeat (places, people, dates) are shared as they arrive.
    """
    context = source_context(inputs)
    suspect = state.suspects()
    recalled = state.recall_sources(context, inputs.sources)
    results: list[ReadResult | None] = [None] * len(inputs.sources)
    todo: list[int] = []
    seen: dict[object, object] = {}
    for index, source in enumerate(inputs.sources):
        hit = recalled.get(source.rel) if source.rel not in suspect else None
        if hit is None:
            todo.append(index)
        else:
            results[index] = hit
    parsed = read_articles(
        [inputs.sources[i] for i in todo],
        inputs.registries,
        jobs=jobs,
        progress=progress,
        keep=lambda result: state.bodies.keep(result, seen),
    )
    for index, result in zip(todo, parsed, strict=True):
        results[index] = result
    final = [r for r in results if r is not None]
    state.keep_sources(context, inputs.sources, final, todo)
    return final, len(todo)
