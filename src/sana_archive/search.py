"""[I/O] Full-text search with Pagefind: the search page, and the index beside the site.

Article pages mark their text with ``data-pagefind-body`` and their facets with
``data-pagefind-filter`` (see templates/article.html), so Pagefind indexes statements only
and offers speaker, location, year, month, topic, source and counterpart filters with
counts. Pagefind's output is neither deterministic nor incremental, so it is run only when
an article page changed: a digest of every article page's fingerprint is kept in the
build cache, an unchanged index is carried over (staged build) or left alone (in-place
build), and a new one is made in a fresh folder and swapped in whole, so no stale index
file survives.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Collection, Iterator
from pathlib import Path

from sana_archive.cache import BuildCache
from sana_archive.config import SiteConfig
from sana_archive.model import Diagnostic
from sana_archive.output import InPlaceOutput, StagedOutput
from sana_archive.site.pages import PageSpec, digest, wanted
from sana_archive.site.regions import SEARCH, Region

BUNDLE = "pagefind"
CACHE_KEY = "search-index"
# Only statement pages carry data-pagefind-body; globbing them spares Pagefind the parsing
# of every listing page.
GLOB = "statements/**/*.html"
TIMEOUT = 3600


def plan_search_page(
    config: SiteConfig, only: Collection[Region] | None = None
) -> Iterator[PageSpec]:
    if not config.search or not wanted(only, SEARCH):
        return
    view = {"title": "Search", "bundle": f"/{BUNDLE}/pagefind.js"}
    yield PageSpec("/search/", "search.html", digest(view), lambda: view, region=SEARCH)


def index_key(fingerprints: dict[str, str]) -> str:
    """What the index is made of: the fingerprint of every statement page."""
    pages = sorted(
        f"{rel}\0{fp}"
        for rel, fp in fingerprints.items()
        if rel.startswith("statements/") and rel.endswith(".html")
    )
    return digest("\n".join(pages))


def _link_tree(source: Path, target: Path) -> None:
    """Carry an unchanged index into the staging folder: hard links, copies if need be."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link)


def run_pagefind(site_dir: Path, bundle: Path) -> str | None:
    """Index ``site_dir`` into ``bundle`` (which must not exist); an error message or None."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-path",
        str(bundle),
        "--glob",
        GLOB,
        "--silent",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"pagefind could not run: {exc}"
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no index written"]
        return f"pagefind failed ({done.returncode}): {detail[0]}"
    return None


def _replace_dir(fresh: Path, target: Path) -> None:
    """Swap a finished folder in for ``target``, so no file of the old index survives."""
    stale = target.parent / f".{target.name}.old"
    if stale.exists():
        shutil.rmtree(stale)
    if target.exists():
        os.rename(target, stale)
    os.rename(fresh, target)
    shutil.rmtree(stale, ignore_errors=True)


class SearchIndex:
    """Keeps ``pagefind/`` in step with the statement pages, around the output's commit.

    A staged build gets its index in the staging folder before the swap (carried over
    when unchanged); an in-place build is indexed after its pages reach the disk. The
    cache records the index key only once the index is live.
    """

    def __init__(
        self,
        config: SiteConfig,
        key: str,
        cache: BuildCache | None,
        output: Path,
        defer: bool = False,
    ) -> None:
        self.enabled = config.search
        self.defer = defer
        self.pending = False
        self.key = key
        self.cache = cache
        self.output = output
        self.seconds = 0.0
        self.indexed = False
        self.diagnostics: list[Diagnostic] = []
        self._live: str | None = None
        previous = cache.get(CACHE_KEY) if cache is not None else None
        self.unchanged = previous == key and (output / BUNDLE / "pagefind.js").is_file()

    def _index(self, root: Path) -> None:
        started = time.perf_counter()
        fresh = root.parent / f".{root.name}.pagefind-new"
        if fresh.exists():
            shutil.rmtree(fresh)
        problem = run_pagefind(root, fresh)
        if problem is None:
            _replace_dir(fresh, root / BUNDLE)
            self.indexed, self._live = True, self.key
        else:
            shutil.rmtree(fresh, ignore_errors=True)
            self.diagnostics.append(
                Diagnostic(str(root / BUNDLE), 1, 1, "warning", f"{problem}; search not updated")
            )
        self.seconds += time.perf_counter() - started

    def before_commit(self, out: StagedOutput | InPlaceOutput) -> None:
        if not self.enabled or not isinstance(out, StagedOutput):
            return
        if self.cache is not None:
            self.cache.set(CACHE_KEY, None)
        if self.unchanged:
            _link_tree(self.output / BUNDLE, out.staging / BUNDLE)
            self._live = self.key
        else:
            self._index(out.staging)

    def after_commit(self, out: StagedOutput | InPlaceOutput) -> None:
        if isinstance(out, InPlaceOutput):
            if not self.enabled:
                shutil.rmtree(self.output / BUNDLE, ignore_errors=True)
            elif self.unchanged:
                self._live = self.key
            elif self.defer:
                self.pending = True  # the caller indexes later with index_output()
            else:
                if self.cache is not None:
                    self.cache.set(CACHE_KEY, None)
                self._index(self.output)
        if self.cache is not None:
            self.cache.set(CACHE_KEY, self._live)


def index_output(output: Path, key: str, cache: BuildCache) -> list[Diagnostic]:
    """Index a live output whose build deferred it (``serve``: the page reloads first).

    The key is recorded only if no build has recorded another since, so a deferred index
    never claims to match pages that have moved on.
    """
    if cache.get(CACHE_KEY) is not None:
        return []
    index = SearchIndex(SiteConfig(search=True), key, cache, output)
    index._index(output)
    if index.indexed:
        cache.set(CACHE_KEY, key)
    return index.diagnostics
