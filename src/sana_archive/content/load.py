"""[I/O] Reading a site folder's inputs: site.yaml, registries, and the content files.

Articles are parsed in a process pool when there are many (parsing, inference and
Markdown are CPU-bound and independent per file); results come back in input order, so
the build is the same whichever worker finished first.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sana_archive.config import SiteConfig, parse_config
from sana_archive.content.discover import (
    DATA_DIR,
    DiscoveryMemo,
    SourceFile,
    discover,
    read_source,
)
from sana_archive.content.limits import size_problem
from sana_archive.content.registries import REGISTRY_FILES, build_registries
from sana_archive.lifeline import die_with_parent
from sana_archive.model import Diagnostic
from sana_archive.registry import Registries

# The reader (and the inference and Markdown under it) and the process pool are imported
# where an article is read: a build that finds nothing changed reads none.
if TYPE_CHECKING:
    from sana_archive.content.reader import ReadResult

Progress = Callable[[str, int, int], None]
PARALLEL_MIN = 400
CHUNK = 64  # the most articles a worker is handed at once


@dataclass(frozen=True)
class SiteInputs:
    config: SiteConfig
    registries: Registries
    sources: tuple[SourceFile, ...]
    config_text: str
    registry_texts: dict[str, str | None]
    diagnostics: tuple[Diagnostic, ...]


def _read_text(
    path: Path, rel: str, problems: list[Diagnostic], site_root: Path | None = None
) -> str | None:
    """A settings or registry file's text; None when it is missing, or when it is a symlink
    that leaves ``site_root`` or reaches a hidden file (``_data/topics.yaml`` ->
    ``/etc/passwd`` would otherwise be parsed, and echoed in its error messages)."""
    if site_root is not None and os.path.islink(path):
        real, site = path.resolve(), site_root.resolve()
        why = None
        if not real.is_relative_to(site):
            why = "symlink points outside the site folder; not read"
        elif any(part.startswith(".") for part in real.relative_to(site).parts):
            why = "symlink points at a hidden file; not read"
        if why is not None:
            problems.append(Diagnostic(rel, 1, 1, "warning", why))
            return None
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Diagnostic(rel, 1, 1, "error", f"cannot read: {exc}"))
        return None


@dataclass
class RegistryMemo:
    """The registries last parsed, with their texts: ``serve`` reads the files before every
    build but parses them again only when they changed."""

    texts: dict[str, str | None] | None = None
    parsed: tuple[Registries, list[Diagnostic]] | None = None

    def parse(self, texts: dict[str, str | None]) -> tuple[Registries, list[Diagnostic]]:
        if self.parsed is None or texts != self.texts:
            self.texts, self.parsed = texts, build_registries(texts, f"content/{DATA_DIR}")
        return self.parsed


def load_inputs(
    site_root: Path,
    registry_memo: RegistryMemo | None = None,
    discovery: DiscoveryMemo | None = None,
) -> SiteInputs:
    problems: list[Diagnostic] = []
    config_text = _read_text(site_root / "site.yaml", "site.yaml", problems, site_root)
    config, more = parse_config(config_text, "site.yaml")
    problems.extend(more)
    texts = {
        name: _read_text(
            site_root / "content" / DATA_DIR / name,
            f"content/{DATA_DIR}/{name}",
            problems,
            site_root,
        )
        for name in REGISTRY_FILES
    }
    registries, more = (registry_memo or RegistryMemo()).parse(texts)
    problems.extend(more)
    sources, more = discovery.discover(site_root) if discovery else discover(site_root)
    problems.extend(more)
    return SiteInputs(config, registries, tuple(sources), config_text or "", texts, tuple(problems))


def read_one(source: SourceFile, registries: Registries) -> ReadResult:
    from sana_archive.content.reader import ReadResult, read_article

    too_large = size_problem(source.rel, source.size)
    if too_large is not None:
        return ReadResult(None, (too_large,))
    data, problem = read_source(source)
    if data is None:
        return ReadResult(None, (problem,) if problem else ())
    too_large = size_problem(source.rel, len(data))  # it grew since it was found
    if too_large is not None:
        return ReadResult(None, (too_large,))
    try:
        return read_article(source.rel, data, registries)
    except RecursionError:
        return ReadResult(
            None,
            (Diagnostic(source.rel, 1, 1, "error", "text too deeply nested to read; skipped"),),
        )


_worker_registries: Registries | None = None


def _init_worker(registries: Registries, parent: int) -> None:
    global _worker_registries
    die_with_parent(parent)
    _worker_registries = registries


def _read_chunk(chunk: Sequence[SourceFile]) -> list[ReadResult]:
    assert _worker_registries is not None
    return [read_one(source, _worker_registries) for source in chunk]


def read_articles(
    sources: Sequence[SourceFile],
    registries: Registries,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
    keep: Callable[[ReadResult], ReadResult] | None = None,
) -> list[ReadResult]:
    """Read and parse every source, in parallel when it pays; results in input order.

    ``keep`` is applied to each result as it arrives (the build spills bodies to disk
    with it), so the results of a large archive are never all whole in memory at once.
    """
    jobs = jobs or os.cpu_count() or 1
    total = len(sources)
    keep = keep or (lambda result: result)
    if jobs <= 1 or total < PARALLEL_MIN:
        results = []
        for index, source in enumerate(sources, 1):
            results.append(keep(read_one(source, registries)))
            if progress and index % 500 == 0:
                progress("reading", index, total)
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import sana_archive.content.reader  # noqa: F401 (imported once here, not in every worker)

    # Sixteen chunks a worker or more, so the last one to finish leaves the others idle
    # for a moment only (at 1,000 articles, chunks of 64 left one core idle ~0.1 s).
    size = max(8, min(CHUNK, total // (jobs * 16)))
    chunks = [sources[i : i + size] for i in range(0, total, size)]
    context = multiprocessing.get_context("fork")
    results = []
    # Frozen, what the workers inherit (modules, registries) is never traversed by their
    # garbage collector, which would otherwise write to (and so copy) each page of it.
    # Given back after, unless the caller had frozen objects already (the build does, and
    # gives them back when it ends): unfreezing is all or nothing.
    thaw = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_init_worker, initargs=(registries, os.getpid())
        ) as pool:
            for chunk_results in pool.map(_read_chunk, chunks):
                results.extend(keep(result) for result in chunk_results)
                if progress:
                    progress("reading", len(results), total)
    finally:
        if thaw:
            gc.unfreeze()
    return results
