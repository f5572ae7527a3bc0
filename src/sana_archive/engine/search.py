"""[I/O] Full-text search with Pagefind: the search page, and a sharded index beside the site.

Article pages mark their text with ``data-pagefind-body`` and their facets with
``data-pagefind-filter`` (see templates/article.html), so Pagefind indexes statements only
and offers speaker, location, year, month, topic, source and counterpart filters with
counts (and any filter a template adds: nothing here names them).

Why shards: Pagefind cannot update an index, only write a whole one, and a whole index of
10,000 statements costs ~15 s of CPU, so one edited statement made every default build
wait for all of them. The statement pages are split into buckets by a stable hash of their
path (``shard_of``); each bucket is its own Pagefind bundle under ``pagefind/<shard>/``,
rebuilt only when the fingerprint of one of its pages changed, and the browser merges the
bundles listed in ``pagefind/shards.json`` (static/search-index.js). A page lives in
exactly one shard, so merged filter counts add up; what a shard decides from its own pages
alone the browser redoes for the archive: best match from each shard's per-word scores
(``report_scores``) and the archive's page and word counts (the manifest, from each
shard's ``stats.json``), prefix matching from the first word of every index chunk (also
in ``stats.json``), and date order from each shard's ``dates.json`` (id -> date).
Pagefind names its filter files after a hash map's random order, so each bundle is made
reproducible after the run (engine/pagefind_bundle.py); a changed shard is made in a fresh
folder and swapped in whole, and no stale file of it survives.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import time
import zlib
from collections.abc import Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sana_archive.config import SiteConfig
from sana_archive.engine.pagefind_bundle import index_chunks, make_reproducible
from sana_archive.engine.writers import InPlaceOutput, StagedOutput
from sana_archive.lifeline import helper_command
from sana_archive.model import Diagnostic
from sana_archive.site.pages import PageSpec, digest, wanted
from sana_archive.site.regions import SEARCH, Region

BUNDLE = "pagefind"
MANIFEST = "shards.json"
DATES = "dates.json"
STATS = "stats.json"  # per shard: pages, words, chunk starts; summed into the manifest
# Only statement pages carry data-pagefind-body; globbing them spares Pagefind the parsing
# of every listing page.
GLOB = "statements/**/*.html"
TIMEOUT = 3600
# Pagefind's ready-made search interfaces, written into every bundle: the search page uses
# its own (static/search.js), so in 32 shards they would be ~15 MB of dead files.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


def plan_search_page(
    config: SiteConfig, only: Collection[Region] | None = None
) -> Iterator[PageSpec]:
    if not config.search or not wanted(only, SEARCH):
        return
    view = {"title": "Search", "bundle": f"/{BUNDLE}/{MANIFEST}"}
    yield PageSpec("/search/", "search.html", digest(view), lambda: view, region=SEARCH)


def shard_count(pages: int) -> int:
    """A power of two near sqrt(pages / 10): 8 shards at 1,000, 32 at 10,000, 128 at 100,000.

    Why the square root: an edit re-indexes one shard (cost grows with its size) while a
    reader's browser fetches every shard's metadata (cost grows with their number). A power
    of two keeps the count, and so every page's shard, unchanged while the archive grows
    within a factor of two.
    """
    if pages < 10:
        return 1
    return max(1, 2 ** round(math.log2(math.sqrt(pages / 10))))


def shard_of(rel: str, count: int) -> str:
    """The shard of a statement page: a stable hash of its output path, so it never moves."""
    bucket = int.from_bytes(hashlib.blake2b(rel.encode(), digest_size=8).digest(), "big")
    return f"{count}-{bucket % count:03d}"


@dataclass(frozen=True)
class Shard:
    name: str
    key: str  # a digest of what Pagefind reads from every page in it
    pages: tuple[str, ...]


def statement_pages(fingerprints: dict[str, str]) -> list[str]:
    return sorted(
        rel for rel in fingerprints if rel.startswith("statements/") and rel.endswith(".html")
    )


def indexed_part(page: bytes) -> bytes:
    """The part of a statement page Pagefind reads: the ``data-pagefind-body`` element.

    Why not the page fingerprint: an edit redraws the related statements and date
    neighbours of the edited one, which changes their pages but not what search holds.
    """
    mark = page.find(b"data-pagefind-body")
    start = page.rfind(b"<article", 0, mark) if mark >= 0 else -1
    end = page.find(b"</article>", mark)
    return page[start:end] if start >= 0 and end >= 0 else page


def plan_shards(contents: dict[str, str]) -> dict[str, Shard]:
    """The shards the statement pages fall into, keyed by the digest of each page's content."""
    count = shard_count(len(contents))
    groups: dict[str, list[str]] = {}
    for rel in sorted(contents):
        groups.setdefault(shard_of(rel, count), []).append(rel)
    return {
        name: Shard(name, digest("\n".join(f"{r}\0{contents[r]}" for r in rels)), tuple(rels))
        for name, rels in sorted(groups.items())
    }


def pagefind_command() -> list[str]:
    """The Pagefind binary itself when the wheel exposes it (no Python start per shard)."""
    try:
        from pagefind_bin import get_executable

        return [str(get_executable())]
    except (ImportError, FileNotFoundError, OSError):
        return [sys.executable, "-m", "pagefind"]


def run_pagefind(site_dir: Path, bundle: Path) -> str | None:
    """Index ``site_dir`` into ``bundle`` (which must not exist); an error message or None.

    The only place a Pagefind process is started.
    """
    command = helper_command(
        *pagefind_command(),
        "--site",
        str(site_dir),
        "--output-path",
        str(bundle),
        "--glob",
        GLOB,
        "--silent",
    )
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"pagefind could not run: {exc}"
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no index written"]
        return f"pagefind failed ({done.returncode}): {detail[0]}"
    return None


def fragment_dates(bundle: Path) -> tuple[dict[str, str], dict[str, int]]:
    """Fragment id -> sort key of each dated page, and the shard's page and word counts.

    The key is the page's ``data-sort`` (date, then URL: no two pages tie), which Pagefind
    sorts on inside a shard and keeps as the ``sort`` meta, so both orders are the same.
    The counts are what Pagefind ranks by in a whole index (its number of pages and their
    average length); the browser sums them over the shards (static/search-index.js).
    """
    dates = {}
    stats = {"pages": 0, "words": 0}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        if data.startswith(b"pagefind_dcd"):
            data = data[len(b"pagefind_dcd") :]
        fragment = json.loads(data)
        key = fragment.get("meta", {}).get("sort")
        if key:
            dates[path.stem] = key
        stats["pages"] += 1
        stats["words"] += int(fragment.get("word_count", 0))
    return dates, stats


# Pagefind reports how it scored each result (per word: weighted frequency, length bonus,
# pages holding it) only in its "playground mode", which it turns on for the primary index
# alone and offers no option for. Each shard's scripts are given one extra call, right after
# an index is opened, so every merged shard reports them; nothing else changes (the scores
# are the same). The browser then ranks with archive-wide numbers (static/search-index.js).
PLAYGROUND_AT = "this.raw_ptr=this.backend.init_pagefind(new Uint8Array(this.searchMeta));"
PLAYGROUND_ON = "this.raw_ptr=this.backend.enter_playground_mode(this.raw_ptr);"
PLAYGROUND_FILES = ("pagefind.js", "pagefind-worker.js")


def report_scores(bundle: Path) -> str | None:
    """Make ``bundle``'s scripts report per-word scores for every index; a problem or None."""
    for name in PLAYGROUND_FILES:
        path = bundle / name
        text = path.read_text(encoding="utf-8")
        if text.count(PLAYGROUND_AT) != 1:
            return f"{name} of this Pagefind version has no place to report scores"
        path.write_text(text.replace(PLAYGROUND_AT, PLAYGROUND_AT + PLAYGROUND_ON), "utf-8")
    return None


def _link(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def index_shard(
    root: Path, shard: Shard, target: Path, scratch: Path, merged: bool = True
) -> str | None:
    """Write ``shard``'s bundle to ``target`` (must not exist) from its pages under ``root``.

    Pagefind is given a folder holding only the shard's pages (hard links), so it reads
    nothing else; the URLs it records are the same as in the site. A shard that is merged
    with others reports its scores (``report_scores``); a lone one is Pagefind's own.
    """
    site = scratch / f"{shard.name}.site"
    shutil.rmtree(site, ignore_errors=True)
    try:
        for rel in shard.pages:
            src = root / rel
            if not src.is_file():
                continue
            dst = site / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            _link(str(src), str(dst))
        problem = run_pagefind(site, target)
        if problem is None:
            for name in UNUSED:
                (target / name).unlink(missing_ok=True)
            try:
                dates, stats = fragment_dates(target)
            except (ValueError, EOFError, zlib.error) as exc:  # a bundle cut short
                return f"pagefind wrote an unreadable fragment ({exc})"
            try:
                make_reproducible(target)
            except (ValueError, KeyError, TypeError, EOFError, zlib.error) as exc:
                return f"pagefind wrote a bundle that cannot be made reproducible ({exc})"
            try:
                starts = sorted({first for first, _ in index_chunks(target)})
            except (ValueError, KeyError, TypeError, EOFError, zlib.error) as exc:
                return f"pagefind wrote a bundle whose index chunks cannot be read ({exc})"
            if merged and (problem := report_scores(target)) is not None:
                return problem
            data = json.dumps(dates, sort_keys=True, separators=(",", ":"))
            (target / DATES).write_text(data, encoding="utf-8")
            stats_data = json.dumps({**stats, "starts": starts}, sort_keys=True)
            (target / STATS).write_text(stats_data, encoding="utf-8")
        return problem
    finally:
        shutil.rmtree(site, ignore_errors=True)


def _replace_dir(fresh: Path, target: Path) -> None:
    """Swap a finished folder in for ``target``, so no file of the old one survives."""
    stale = target.parent / f".{target.name}.old"
    if stale.exists():
        shutil.rmtree(stale)
    if target.exists():
        os.rename(target, stale)
    os.rename(fresh, target)
    shutil.rmtree(stale, ignore_errors=True)


def _stats(shard: Path) -> dict | None:
    """A live shard's page and word counts and chunk starts; None when missing or unreadable
    (re-index it: a shard from before chunk starts were kept is re-indexed once)."""
    try:
        stats = json.loads((shard / STATS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = (
        isinstance(stats, dict)
        and all(isinstance(stats.get(k), int) for k in ("pages", "words"))
        and isinstance(stats.get("starts"), list)
        and all(isinstance(w, str) for w in stats["starts"])
    )
    return stats if ok else None


def _manifest(bundle: Path, names: Collection[str]) -> bytes:
    """The shards with the pages and words of each, and every shard's chunk starts in one
    sorted list (from each ``stats.json``)."""
    shards = sorted(names)
    stats = [_stats(bundle / name) or {"pages": 0, "words": 0, "starts": []} for name in shards]
    counts = {key: [s[key] for s in stats] for key in ("pages", "words")}
    starts = sorted({w for s in stats for w in s["starts"]})
    return json.dumps({"shards": shards, **counts, "starts": starts}, indent=1).encode() + b"\n"


def _write_atomic(path: Path, data: bytes) -> None:
    temp = path.parent / f".{path.name}.new"
    temp.write_bytes(data)
    os.replace(temp, path)


def _write_failure(exc: OSError, where: Path) -> Diagnostic:
    """The disk, not Pagefind, failed: an error, since the reader's search is now stale."""
    if exc.errno == errno.ENOSPC:
        message = f"disk full while writing the search index {where}; search not updated"
    else:
        message = f"cannot write the search index {where}: {exc.strerror or exc}"
    return Diagnostic(str(where), 1, 1, "error", message)


class SearchRecord(Protocol):
    """Where a build state keeps, between builds, which shards are live and what each
    statement page held when last indexed (``engine.state``; the SQLite cache)."""

    def search_shards(self) -> dict[str, str]: ...

    def search_pages(self) -> dict[str, list[str]]: ...

    def set_search(self, shards: dict[str, str] | None, pages: dict | None = None) -> None: ...

    def forget_search_shards(self) -> None: ...


@dataclass
class SearchIndex:
    """Keeps ``pagefind/`` in step with the statement pages, shard by shard, around a commit.

    A staged build gets its bundles in the staging folder before the swap (unchanged
    shards hard-linked from the live site); an in-place build re-indexes its changed
    shards after its pages reach the disk, each swapped in whole. The cache records each
    shard's key only once that shard is live, and, per statement page, the fingerprint
    and content digest last seen, so an unchanged page is never read again.
    """

    config: SiteConfig
    fingerprints: dict[str, str]
    cache: SearchRecord | None
    output: Path
    defer: bool = False
    jobs: int | None = None
    pending: bool = False
    seconds: float = 0.0
    indexed: int = 0  # shards Pagefind ran for
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.enabled = self.config.search
        self.pages = statement_pages(self.fingerprints) if self.enabled else []
        self.live: dict[str, str] = self.cache.search_shards() if self.cache is not None else {}
        self.seen: dict[str, list[str]] = (
            self.cache.search_pages() if self.cache is not None else {}
        )
        self.shards: dict[str, Shard] = {}
        self.dirty: list[Shard] = []

    def _prepare(self, root: Path) -> bool:
        """Plan the shards from the pages under ``root``; True when the live index is current."""
        contents: dict[str, str] = {}
        seen: dict[str, list[str]] = {}
        for rel in self.pages:
            fp = self.fingerprints[rel]
            last = self.seen.get(rel)
            if last is not None and last[0] == fp:
                contents[rel] = last[1]
            elif self.cache is None:
                contents[rel] = fp  # nothing kept between builds: no need to read the page
            else:
                try:
                    contents[rel] = digest(indexed_part((root / rel).read_bytes()).decode())
                except (OSError, UnicodeDecodeError):
                    contents[rel] = ""  # not on disk: whatever Pagefind finds is re-read
            seen[rel] = [fp, contents[rel]]
        self.seen = seen
        self.shards = plan_shards(contents)
        bundle = self.output / BUNDLE
        kept = {
            name
            for name, shard in self.shards.items()
            if self.live.get(name) == shard.key and _stats(bundle / name) is not None
        }
        self.dirty = [s for name, s in self.shards.items() if name not in kept]
        self.live = {name: key for name, key in self.live.items() if name in kept}
        manifest = bundle / MANIFEST
        return (
            not self.dirty
            and manifest.is_file()
            and manifest.read_bytes() == _manifest(bundle, self.shards)
        )

    def _index(self, root: Path, bundle: Path) -> None:
        """Index the dirty shards of the pages under ``root`` into ``bundle``, then list them.

        A disk that fails here (full, read-only) is an error naming it, with the shards that
        were written kept; the pages themselves are committed as they would be without search
        (a Pagefind that fails on its own is a warning, as before).
        """
        try:
            self._index_shards(root, bundle)
        except OSError as exc:
            self.diagnostics.append(_write_failure(exc, bundle))

    def _index_shards(self, root: Path, bundle: Path) -> None:
        started = time.perf_counter()
        scratch = self.output.parent / f".{self.output.name}.pagefind-new"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        bundle.mkdir(exist_ok=True)
        try:
            workers = max(1, min(len(self.dirty), self.jobs or os.cpu_count() or 1))

            def one(shard: Shard) -> tuple[Shard, str | OSError | None]:
                fresh = scratch / shard.name
                try:
                    problem = index_shard(root, shard, fresh, scratch, len(self.shards) > 1)
                    if problem is None:
                        _replace_dir(fresh, bundle / shard.name)
                except OSError as exc:
                    return shard, exc
                return shard, problem

            with ThreadPoolExecutor(max_workers=workers) as pool:
                for shard, problem in pool.map(one, self.dirty):
                    if isinstance(problem, OSError):
                        self.diagnostics.append(_write_failure(problem, bundle / shard.name))
                    elif problem is None:
                        self.indexed += 1
                        self.live[shard.name] = shard.key
                    else:
                        message = f"{problem}; search not updated"
                        self.diagnostics.append(
                            Diagnostic(str(bundle / shard.name), 1, 1, "warning", message)
                        )
            for entry in os.scandir(bundle):
                if entry.is_dir() and entry.name not in self.shards:
                    shutil.rmtree(entry.path, ignore_errors=True)  # shards no page falls in now
                elif entry.is_file() and entry.name != MANIFEST:
                    os.unlink(entry.path)  # the single bundle of earlier versions
            live = [n for n in self.shards if _stats(bundle / n) is not None]
            _write_atomic(bundle / MANIFEST, _manifest(bundle, live))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        self.seconds += time.perf_counter() - started

    def _record(self) -> None:
        if self.cache is not None:
            self.cache.set_search(self.live, self.seen)

    def before_commit(self, out: StagedOutput | InPlaceOutput) -> None:
        if not self.enabled or not isinstance(out, StagedOutput):
            return
        started = time.perf_counter()
        current = self._prepare(out.staging)
        if self.cache is not None:
            self.cache.forget_search_shards()
        staged = out.staging / BUNDLE
        try:
            staged.mkdir(parents=True, exist_ok=True)
            for name in sorted(set(self.shards) - {s.name for s in self.dirty}):
                shutil.copytree(self.output / BUNDLE / name, staged / name, copy_function=_link)
            if current:
                _write_atomic(staged / MANIFEST, _manifest(staged, self.shards))
        except OSError as exc:
            self.diagnostics.append(_write_failure(exc, staged))
            self.live = {}
            return
        finally:
            self.seconds += time.perf_counter() - started
        if not current:
            self._index(out.staging, staged)

    def after_commit(self, out: StagedOutput | InPlaceOutput) -> None:
        if not self.enabled:
            if isinstance(out, InPlaceOutput):
                shutil.rmtree(self.output / BUNDLE, ignore_errors=True)
            if self.cache is not None:
                self.cache.set_search(None)
            return
        if isinstance(out, InPlaceOutput):
            started = time.perf_counter()
            current = self._prepare(self.output)
            self.seconds += time.perf_counter() - started
            if not current and self.defer:
                self.pending = True  # the caller indexes later with index_output()
                return
            if not current:
                self._record()  # shards about to be replaced are no longer claimed
                self._index(self.output, self.output / BUNDLE)
        self._record()


def index_output(
    output: Path, fingerprints: dict[str, str], cache: SearchRecord
) -> list[Diagnostic]:
    """Index a live output whose build deferred it (``serve``: the page reloads first).

    Only shards whose pages changed since the cache's record are re-indexed; the caller
    holds the build lock, so the pages on disk are those the fingerprints describe or newer.
    """
    index = SearchIndex(SiteConfig(search=True), fingerprints, cache, output)
    if not index._prepare(output):
        index._record()
        index._index(output, output / BUNDLE)
    index._record()
    return index.diagnostics
