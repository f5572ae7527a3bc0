"""Per-field accuracy and speed of the metadata inference on labelled real wire stories.

Usage: python benchmarks/extraction.py [DATASET.jsonl] [--repeat N] [--quiet]

Accuracy is measured by the reference scorer, ``../shared/extraction/score.py``, run on
``sana-archive extract --json`` exactly as the held-out measure runs it: every field
including the title, every record's ``alternatives`` accepted, and each miss printed (so a
rule is fixed for the pattern, not for the item). The dataset is read at run time only
(third-party text is never copied into the repository). Speed is measured here, in
process: the fastest of ``--repeat`` runs of ``infer`` per article, on one core.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sana_archive.content.registries import REGISTRY_FILES, build_registries  # noqa: E402
from sana_archive.inference import infer  # noqa: E402
from sana_archive.registry import Registries  # noqa: E402

SHARED = ROOT.parent / "shared" / "extraction"
DEFAULT_DATASET = SHARED / "dev.jsonl"
SCORER = SHARED / "score.py"


def load_registries(data_dir: Path) -> Registries:
    """The sample site's registries, through the site's own registry reader."""
    texts = {name: (data_dir / name).read_text(encoding="utf-8")
             if (data_dir / name).exists() else None for name in REGISTRY_FILES}
    registries, problems = build_registries(texts, str(data_dir))
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    return registries


def score(dataset: Path, verbose: bool) -> int:
    """Run the reference scorer on the extractor of this checkout; its output is printed."""
    if not SCORER.exists():
        print(f"reference scorer not found at {SCORER}", file=sys.stderr)
        return 2
    command = f"{sys.executable} -m sana_archive"
    args = [sys.executable, str(SCORER), str(dataset), "--cmd", command]
    if verbose:
        args.append("--verbose")
    done = subprocess.run(args, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src"),
                                                 "PATH": "/usr/bin:/bin"}, check=False)
    return done.returncode


def timing(dataset: Path, repeat: int) -> None:
    records = [json.loads(line) for line in dataset.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    registries = load_registries(ROOT / "content" / "_data")
    timings: list[float] = []
    for record in records:
        infer(record["text"], registries)  # warm-up: compiled patterns, registry tables
        runs = []
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            infer(record["text"], registries)
            runs.append((time.perf_counter() - started) * 1000)
        timings.append(min(runs))
    size = statistics.mean(len(r["text"]) for r in records) if records else 0
    if timings:
        print(f"time per article (fastest of {max(1, repeat)}): mean "
              f"{statistics.mean(timings):.3f} ms, median {statistics.median(timings):.3f} ms, "
              f"max {max(timings):.3f} ms, mean size {size:.0f} chars")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", default=str(DEFAULT_DATASET))
    parser.add_argument("--quiet", "-q", action="store_true", help="totals only, no misses")
    parser.add_argument("--repeat", type=int, default=5,
                        help="time each article this many times and keep the fastest run "
                             "(robust to a busy machine)")
    args = parser.parse_args(argv)
    dataset = Path(args.dataset)
    if not dataset.is_absolute() and not dataset.exists():
        dataset = ROOT / dataset
    status = score(dataset, not args.quiet)
    timing(dataset, args.repeat)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
