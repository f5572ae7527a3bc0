"""Drawing a plan into the output, all or nothing: stale pages, site files, search, commit.

The writer is the one ``redraw.decide`` chose: in place, staged, or probed and then settled
by the bytes that really changed. While a live site is updated file by file the state holds
a dirty mark (``BuildState.updating_in_place``), so a build killed during the renames is
followed by a whole staged build. Any failure abandons the writer and leaves the previous
site as it was; only a committed output is recorded in the state (``BuildState.commit``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from sana_archive.config import SiteConfig
from sana_archive.content.load import Progress
from sana_archive.engine.freshness import LastBuild, output_mtime
from sana_archive.engine.outputs import render_pages, write_site_files
from sana_archive.engine.plan import Plan
from sana_archive.engine.redraw import Redraw
from sana_archive.engine.search import SearchIndex
from sana_archive.engine.state import BuildState, Built, Memos
from sana_archive.engine.writers import (
    MARKER,
    MARKER_TEXT,
    InPlaceOutput,
    OutputError,
    ProbedOutput,
    StagedOutput,
    static_files,
)
from sana_archive.model import Diagnostic
from sana_archive.render.env import Renderer
from sana_archive.site.derived import Derived


@dataclass
class Drawn:
    """What drawing did: ``committed`` False when nothing reached the output (an error
    kept the last good site, or a write failed)."""

    mode: str
    committed: bool = False
    kept: bool = False
    pages: int = 0  # every output, planned or kept, and the marker
    rendered: int = 0
    changed: int = 0  # files that reached the output (written or, in place, replaced)
    search: SearchIndex | None = None
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Drawing:
    """Everything drawing reads besides the plan: the site model (and the key and memos it
    was planned under, recorded on commit), where its files come from, and how the build
    was asked to behave."""

    plan_key: str
    derived: Derived
    memos: Memos
    config: SiteConfig
    renderer: Renderer
    site_root: Path
    output: Path
    keep_last_good: bool = False
    defer_search: bool = False
    jobs: int | None = None
    progress: Progress | None = None


def draw(redraw: Redraw, how: Drawing, state: BuildState, problems: list[Diagnostic]) -> Drawn:
    """Render what is stale, write the site files and static files, index search, commit,
    and record what was committed in the state; problems found go to ``problems``."""
    plan = redraw.plan
    drawn = Drawn(redraw.mode, pages=len(plan.fingerprints) + 1)
    clock = time.perf_counter()
    out = redraw.output(how.output, how.keep_last_good)
    if redraw.in_place:
        state.updating_in_place()
    try:
        drawn.rendered = render_pages(
            plan.specs, redraw.stale, how.renderer, out, problems, how.progress, how.jobs
        )
        if plan.partial:
            out.keep_unchanged(plan.fingerprints.keys() - set(plan.planned))
        if isinstance(out, ProbedOutput):
            in_place = redraw.settle(out.fresh)
            if in_place:
                state.updating_in_place()
            out = out.settle(in_place)
            drawn.mode = "in-place" if in_place else "staged"
        drawn.seconds["render"] = time.perf_counter() - clock
        clock = time.perf_counter()
        _site_files(plan, how, state, out, problems)
        if isinstance(out, InPlaceOutput):
            out.remove_others(set(redraw.previous))
        if how.keep_last_good and any(d.level == "error" for d in problems):
            out.abandon()
            state.abandon()
            drawn.kept = True
            return drawn
        search = SearchIndex(
            how.config,
            plan.fingerprints,
            state.search_record(),
            how.output,
            how.defer_search,
            how.jobs,
        )
        search.before_commit(out)
        out.commit()
        search.after_commit(out)
        problems.extend(search.diagnostics)
        drawn.search = search
        drawn.seconds["write"] = time.perf_counter() - clock - search.seconds
        drawn.seconds["search"] = search.seconds
    except OutputError as exc:
        out.abandon()
        problems.append(Diagnostic(str(how.output), 1, 1, "error", str(exc)))
        return drawn
    except BaseException:
        out.abandon()
        raise
    drawn.committed = True
    drawn.changed = len(out.changed) if isinstance(out, InPlaceOutput) else len(out.written)
    built = _built(redraw, how, out.written, drawn.pages, problems)
    memo = state.sitemap
    state.commit(replace(built, sitemap=memo.key) if memo.keyed else built)
    return drawn


def _built(
    redraw: Redraw, how: Drawing, written: set[str], pages: int, problems: list[Diagnostic]
) -> Built:
    """What the state records of a committed build: each file written with its fingerprint
    (a planned page that failed to render with none, so it is drawn again next time)."""
    plan = redraw.plan
    failed = set(plan.planned) - written
    planned = dict(plan.fingerprints)  # copied and compared in C: 120,000 at 100k
    planned.update(dict.fromkeys(failed, ""))
    files = dict(planned)
    files.update(dict.fromkeys(written - files.keys(), ""))
    site = how.derived.site
    result = LastBuild(len(site.articles), pages, tuple(problems), output_mtime(how.output))
    return Built(
        how.plan_key,
        how.config,
        how.derived,
        planned,
        files,
        redraw.previous,
        plan.regions,
        how.memos,
        not failed,
        result,
    )


def _site_files(
    plan: Plan,
    how: Drawing,
    state: BuildState,
    out: StagedOutput | InPlaceOutput,
    problems: list[Diagnostic],
) -> None:
    """404 page, sitemap and robots.txt, the static files, and the build marker."""
    stylesheet = how.site_root / "static" / "style.css"
    css = (
        stylesheet.read_text(encoding="utf-8", errors="replace")
        if stylesheet.is_file() and not stylesheet.is_symlink()
        else ""
    )
    write_site_files(
        how.derived.site,
        plan.fingerprints,
        how.renderer,
        out,
        problems,
        how.config,
        state.sitemap,
        css,
    )
    for rel, path in static_files(how.site_root / "static"):
        out.write(f"static/{rel}", path.read_bytes())
    out.write(MARKER, MARKER_TEXT)
