"""Per-field accuracy of the metadata inference on a labelled set of real wire stories.

Usage: python benchmarks/extraction.py [DATASET.jsonl] [--verbose]

The default dataset is ../shared/extraction/dev.jsonl beside the repository; it is read at
run time only (third-party text is never copied into the repository). Registries come from
the sample site's content/_data/. Rules: exact match after whitespace normalisation, any of
the record's ``alternatives`` accepted; speakers compared after folding both sides through
the registry; counterparts compared as folded sets.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sana_archive.content.registries import REGISTRY_FILES, build_registries  # noqa: E402
from sana_archive.inference import infer  # noqa: E402
from sana_archive.model import Inferred  # noqa: E402
from sana_archive.registry import Registries, fold_key  # noqa: E402

FIELDS = ("location", "source", "speaker", "speaker_role", "counterparts", "weekday", "date",
          "byline", "has_check_also")
DEFAULT_DATASET = ROOT.parent / "shared" / "extraction" / "dev.jsonl"


def load_registries(data_dir: Path) -> Registries:
    """The sample site's registries, through the site's own registry reader."""
    texts = {name: (data_dir / name).read_text(encoding="utf-8")
             if (data_dir / name).exists() else None for name in REGISTRY_FILES}
    registries, problems = build_registries(texts, str(data_dir))
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    return registries


def predicted(result: Inferred) -> dict[str, Any]:
    primary = result.speakers[0] if result.speakers else None
    return {
        "location": result.location,
        "source": result.source,
        "speaker": primary.name if primary else None,
        "speaker_role": primary.role if primary else None,
        "counterparts": list(result.counterparts),
        "weekday": result.weekday,
        "date": result.date,
        "byline": result.byline,
        "has_check_also": "check-also" in result.tails,
    }


def _norm(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def matches(field: str, got: Any, want: Any, registries: Registries) -> bool:
    if field == "counterparts":
        fold = {fold_key(registries.canonical_speaker(n)) for n in got or ()}
        return fold == {fold_key(registries.canonical_speaker(n)) for n in want or ()}
    if field == "speaker":
        if got is None or want is None:
            return got is want
        return fold_key(registries.canonical_speaker(got)) == \
            fold_key(registries.canonical_speaker(want))
    return _norm(got) == _norm(want)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", default=str(DEFAULT_DATASET))
    parser.add_argument("--verbose", "-v", action="store_true", help="list every mismatch")
    parser.add_argument("--repeat", type=int, default=5,
                        help="time each article this many times and keep the fastest run "
                             "(robust to a busy machine)")
    args = parser.parse_args(argv)

    dataset = Path(args.dataset)
    if not dataset.is_absolute() and not dataset.exists():
        dataset = ROOT / dataset
    records = [json.loads(line) for line in dataset.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    registries = load_registries(ROOT / "content" / "_data")

    hits = dict.fromkeys(FIELDS, 0)
    misses: list[str] = []
    timings: list[float] = []
    for record in records:
        infer(record["text"], registries)  # warm-up: compiled patterns, registry tables
        runs = []
        for _ in range(max(1, args.repeat)):
            started = time.perf_counter()
            result = infer(record["text"], registries)
            runs.append((time.perf_counter() - started) * 1000)
        timings.append(min(runs))
        got = predicted(result)
        alternatives = record.get("alternatives") or {}
        for field in FIELDS:
            want = record["expected"].get(field)
            options = [want, *alternatives.get(field, [])]
            if any(matches(field, got[field], option, registries) for option in options):
                hits[field] += 1
            else:
                misses.append(f"{record['id']:>5} {field:<15} got {got[field]!r:<45} "
                              f"want {want!r}")

    total = len(records) or 1
    print(f"{len(records)} records from {dataset}")
    for field in FIELDS:
        print(f"{field:<15} {hits[field] / total:6.3f}  ({hits[field]}/{len(records)})")
    print(f"{'mean':<15} {statistics.mean(hits[f] / total for f in FIELDS):6.3f}")
    if timings:
        size = sum(len(r["text"]) for r in records) / len(records)
        print(f"time per article (fastest of {max(1, args.repeat)}): mean "
              f"{statistics.mean(timings):.3f} ms, max {max(timings):.3f} ms, "
              f"mean size {size:.0f} chars")
    if args.verbose and misses:
        print("\nmismatches:")
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
