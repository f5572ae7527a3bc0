"""Command line: parse arguments, call the pipeline, turn reports into exit codes."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from sana_archive import __version__
from sana_archive.build import BuildReport, build, check
from sana_archive.controls import printable, strip_forbidden
from sana_archive.engine.writers import LockedError


class LiveCount:
    """A one-line progress count on a terminal, shown only once a build takes a while."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < 2.0:
            return
        of = f"/{total}" if total else ""
        sys.stderr.write(f"\r{stage} {done}{of}…\x1b[K")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")


def _report(
    report: BuildReport, strict: bool, quiet: bool, what: str, timings: bool = False
) -> int:
    for diagnostic in report.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    if report.review:
        # Imported here: only ``check`` has readings to review, and the inference it
        # lives in is the largest import a no-change build would otherwise pay for.
        from sana_archive.inference.provenance import format_review

        for item in report.review:  # after the problems; never counted as one
            print(format_review(item), file=sys.stderr)
    failed = report.errors > 0 or (strict and report.warnings > 0)
    line = f"{what}: {report.summary()} in {report.seconds:.2f}s"
    if report.review:
        line += f"; {len(report.review)} readings to review"
    if report.output is not None and not failed:
        line += f" -> {printable(str(report.output))}/index.html"
    if failed and strict and not report.errors:
        line += " (warnings are errors with --strict)"
    if failed or not quiet:
        print(line, file=sys.stderr if failed else sys.stdout)
    if timings and report.timings:
        print("timings: " + ", ".join(f"{k} {v:.2f}s" for k, v in report.timings.items()))
        if report.search_shards is not None:
            indexed, total = report.search_shards
            print(f"search: {indexed} of {total} shards re-indexed")
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    site = Path(args.site)
    output = Path(args.output) if args.output else site / "build"
    live = LiveCount(args.quiet)
    try:
        report = build(
            site,
            output,
            base_url=args.base_url,
            search=False if args.no_search else None,
            progress=live,
            use_cache=not args.no_cache,
            jobs=args.jobs,
        )
    except LockedError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as exc:
        # A disk that fills up (or fails) under the cache or a helper: say so, no traceback.
        # Output is swapped in whole, so the folder holds one complete site either way.
        stopped = printable(f"build of {output} stopped: {exc}")
        print(f"error: {stopped}; fix it and build again", file=sys.stderr)
        return 1
    finally:
        live.clear()
    args.report = report  # freed, if at all, only after the exit (``run``)
    return _report(report, args.strict, args.quiet, "built", args.timings)


def cmd_check(args: argparse.Namespace) -> int:
    report = check(Path(args.site))
    args.report = report
    return _report(report, args.strict, args.quiet, "checked")


def cmd_serve(args: argparse.Namespace) -> int:
    from sana_archive.serve.app import serve_site

    site = Path(args.site)
    output = Path(args.output) if args.output else site / "build"
    return serve_site(
        site,
        output,
        host=args.host,
        port=args.port,
        base_url=args.base_url,
        open_browser=args.open,
    )


def cmd_extract(args: argparse.Namespace) -> int:
    import json

    from sana_archive.content.load import load_inputs
    from sana_archive.extract import extract_record, format_summary

    registries = load_inputs(Path(args.site)).registries
    status = 0
    for name in args.files:
        path = Path(name)
        try:
            # as the build reads it: control characters go before anything is inferred
            text = strip_forbidden(path.read_bytes().decode("utf-8-sig", errors="replace"))
        except OSError as exc:
            print(f"{printable(name)}:1:1: error: cannot read ({exc.strerror})", file=sys.stderr)
            status = 1
            continue
        record = extract_record(name, text, registries)
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:  # a file name or a passage may hold terminal controls: each line escaped
            print("\n".join(printable(line) for line in format_summary(record).split("\n")))
    return status


def cmd_import(args: argparse.Namespace) -> int:
    from sana_archive.content.load import load_inputs
    from sana_archive.extract import import_file

    registries = load_inputs(Path(args.site)).registries
    into = Path(args.into)
    into.mkdir(parents=True, exist_ok=True)
    status = 0
    for name in args.sources:
        written, problem = import_file(Path(name), into, registries)
        if written is None:
            print(printable(f"{name}:1:1: error: {problem}"), file=sys.stderr)
            status = 1
        elif not args.quiet:
            print(printable(f"{name} -> {written}"))
    return status


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sana-archive", description="Build a static archive of diplomatic statements."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--site", default=".", help="site folder (site.yaml, content/, ...)")
        p.add_argument("--strict", action="store_true", help="treat warnings as errors")
        p.add_argument("--quiet", action="store_true", help="print only problems")

    p = sub.add_parser("build", help="build the site into the output folder")
    common(p)
    p.add_argument("--output", help="output folder (default: SITE/build)")
    p.add_argument("--base-url", help="absolute URL the site is served from")
    p.add_argument("--no-cache", action="store_true", help="ignore the build cache (clean build)")
    p.add_argument("--no-search", action="store_true", help="build without search")
    p.add_argument(
        "--jobs", type=int, default=None, help="how many processes parse and draw (default: cores)"
    )
    p.add_argument("--timings", action="store_true", help="print how long each stage took")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="validate content and registries without writing")
    common(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("serve", help="build, serve and rebuild on every change, live")
    p.add_argument("--site", default=".", help="site folder (site.yaml, content/, ...)")
    p.add_argument("--output", help="output folder (default: SITE/build)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: local only)")
    p.add_argument("--port", type=int, default=8000, help="port (the next free one if taken)")
    p.add_argument("--base-url", help="absolute URL for permalinks (default: site.yaml's)")
    p.add_argument("--open", action="store_true", help="open the site in a web browser")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("extract", help="show the metadata inferred from wire-story files")
    p.add_argument("--site", default=".", help="site folder whose registries to use")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("import", help="turn raw wire stories into content files")
    p.add_argument("--site", default=".", help="site folder whose registries to use")
    p.add_argument("--into", default="content", help="folder to write into")
    p.add_argument("--quiet", action="store_true")
    p.add_argument("sources", nargs="+")
    p.set_defaults(func=cmd_import)
    return parser


def main(argv: Sequence[str] | None = None, *, keep: list[object] | None = None) -> int:
    """``keep``: a list the caller holds past the exit, given what the command made (its
    arguments and report), so that nothing is freed before the process ends (``run``)."""
    args = make_parser().parse_args(argv)
    if keep is not None:
        keep.append(args)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def run() -> NoReturn:
    """The installed command: ``main``, then an exit that skips tearing the interpreter down.

    A build's model is millions of objects (100,000 articles, their views and indexes); freed
    one at a time after the result was printed, they took 0.35 s of a 100,000-article edit.
    Everything a command writes is closed inside it (the cache, the output, the worker
    pools), so only the standard streams are left to flush."""
    keep: list[object] = []
    code = main(keep=keep)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
