"""Rendering a large share of the site on every core.

Workers are forked after the site is planned, so they share the site model and the page
plan copy-on-write instead of receiving them through pickles; each renders every n-th
page and hands its bytes to ``sink`` there and then, in the worker, so only the sink's
small answer per page travels back, never the page. Rendering touches no disk: the sink
is the caller's (the engine's writers), and this module knows only that it takes a path
and bytes.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

from sana_archive.lifeline import die_with_parent
from sana_archive.model import Diagnostic
from sana_archive.render.env import Renderer, RenderError
from sana_archive.site.pages import PageSpec
from sana_archive.site.urls import output_path

Answer = TypeVar("Answer")


@dataclass(frozen=True)
class _Job(Generic[Answer]):
    specs: list[PageSpec]
    stale: set[str]
    renderer: Renderer
    sink: Callable[[str, bytes], Answer]


_job: _Job | None = None


Share = tuple[list[tuple[str, object]], list[Diagnostic]]


def _render_share(share: tuple[int, int]) -> Share:
    """One worker's pages: (output path, the sink's answer) for each one drawn, and the
    render errors met; this, not the pages, is what travels back to the parent."""
    worker, workers = share
    assert _job is not None, "worker started without a job"
    return _render(_job, [s for s in _job.specs[worker::workers] if not s.main])


def _render(job: _Job, specs: list[PageSpec]) -> Share:
    answers: list[tuple[str, object]] = []
    problems: list[Diagnostic] = []
    for spec in specs:
        rel = output_path(spec.url)
        if rel not in job.stale:
            continue
        data = job.renderer.page(spec)
        if isinstance(data, RenderError):
            problems.append(data.diagnostic)
            continue
        answers.append((rel, job.sink(rel, data)))
    return answers, problems


def render_in_workers(
    specs: list[PageSpec],
    stale: set[str],
    renderer: Renderer,
    jobs: int,
    sink: Callable[[str, bytes], Answer],
) -> tuple[list[tuple[str, Answer]], list[Diagnostic]]:
    """Render the stale pages of ``specs`` with ``jobs`` forked workers, each page's bytes
    handed to ``sink(path, bytes)`` in the worker that drew it; returns every page's
    ``(path, answer)`` and the render errors. ``sink`` is forked with the workers, so any
    state it keeps is the worker's own copy.

    Specs marked ``main`` are drawn here, in this process, while the workers draw the rest:
    what they memoize must outlive the workers."""
    global _job  # handed to forked children, cleared right after
    job = _job = _Job(specs, stale, renderer, sink)
    renderer.compile_templates()
    # Frozen, the site model is never traversed by a child's garbage collector, which
    # would otherwise touch (and so copy) every page of it in every worker. Given back
    # after, unless the caller had frozen objects already (the build does, until it ends):
    # unfreezing is all or nothing.
    thaw = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
        ) as pool:
            shares = [pool.submit(_render_share, (w, jobs)) for w in range(jobs)]
            results = [_render(job, [s for s in specs if s.main])]
            results += [share.result() for share in shares]
    finally:
        _job = None
        if thaw:
            gc.unfreeze()
    answers = [answer for share, _ in results for answer in share]
    problems = [p for _, share in results for p in share]
    return answers, problems
