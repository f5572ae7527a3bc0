"""Rendering a large share of the site on every core.

Workers are forked after the site is planned, so they share the site model and the page
plan copy-on-write instead of receiving them through pickles; each hands a page's bytes to
``sink`` there and then, in the process that drew it, so only the sink's small answer per
page travels back, never the page. Rendering touches no disk: the sink is the caller's
(the engine's writers), and this module knows only that it takes a path and bytes.

This process draws too: with ``jobs`` processes it forks ``jobs - 1`` workers, not
``jobs``. A forked worker ends up holding a private copy of most of the model (CPython's
reference counts write to every object a page reads, so the pages holding them are copied),
which made the render stage the build's peak: at 30,000 statements three processes held
854 MB between them; with one worker fewer, the copy that worker would have made is never
made. Pages are dealt out in small chunks from a shared counter, so this process, which
also draws the ``main`` files, takes fewer pages, and no process waits for another.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.sharedctypes import Synchronized
from typing import Generic, TypeVar

from sana_archive.lifeline import die_with_parent
from sana_archive.model import Diagnostic
from sana_archive.render.env import Renderer, RenderError
from sana_archive.site.pages import PageSpec
from sana_archive.site.urls import output_path

Answer = TypeVar("Answer")

# Pages a process claims at a time: small enough to even out the processes' shares at the
# end, large enough that claiming (a lock shared between processes) costs nothing.
CHUNK = 16


@dataclass(frozen=True)
class _Job(Generic[Answer]):
    specs: list[PageSpec]
    drawn: list[int]  # positions in ``specs`` of the stale pages the chunks deal out
    renderer: Renderer
    sink: Callable[[str, bytes], Answer]
    claimed: Synchronized  # the next chunk no process has claimed

    @property
    def chunks(self) -> int:
        return -(-len(self.drawn) // CHUNK)

    def claim(self) -> int | None:
        with self.claimed.get_lock():
            chunk = self.claimed.value
            if chunk >= self.chunks:
                return None
            self.claimed.value = chunk + 1
        return chunk


_job: _Job | None = None


# (position in the plan, output path, the sink's answer) per page; (position, problem).
Share = tuple[list[tuple[int, str, object]], list[tuple[int, Diagnostic]]]


def _render_share(first: int) -> Share:
    """One forked worker's pages: chunk ``first`` (each worker is dealt one before anyone
    claims, so every worker draws), then whatever chunks are left when it asks."""
    assert _job is not None, "worker started without a job"
    return _render_chunks(_job, first)


def _render_chunks(job: _Job, first: int | None) -> Share:
    share: Share = ([], [])
    chunk = first if first is not None else job.claim()
    while chunk is not None:
        positions = job.drawn[chunk * CHUNK : (chunk + 1) * CHUNK]
        _render(job, positions, share)
        chunk = job.claim()
    return share


def _render(job: _Job, positions: list[int], share: Share) -> None:
    answers, problems = share
    for position in positions:
        spec = job.specs[position]
        rel = output_path(spec.url)
        data = job.renderer.page(spec)
        if isinstance(data, RenderError):
            problems.append((position, data.diagnostic))
            continue
        answers.append((position, rel, job.sink(rel, data)))


def render_in_workers(
    specs: list[PageSpec],
    stale: set[str],
    renderer: Renderer,
    jobs: int,
    sink: Callable[[str, bytes], Answer],
) -> tuple[list[tuple[str, Answer]], list[Diagnostic]]:
    """Render the stale pages of ``specs`` in ``jobs`` processes (this one and ``jobs - 1``
    forked workers), each page's bytes handed to ``sink(path, bytes)`` in the process that
    drew it; returns every page's ``(path, answer)`` and the render errors, in plan order
    whichever process drew them. ``sink`` is forked with the workers, so any state it
    keeps is each process's own copy.

    Specs marked ``main`` are drawn in this process, first: what they memoize must outlive
    the workers."""
    global _job  # handed to forked children, cleared right after
    main, drawn = [], []
    for position, spec in enumerate(specs):
        if output_path(spec.url) in stale:
            (main if spec.main else drawn).append(position)
    claimed = multiprocessing.get_context("fork").Value("l", 0)
    job = _job = _Job(specs, drawn, renderer, sink, claimed)
    workers = min(jobs - 1, job.chunks)
    claimed.value = workers  # the first chunk of each worker is its own
    renderer.compile_templates()
    # Frozen, the site model is never traversed by a child's garbage collector, which
    # would otherwise touch (and so copy) every page of it in every worker. Given back
    # after, unless the caller had frozen objects already (the build does, until it ends):
    # unfreezing is all or nothing.
    thaw = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        here: Share = ([], [])
        shares = [here]
        if workers < 1:
            _render(job, main, here)
            shares.append(_render_chunks(job, None))
        else:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(
                workers, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
            ) as pool:
                forked = [pool.submit(_render_share, w) for w in range(workers)]
                _render(job, main, here)
                shares.append(_render_chunks(job, None))
                shares += [share.result() for share in forked]
    finally:
        _job = None
        if thaw:
            gc.unfreeze()
    answers = sorted((a for share, _ in shares for a in share), key=lambda a: a[0])
    problems = sorted((p for _, share in shares for p in share), key=lambda p: p[0])
    return [(rel, answer) for _, rel, answer in answers], [p for _, p in problems]
