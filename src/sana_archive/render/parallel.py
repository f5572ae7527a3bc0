"""Rendering a large share of the site on every core.

Workers are forked after the site is planned, so they share the site model and the page
plan copy-on-write instead of receiving them through pickles; each renders every n-th
page straight into the staging folder and sends back only what it wrote and what failed.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sana_archive.engine.writers import same_bytes, write_new_file
from sana_archive.lifeline import die_with_parent
from sana_archive.model import Diagnostic
from sana_archive.render.env import Renderer, RenderError
from sana_archive.site.pages import PageSpec
from sana_archive.site.urls import output_path


@dataclass(frozen=True)
class _Job:
    specs: list[PageSpec]
    stale: set[str]
    renderer: Renderer
    root: Path
    previous: Path | None
    probe: Path | None


_job: _Job | None = None


def _render_share(share: tuple[int, int]) -> tuple[list[str], list[str], list[Diagnostic]]:
    worker, workers = share
    assert _job is not None, "worker started without a job"
    written: list[str] = []
    same: list[str] = []
    problems: list[Diagnostic] = []
    made: set[str] = set()
    for spec in _job.specs[worker::workers]:
        rel = output_path(spec.url)
        if rel not in _job.stale:
            continue
        data = spec.produce(_job.renderer)
        if isinstance(data, RenderError):
            problems.append(data.diagnostic)
            continue
        if _job.probe is not None and same_bytes(_job.probe / rel, data):
            same.append(rel)
            continue
        written.append(write_new_file(_job.root, rel, data, made, _job.previous))
    return written, same, problems


def render_in_workers(
    specs: list[PageSpec],
    stale: set[str],
    renderer: Renderer,
    root: Path,
    jobs: int,
    previous: Path | None = None,
    probe: Path | None = None,
) -> tuple[list[str], list[str], list[Diagnostic]]:
    """Render the stale pages of ``specs`` into ``root`` with ``jobs`` forked workers;
    a page whose bytes are already in ``previous`` is linked from there, and one whose
    bytes are already in ``probe`` is not written at all but returned as the same."""
    global _job  # handed to forked children, cleared right after
    _job = _Job(specs, stale, renderer, root, previous, probe)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
        ) as pool:
            results = list(pool.map(_render_share, [(w, jobs) for w in range(jobs)]))
    finally:
        _job = None
    written = [rel for share, _, _ in results for rel in share]
    same = [rel for _, share, _ in results for rel in share]
    problems = [p for _, _, share in results for p in share]
    return written, same, problems
