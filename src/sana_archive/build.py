"""The recipe: a short list of named steps that ``build``, ``check`` and ``serve`` share.

load inputs -> (nothing changed? report the last build) -> read the articles that changed
-> site model -> redraw: plan the regions an edit reaches, decide the stale pages and the
writer -> draw, commit and record. What the last build left is asked of one build state
(``engine.state``: in memory for ``serve``, SQLite for the CLI), never branched on; what is
redrawn is decided in ``engine.redraw``; only ``engine.writers`` touches the output.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sana_archive.config import SiteConfig, base_url_problem, normalize_base_url
from sana_archive.content.load import Progress, SiteInputs, load_inputs
from sana_archive.engine.cache import code_fingerprint, fingerprint
from sana_archive.engine.collector import collector_for_build, settle
from sana_archive.engine.freshness import LastBuild, inputs_key
from sana_archive.engine.memory import MemoryState, open_state
from sana_archive.engine.sources import read_sources, source_context
from sana_archive.engine.state import BuildState
from sana_archive.engine.writers import build_lock, check_output_folder, resolve_output
from sana_archive.model import Diagnostic

# The model, planner, renderer and inference are imported where they are used, not here:
# a no-change rebuild needs none of them, and importing them took ~0.25 s of its ~1 s at
# 100,000 articles (tests/test_startup.py holds that promise).
if TYPE_CHECKING:
    from sana_archive.engine.draw import Drawn
    from sana_archive.engine.plan import Plan
    from sana_archive.model import Article
    from sana_archive.site.graph import Site


@dataclass(frozen=True)
class BuildOptions:
    """How to build, beyond what site.yaml says: what the command line and ``serve`` set.

    ``base_url`` and ``search`` override site.yaml; ``keep_last_good`` leaves the output
    untouched when the build finds an error, so a preview keeps showing the last good site
    while the error is on screen; ``defer_search`` leaves a changed search index owed
    (``report.search_pending``) for ``refresh_search`` to build once the pages are seen.
    """

    base_url: str | None = None
    search: bool | None = None
    jobs: int | None = None
    use_cache: bool = True
    keep_last_good: bool = False
    defer_search: bool = False

    def configure(self, config: SiteConfig) -> SiteConfig:
        changes: dict[str, object] = {}
        if self.base_url:
            changes["base_url"] = normalize_base_url(self.base_url)
        if self.search is not None:
            changes["search"] = self.search
        return dataclasses.replace(config, **changes) if changes else config


@dataclass
class BuildReport:
    """What a build did and found; the CLI prints it, tests and benchmarks read it."""

    articles: int = 0
    pages: int = 0
    rendered: int = 0
    written: int = 0
    parsed: int = 0
    mode: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    output: Path | None = None
    site: Site | None = None
    search_seconds: float = 0.0
    # The page fingerprints a deferred search index is owed (their changed shards).
    search_pending: dict[str, str] | None = None
    search_shards: tuple[int, int] | None = None  # (re-indexed, total) when search is on
    timings: dict[str, float] = field(default_factory=dict)
    # Low-confidence readings for a person to confirm (``check`` only); never a warning.
    review: list[Diagnostic] = field(default_factory=list)

    def repeat(self, last: LastBuild) -> None:
        """Nothing changed since ``last``: its result again."""
        self.mode, self.articles, self.pages = "unchanged", last.articles, last.pages
        self.diagnostics = list(last.diagnostics)

    def found(self, site: Site, problems: list[Diagnostic]) -> None:
        """The model is made: its size, and the list problems go on being added to."""
        self.articles, self.site, self.diagnostics = len(site.articles), site, problems

    def drawn(self, drawn: Drawn, plan: Plan) -> None:
        self.mode = "kept" if drawn.kept else drawn.mode
        self.rendered = drawn.rendered
        for stage, seconds in drawn.seconds.items():
            self.timings[stage] = self.timings.get(stage, 0.0) + seconds
        if drawn.search is not None:
            search = drawn.search
            self.search_seconds = search.seconds
            if search.enabled and search.shards:
                self.search_shards = (search.indexed, len(search.shards))
            if search.pending:
                self.search_pending = dict(plan.fingerprints)
        if drawn.committed:
            self.pages, self.written = drawn.pages, drawn.changed

    def mark(self, stage: str, since: float) -> float:
        """Record how long a stage took; returns now, the start of the next stage."""
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - since
        return now

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.level == "warning")

    def summary(self) -> str:
        return (
            f"{self.articles} articles, {self.pages} pages, "
            f"{self.warnings} warnings, {self.errors} errors"
        )


def curation_notes(site: Site, inputs: SiteInputs) -> list[Diagnostic]:
    """Names that are not in a registry: still built, listed so an archivist can curate."""
    notes = []
    registries = inputs.registries
    for facet, known, registry in (
        ("speakers", registries.is_known_speaker, "speakers.yaml"),
        ("locations", registries.is_known_location, "locations.yaml"),
    ):
        for term in site.facets[facet]:
            if not known(term.name):
                first = site.articles[term.articles[0]]
                notes.append(
                    Diagnostic(
                        first.source_path,
                        *first.place_of(term.name),
                        "warning",
                        f"{facet[:-1]} not in content/_data/{registry}: {term.name}",
                    )
                )
    return notes


def duplicate_notes(site: Site, inputs: SiteInputs) -> list[Diagnostic]:
    """Probable duplicate people and places, at the first place the spelling to fold is
    written; ``check`` and ``build`` both report them, as warnings."""
    from sana_archive.site.duplicates import propose_duplicates

    notes = []
    for proposal in propose_duplicates(site, inputs.registries):
        article = site.articles[site.position[proposal.spelling_files[0]]]
        notes.append(
            Diagnostic(
                article.source_path,
                *article.place_of(proposal.spelling),
                "warning",
                proposal.message(),
            )
        )
    return notes


def _configured(site_root: Path, options: BuildOptions, state: BuildState) -> SiteInputs:
    inputs = load_inputs(site_root, state.registries, state.discovery)
    return dataclasses.replace(inputs, config=options.configure(inputs.config))


def read_all(
    inputs: SiteInputs,
    options: BuildOptions,
    progress: Progress | None = None,
    state: BuildState | None = None,
) -> tuple[list[Article], list[Diagnostic], int]:
    """Every article of the site, parsed or from the build state, what reading them found,
    and how many were parsed."""
    state = state or MemoryState(durable=False)
    problems = list(inputs.diagnostics)
    results, parsed = read_sources(inputs, state, progress, options.jobs)
    articles: list[Article] = []
    for result in results:
        problems.extend(result.diagnostics)
        if result.article is not None:
            articles.append(result.article)
    # Dates from evidence need the whole archive (its stated dates are anchors too), so
    # they are derived here, after reading, and every build derives them afresh.
    articles, more = state.date(articles, inputs.registries)
    problems.extend(more)
    return articles, problems, parsed


def prepare(
    site_root: Path,
    options: BuildOptions | None = None,
    progress: Progress | None = None,
    state: BuildState | None = None,
    inputs: SiteInputs | None = None,
) -> tuple[SiteInputs, Site, list[Diagnostic], int]:
    """Read the site folder into its model: the half of a build that ``check`` shares."""
    from sana_archive.site.graph import build_site

    options = options or BuildOptions()
    state = state or MemoryState(durable=False)
    inputs = inputs or _configured(site_root, options, state)
    articles, problems, parsed = read_all(inputs, options, progress, state)
    site, more = build_site(articles)
    return inputs, site, [*problems, *more], parsed


def check(site_root: Path) -> BuildReport:
    """Validate everything a build reads, without writing."""
    from sana_archive.inference.provenance import review_items

    started = time.perf_counter()
    inputs, site, problems, parsed = prepare(site_root)
    problems.extend(curation_notes(site, inputs))
    problems.extend(duplicate_notes(site, inputs))
    return BuildReport(
        articles=len(site.articles),
        parsed=parsed,
        diagnostics=sorted(set(problems)),
        seconds=time.perf_counter() - started,
        site=site,
        review=review_items(site.articles),
    )


def site_info(inputs: SiteInputs) -> dict[str, object]:
    from sana_archive.site.graph import FACETS

    config = inputs.config
    return {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "base_url": config.base_url,
        "facets": [{"key": s.key, "title": s.plural} for s in FACETS],
        "search": config.search,
    }


def refresh_search(output: Path, report: BuildReport) -> list[Diagnostic]:
    """Build the search index a ``defer_search`` build left owed, under the build lock."""
    from sana_archive.engine.search import index_output

    if report.search_pending is None:
        return []
    with build_lock(output), open_state(output, True, None) as state:
        record = state.search_record()
        return index_output(output, report.search_pending, record) if record else []


def template_fingerprints(template_dir: Path) -> dict[str, str]:
    """Per template, a digest of it and of the shared layout and partials it may use."""
    files = (
        {
            p.relative_to(template_dir).as_posix(): p.read_bytes()
            for p in sorted(template_dir.rglob("*"))
            if p.is_file()
        }
        if template_dir.is_dir()
        else {}
    )
    shared = [b for name, b in files.items() if name == "base.html" or name.startswith("partials/")]
    return {name: fingerprint(name, data, *shared) for name, data in files.items()}


def build(
    site_root: Path,
    output: Path,
    *,
    base_url: str | None = None,
    search: bool | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    state: BuildState | None = None,
    keep_last_good: bool = False,
    defer_search: bool = False,
) -> BuildReport:
    """Build the site folder into ``output``; only what changed since the last build is redone.

    The keywords are those of BuildOptions; ``state`` is a build state kept across builds
    in one process (``serve``'s ``MemoryState``); without one, the SQLite cache beside the
    output is the state (or, with ``use_cache=False``, nothing is remembered).
    """
    options = BuildOptions(base_url, search, jobs, use_cache, keep_last_good, defer_search)
    started = time.perf_counter()
    report = BuildReport(output=output)
    output, refused = resolve_output(output)
    refused = refused or check_output_folder(output, site_root)
    where = str(report.output)
    if base_url and (problem := base_url_problem(base_url)):
        refused, where = problem, "--base-url"
    if refused is not None:
        report.mode = "refused"
        report.diagnostics = [Diagnostic(where, 1, 1, "error", refused)]
    else:
        with (
            build_lock(output),
            open_state(output, use_cache, state) as kept,
            collector_for_build(),
        ):
            try:
                _build(site_root, output, options, progress, kept, report)
            finally:
                report.diagnostics.extend(kept.problems())
    report.diagnostics = sorted(set(report.diagnostics))
    report.seconds = time.perf_counter() - started
    return report


def _build(
    site_root: Path,
    output: Path,
    options: BuildOptions,
    progress: Progress | None,
    state: BuildState,
    report: BuildReport,
) -> None:
    """The recipe. Only ``state`` knows what the last build left; only the writers that
    ``draw`` uses touch the output."""
    clock = time.perf_counter()
    inputs = _configured(site_root, options, state)
    templates = template_fingerprints(site_root / "templates")
    last = state.unchanged(output, lambda: inputs_key(site_root, inputs, templates))
    if last is not None:
        report.repeat(last)
        report.mark("read", clock)
        return
    from sana_archive.engine.draw import Drawing, draw
    from sana_archive.engine.plan import PlanKeys
    from sana_archive.engine.redraw import redraw
    from sana_archive.render.env import Renderer

    state.begin()
    clock = report.mark("discover", clock)
    articles, problems, report.parsed = read_all(inputs, options, progress, state)
    settle()
    clock = report.mark("read", clock)
    keys = PlanKeys.of(_outputs_key(inputs), templates)
    memos = state.memos(keys.plan)
    derived, more = state.site_model(articles, memos.view_keys)
    problems.extend([*more, *duplicate_notes(derived.site, inputs)])
    report.found(derived.site, problems)
    settle()
    clock = report.mark("model", clock)
    if options.keep_last_good and report.errors:
        report.mode = "kept"
        return
    config, registries = inputs.config, inputs.registries
    redrawn = redraw(
        derived, articles, config, registries, keys, memos, state, output, options.keep_last_good
    )
    report.mark("plan", clock)
    env = state.environment(site_root / "templates", templates)
    renderer = Renderer(env, config, site_info(inputs))
    how = Drawing(keys.plan, derived, memos, config, renderer, site_root, output,
                  options.keep_last_good, options.defer_search, options.jobs, progress)  # fmt: skip
    report.drawn(draw(redrawn, how, state, problems), redrawn.plan)


def _outputs_key(inputs: SiteInputs) -> str:
    """What every output depends on besides its own view: code, config and registries."""
    return fingerprint(code_fingerprint(), repr(inputs.config), source_context(inputs))
