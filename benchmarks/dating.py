"""How well dates derived from post ids hold: repeated random half-splits of real anchors.

Reads ``../shared/dates/sana_anchors.tsv`` (SANA English post id, date, evidence). Each
round keeps a random half of the pairs as anchors and dates the other half from its id
alone, then from its id and the weekday the story names, with the archive's own rules
(``sana_archive.site.dating``). The weekday is read from the SANA quotation in the
evidence column by the archive's own inference, as it would be from the story.

Reports, over all rounds:
- the share of held-out stories whose true date lies in the derived bracket (target 98%);
- the median bracket width in days, without and with a weekday;
- the share narrowed to one day when a weekday is known (and how often that day is right).

    python benchmarks/dating.py [--rounds 500] [--seed 14] [--lag 1] [--span 9] [--json FILE]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
import statistics
import sys
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TSV = ROOT.parent / "shared" / "dates" / "sana_anchors.tsv"

from sana_archive.inference import infer  # noqa: E402
from sana_archive.model import WEEKDAYS  # noqa: E402
from sana_archive.registry import Registries  # noqa: E402
from sana_archive.site.dating import (  # noqa: E402
    DISPATCH_LAG,
    WEEKDAY_SPAN,
    Anchor,
    find_bracket,
    narrow,
    sorted_anchors,
)


@dataclass(frozen=True)
class Pair:
    post_id: int
    date: dt.date
    weekday: str | None


def sana_quote(evidence: str) -> str:
    """The SANA text the evidence quotes (``SANA: "..."``), where the story's weekday is."""
    match = re.search(r'SANA[^:"]*:\s*"([^"]+)"', evidence)
    return match.group(1) if match else ""


def load(path: Path) -> list[Pair]:
    registries = Registries.build()
    pairs = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            quote = sana_quote(row["evidence"])
            weekday = infer(quote, registries).weekday if quote else None
            pairs.append(Pair(int(row["post_id"]), dt.date.fromisoformat(row["date"]), weekday))
    return pairs


def median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def run(
    pairs: list[Pair], rounds: int, seed: int, lag: int, span: int = WEEKDAY_SPAN
) -> dict[str, object]:
    rng = random.Random(seed)
    held = dated = inside = 0
    widths: list[int] = []
    wd_known = wd_inside = wd_dated = wd_single = wd_single_right = wd_refused = 0
    wd_widths: list[int] = []
    wd_applied = 0
    for _ in range(rounds):
        shuffled = pairs[:]
        rng.shuffle(shuffled)
        half = len(shuffled) // 2
        anchors = sorted_anchors([Anchor(p.post_id, p.date) for p in shuffled[:half]])
        for pair in shuffled[half:]:
            held += 1
            bracket = find_bracket(anchors, pair.post_id)
            if bracket is None:
                continue  # outside every anchor: never extrapolated
            plain = narrow("SANA", pair.post_id, bracket, lag=lag, span=span).dating
            if plain is None:
                continue
            dated += 1
            widths.append((plain.latest - plain.earliest).days)
            inside += plain.earliest <= pair.date <= plain.latest
            if pair.weekday is None:
                continue
            wd_known += 1
            outcome = narrow("SANA", pair.post_id, bracket, pair.weekday, lag=lag, span=span)
            if outcome.dating is None:
                wd_refused += 1
                continue
            wd_dated += 1
            got = outcome.dating
            wd_applied += "the text says" in got.evidence
            wd_widths.append((got.latest - got.earliest).days)
            wd_inside += got.earliest <= pair.date <= got.latest
            if got.day is not None:
                wd_single += 1
                wd_single_right += got.day == pair.date
    return {
        "pairs": len(pairs),
        "with_weekday": sum(1 for p in pairs if p.weekday),
        "rounds": rounds,
        "seed": seed,
        "lag_days": lag,
        "weekday_span_days": span,
        "held_out": held,
        "dated_share": dated / held if held else None,
        "in_bracket_share": inside / dated if dated else None,
        "median_width_days": median(widths),
        "weekday_known": wd_known,
        "weekday_applied_share": wd_applied / wd_known if wd_known else None,
        "weekday_refused_share": wd_refused / wd_known if wd_known else None,
        "weekday_in_range_share": wd_inside / wd_dated if wd_dated else None,
        "median_width_days_with_weekday": median(wd_widths),
        "single_day_share_with_weekday": wd_single / wd_known if wd_known else None,
        "single_day_right_share": wd_single_right / wd_single if wd_single else None,
    }


def simulate(
    pairs: list[Pair],
    rounds: int,
    seed: int,
    lag: int,
    span: int = WEEKDAY_SPAN,
    next_day: float = 0.3,
) -> dict[str, object]:
    """Dense anchors, which the real pairs are too sparse to show (no two neighbours of a
    held-out pair lie within a week). SIMULATED from the real pairs: between neighbouring
    real anchors, posts are spread over the days at that stretch's own rate (each day's
    count drawn between 0.5 and 1.5 times it); an event is posted the same day or, with
    probability ``next_day``, the next (the shared README: "SANA publishes the same day or
    the next"). Anchors are taken every 250-500 ids, as an archivist adding one a week
    would; each held-out post between them is dated from its id and its event's weekday.
    Ids grow with posting time throughout, as SANA's do.
    """
    rng = random.Random(seed)
    ordered = sorted(pairs, key=lambda p: p.post_id)
    posts: list[tuple[int, dt.date]] = []  # (id, event date), ids in order
    for first, second in pairwise(ordered):
        days = (second.date - first.date).days
        if days <= 0:
            continue
        rate = (second.post_id - first.post_id) / days
        # Ids never go back (the shared README): a stretch drawn above its rate would
        # run past the next real anchor's id, so the next stretch starts after it.
        ident = max(first.post_id, posts[-1][0] if posts else 0)
        for n in range(days):
            published = first.date + dt.timedelta(days=n)
            for _ in range(max(1, round(rate * rng.uniform(0.5, 1.5)))):
                ident += 1
                late = rng.random() < next_day
                posts.append((ident, published - dt.timedelta(days=1 if late else 0)))
    rounds_posts = []
    for _ in range(rounds):
        anchors, at = [], rng.randrange(0, 500)
        while at < len(posts):
            anchors.append(Anchor(*posts[at]))
            at += rng.randrange(250, 501)
        anchors = sorted_anchors(anchors)
        samples = [posts[rng.randrange(len(posts))] for _ in range(200)]
        rounds_posts.append((anchors, samples))
    inside = held = 0
    widths: list[int] = []
    wd_widths: list[int] = []
    wd_inside = wd_single = wd_right = wd_refused = 0
    for anchors, samples in rounds_posts:
        for ident, day in samples:
            bracket = find_bracket(anchors, ident)
            if bracket is None:
                continue
            plain = narrow("SANA", ident, bracket, lag=lag, span=span).dating
            if plain is None:
                continue
            held += 1
            widths.append((plain.latest - plain.earliest).days)
            inside += plain.earliest <= day <= plain.latest
            got = narrow("SANA", ident, bracket, WEEKDAYS[day.weekday()], lag=lag, span=span).dating
            if got is None:
                wd_refused += 1
                continue
            wd_widths.append((got.latest - got.earliest).days)
            wd_inside += got.earliest <= day <= got.latest
            if got.day is not None:
                wd_single += 1
                wd_right += got.day == day
    return {
        "simulated_posts": len(posts),
        "held_out": held,
        "in_bracket_share": inside / held if held else None,
        "median_width_days": median(widths),
        "median_width_days_with_weekday": median(wd_widths),
        "weekday_refused_share": wd_refused / held if held else None,
        "weekday_in_range_share": wd_inside / (held - wd_refused) if held > wd_refused else None,
        "single_day_share_with_weekday": wd_single / held if held else None,
        "single_day_right_share": wd_right / wd_single if wd_single else None,
    }


def report_simulated(result: dict[str, object]) -> str:
    def pct(key: str) -> str:
        value = result[key]
        return "n/a" if value is None else f"{100 * float(value):.1f}%"  # type: ignore[arg-type]

    return "\n".join(
        [
            f"SIMULATED dense anchors (every 250-500 ids, rates of the real pairs; "
            f"{result['simulated_posts']} posts): {result['held_out']} held out",
            f"  true date inside the bracket: {pct('in_bracket_share')}; median width "
            f"{result['median_width_days']} days without a weekday, "
            f"{result['median_width_days_with_weekday']} with one",
            f"  narrowed to one day with a weekday: {pct('single_day_share_with_weekday')} "
            f"(that day right: {pct('single_day_right_share')}); weekday contradicted the "
            f"bracket: {pct('weekday_refused_share')}; true date inside with a weekday: "
            f"{pct('weekday_in_range_share')}",
        ]
    )


def report(result: dict[str, object]) -> str:
    def pct(key: str) -> str:
        value = result[key]
        return "n/a" if value is None else f"{100 * float(value):.1f}%"  # type: ignore[arg-type]

    return "\n".join(
        [
            f"{result['pairs']} pairs ({result['with_weekday']} name a weekday), "
            f"{result['rounds']} random half-splits (seed {result['seed']}), "
            f"dispatch lag {result['lag_days']} day(s), weekday span "
            f"{result['weekday_span_days']} days",
            f"  held out: {result['held_out']}; dated (inside the anchors): {pct('dated_share')}",
            f"  true date inside the derived bracket: {pct('in_bracket_share')} (target 98%)",
            f"  median bracket width: {result['median_width_days']} days without a weekday, "
            f"{result['median_width_days_with_weekday']} with one",
            f"  weekday known: {result['weekday_known']}; applied (bracket <= "
            f"{result['weekday_span_days']} days): "
            f"{pct('weekday_applied_share')}; contradicted the bracket (not dated): "
            f"{pct('weekday_refused_share')}",
            f"  narrowed to one day with a weekday: {pct('single_day_share_with_weekday')} "
            f"(that day right: {pct('single_day_right_share')}); true date inside with a "
            f"weekday: {pct('weekday_in_range_share')}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tsv", type=Path, default=DEFAULT_TSV)
    parser.add_argument("--rounds", type=int, default=500)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--lag", type=int, default=DISPATCH_LAG)
    parser.add_argument("--span", type=int, default=WEEKDAY_SPAN)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--no-simulation", action="store_true", help="only the real pairs' half-splits"
    )
    args = parser.parse_args(argv)
    if not args.tsv.is_file():
        print(f"{args.tsv}: not found", file=sys.stderr)
        return 1
    pairs = load(args.tsv)
    result: dict[str, object] = run(pairs, args.rounds, args.seed, args.lag, args.span)
    print(report(result))
    if not args.no_simulation:
        simulated = simulate(pairs, min(args.rounds, 100), args.seed, args.lag, args.span)
        print(report_simulated(simulated))
        result = {**result, "simulated": simulated}
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
