"""The recipe: a short list of named steps that ``build``, ``check`` and ``serve`` share.

load inputs -> read articles (cached, parallel) -> site model -> plan pages -> render what
changed -> write (staged swap, or in place when only a few pages change).
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from sana_archive.config import SiteConfig, base_url_problem, normalize_base_url
from sana_archive.content.load import Progress, SiteInputs, load_inputs
from sana_archive.engine.cache import BuildCache, cache_path, code_fingerprint, fingerprint
from sana_archive.engine.freshness import LastBuild, inputs_key, output_mtime, remember, unchanged
from sana_archive.engine.outputs import render_pages, write_site_files
from sana_archive.engine.plan import LastPlan, Plan, plan_build, plan_key
from sana_archive.engine.search import SearchIndex, index_output
from sana_archive.engine.sources import read_sources, source_context
from sana_archive.engine.warm import WarmState
from sana_archive.engine.writers import (
    MARKER,
    MARKER_TEXT,
    InPlaceOutput,
    OutputError,
    ProbedOutput,
    StagedOutput,
    build_lock,
    check_output_folder,
    resolve_output,
    static_files,
)
from sana_archive.inference.provenance import review_items
from sana_archive.model import Article, Diagnostic
from sana_archive.outputs.data import RowMemo, Rows
from sana_archive.registry import Registries
from sana_archive.render.env import Renderer, make_environment
from sana_archive.site.dating import date_articles
from sana_archive.site.derived import Derived
from sana_archive.site.duplicates import propose_duplicates
from sana_archive.site.graph import FACETS, Site, build_site, update_site

# An incremental build updates the output in place when at most this share of pages changed.
IN_PLACE_SHARE = 0.05
IN_PLACE_MIN = 200


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


def _configured(
    site_root: Path, options: BuildOptions, warm: WarmState | None = None
) -> SiteInputs:
    inputs = (
        load_inputs(site_root, warm.registries, warm.discovery)
        if warm is not None
        else load_inputs(site_root)
    )
    return dataclasses.replace(inputs, config=options.configure(inputs.config))


def read_all(
    inputs: SiteInputs,
    options: BuildOptions,
    progress: Progress | None = None,
    cache: BuildCache | None = None,
    warm: WarmState | None = None,
) -> tuple[list[Article], list[Diagnostic], int, dict[str, Article | None] | None]:
    """Every article of the site, parsed or from a cache, and what reading them found;
    last, what the changed sources were at the last build, when the cache knows it."""
    problems = list(inputs.diagnostics)
    results, parsed, before = read_sources(inputs, cache, progress, options.jobs, warm)
    articles: list[Article] = []
    for result in results:
        problems.extend(result.diagnostics)
        if result.article is not None:
            articles.append(result.article)
    # Dates from evidence need the whole archive (its stated dates are anchors too), so
    # they are derived here, after reading, and every build derives them afresh.
    memo = warm.datings if warm is not None else None
    articles, more = date_articles(articles, inputs.registries, memo=memo)
    problems.extend(more)
    return articles, problems, parsed, before


def prepare(
    site_root: Path,
    options: BuildOptions | None = None,
    progress: Progress | None = None,
    cache: BuildCache | None = None,
    warm: WarmState | None = None,
    inputs: SiteInputs | None = None,
) -> tuple[SiteInputs, Site, list[Diagnostic], int]:
    """Read the site folder into its model: the half of a build that ``check`` shares."""
    options = options or BuildOptions()
    inputs = inputs or _configured(site_root, options)
    articles, problems, parsed, _ = read_all(inputs, options, progress, cache, warm)
    site, more = build_site(articles)
    return inputs, site, [*problems, *more], parsed


def check(site_root: Path) -> BuildReport:
    """Validate everything a build reads, without writing."""
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
    if report.search_pending is None:
        return []
    with build_lock(output):
        cache = BuildCache(cache_path(output))
        try:
            return index_output(output, report.search_pending, cache)
        finally:
            cache.close()


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
    warm: WarmState | None = None,
    keep_last_good: bool = False,
    defer_search: bool = False,
) -> BuildReport:
    """Build the site folder into ``output``; only what changed since the last build is redone.

    The keywords are those of BuildOptions; ``warm`` carries parsed inputs and compiled
    templates across builds in one process (``serve``).
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
        report.seconds = time.perf_counter() - started
        return report
    with build_lock(output):
        verify = warm is None or not warm.cache_verified
        cache = BuildCache(cache_path(output), verify=verify) if use_cache else None
        if warm is not None and cache is not None:
            warm.cache_verified = True
        try:
            _build_locked(site_root, output, options, progress, cache, report, warm)
        finally:
            if cache is not None:
                if cache.reset_reason:
                    report.diagnostics.append(
                        Diagnostic(str(cache.path), 1, 1, "warning", cache.reset_reason)
                    )
                cache.close()
    report.diagnostics = sorted(set(report.diagnostics))
    report.seconds = time.perf_counter() - started
    return report


def _model(
    articles: list[Article], view_keys: dict[tuple[str, str], str], warm: WarmState | None
) -> tuple[Derived, list[Diagnostic]]:
    """The site model; ``serve`` updates its last one in place when no index moved."""
    if warm is not None and warm.model is not None:
        last, problems = warm.model
        updated = update_site(last.site, articles)
        if updated is not None:
            site, changed = updated
            warm.model = (Derived.of(site, view_keys, last, changed), problems)
            return warm.model
    site, problems = build_site(articles)
    derived = Derived.of(site, view_keys)
    if warm is not None:
        warm.model = (derived, problems)
    return derived, list(problems)


# A CLI rebuild plans from the last site when at most this share of statements changed;
# beyond it, planning every region is as quick as comparing two sites.
CACHED_PLAN_SHARE = 0.05


def _cached_plan(
    cache: BuildCache | None,
    output: Path,
    key: str,
    finished_key: str | None,
    articles: list[Article],
    before: dict[str, Article | None] | None,
    view_keys: dict[tuple[str, str], str],
    registries: Registries,
) -> LastPlan | None:
    """The last build's plan, rebuilt from the cache, so a CLI rebuild after an edit plans
    only the regions the edit reaches (as ``serve`` does with the plan it keeps).

    Trusted only when the last build finished (``finished_key``: it is cleared while a
    build runs) and wrote every page under the same plan key (code, config, registries,
    templates), and the cache holds the last version of each changed source; otherwise
    the whole site is planned.
    """
    if cache is None or before is None or not output.is_dir():
        return None
    if len(before) > CACHED_PLAN_SHARE * len(articles):
        return None
    if finished_key != key or cache.get("dirty") is not None:
        return None
    pages, regions = cache.pages(), cache.regions()
    # The planned outputs only: the table also lists what every build writes (404, sitemap,
    # static files) with an empty fingerprint.
    fingerprints = {rel: pages.get(rel, "") for group in regions.values() for rel in group}
    if not fingerprints:
        return None
    current = {a.source_path for a in articles}
    last = [before.get(a.source_path, a) for a in articles]
    last += [a for rel, a in before.items() if rel not in current]
    dated, _ = date_articles([a for a in last if a is not None], registries)
    site, _ = build_site(dated)
    derived = Derived.of(site, view_keys)
    return LastPlan(key, cache.get("generation") or "", derived, fingerprints, regions)


def _missing_outside(plan: Plan, output: Path) -> bool:
    planned = set(plan.planned)
    root = f"{output}{os.sep}"
    return any(not os.path.isfile(root + rel) for rel in plan.fingerprints if rel not in planned)


def _build_locked(
    site_root: Path,
    output: Path,
    options: BuildOptions,
    progress: Progress | None,
    cache: BuildCache | None,
    report: BuildReport,
    warm: WarmState | None,
) -> None:
    keep_last_good, jobs = options.keep_last_good, options.jobs
    clock = time.perf_counter()
    templates = template_fingerprints(site_root / "templates")
    key: str | None = None
    configured = _configured(site_root, options, warm)
    if cache is not None:
        # A warm caller (serve) knows better than mtimes what changed: no shortcut for it.
        if warm is None:
            key = inputs_key(site_root, configured, templates)
            last = unchanged(cache, output, key)
            if last is not None:
                report.mode, report.articles, report.pages = "unchanged", last.articles, last.pages
                report.diagnostics = list(last.diagnostics)
                report.mark("read", clock)
                return
        remember(cache, None, None)
    # The cache's copy of each source describes the last finished build only until this
    # build stores what it reads: until this one finishes, no build may plan from it.
    finished_key = cache.get("plan-key") if cache is not None else None
    if cache is not None:
        cache.set("plan-key", None)
    clock = report.mark("discover", clock)
    inputs = configured
    articles, problems, report.parsed, before = read_all(
        inputs, options, progress, cache, warm
    )
    clock = report.mark("read", clock)
    config = inputs.config
    global_fp = fingerprint(code_fingerprint(), repr(config), source_context(inputs))
    key_of_plan = plan_key(global_fp, templates)
    loaded: tuple[dict[tuple[str, str], str], dict[tuple[str, str, str], Rows]] = ({}, {})
    if warm is not None:
        view_keys, rows = warm.memos_for(key_of_plan)
        warm.config = config
    else:
        if cache is not None:
            loaded = cache.view_memos(key_of_plan)
        view_keys, rows = dict(loaded[0]), RowMemo(dict(loaded[1]))
    derived, more = _model(articles, view_keys, warm)
    site = derived.site
    problems.extend(more)
    problems.extend(duplicate_notes(site, inputs))
    report.articles = len(site.articles)
    report.site = site
    report.diagnostics = problems
    clock = report.mark("model", clock)
    if keep_last_good and any(d.level == "error" for d in problems):
        report.mode = "kept"
        return
    if warm is not None:
        last_plan = warm.last_plan(key_of_plan, cache, output)
    else:
        last_plan = _cached_plan(
            cache, output, key_of_plan, finished_key, articles, before, view_keys,
            inputs.registries,
        )
    plan = plan_build(
        derived, config, global_fp, templates, rows, last_plan, inputs.registries
    )
    if warm is None and plan.partial and _missing_outside(plan, output):
        # A page the edit did not reach was deleted by hand: plan it all, to put it back.
        last_plan = None
        plan = plan_build(derived, config, global_fp, templates, rows, None, inputs.registries)
    specs, fingerprints = plan.specs, plan.fingerprints
    clock = report.mark("plan", clock)
    previous: dict[str, str] = {}
    if last_plan is not None and warm is not None:
        previous = last_plan.fingerprints
    elif cache is not None and output.is_dir() and cache.get("dirty") is None:
        previous = cache.pages()
    root = f"{output}{os.sep}"  # plain strings: 16,000 pathlib joins cost a third of a second
    planned = plan.planned
    stale = {
        rel
        for rel in (planned if plan.partial else fingerprints)
        if previous.get(rel) != fingerprints[rel] or not os.path.isfile(root + rel)
    }
    removed = set(previous) - set(fingerprints)
    few = max(IN_PLACE_MIN, IN_PLACE_SHARE * len(fingerprints))
    in_place = bool(previous) and len(stale) + len(removed) <= few
    # Many stale pages over a known last site: render first, then decide by changed bytes.
    probe = bool(previous) and not in_place and not keep_last_good
    report.mode = "in-place" if in_place else "staged"

    if warm is not None:
        env = warm.environment(site_root / "templates", templates)
    else:
        env = make_environment([site_root / "templates"])
    renderer = Renderer(env, config, site_info(inputs))
    out: StagedOutput | InPlaceOutput | ProbedOutput
    if in_place:
        out = InPlaceOutput(output, defer=keep_last_good)
    else:
        out = ProbedOutput(output) if probe else StagedOutput(output)
    if cache is not None and in_place:
        cache.set("dirty", "1")
    try:
        rendered = render_pages(specs, stale, renderer, out, problems, progress, jobs)
        if plan.partial:
            out.keep_unchanged(fingerprints.keys() - set(planned))
        if isinstance(out, ProbedOutput):
            in_place = len(out.fresh) + len(removed) <= few
            if cache is not None and in_place:
                cache.set("dirty", "1")
            out = out.settle(in_place)
            report.mode = "in-place" if in_place else "staged"
        clock = report.mark("render", clock)
        report.rendered = rendered
        stylesheet = site_root / "static" / "style.css"
        write_site_files(
            site,
            fingerprints,
            renderer,
            out,
            problems,
            config,
            warm.sitemap if warm else None,
            stylesheet.read_text(encoding="utf-8", errors="replace")
            if stylesheet.is_file() and not stylesheet.is_symlink()
            else "",
        )
        for rel, path in static_files(site_root / "static"):
            out.write(f"static/{rel}", path.read_bytes())
        out.write(MARKER, MARKER_TEXT)
        if isinstance(out, InPlaceOutput):
            out.remove_others(set(previous))
        if keep_last_good and any(d.level == "error" for d in problems):
            out.abandon()
            report.mode = "kept"
            if cache is not None:
                cache.set("dirty", None)
            return
        search = SearchIndex(
            config, fingerprints, cache, output, options.defer_search, options.jobs
        )
        search.before_commit(out)
        out.commit()
        search.after_commit(out)
        report.search_seconds = search.seconds
        if search.enabled and search.shards:
            report.search_shards = (search.indexed, len(search.shards))
        if search.pending:
            report.search_pending = dict(fingerprints)
        problems.extend(search.diagnostics)
        clock = report.mark("write", clock)
        report.timings["write"] -= search.seconds
        report.timings["search"] = search.seconds
    except OutputError as exc:
        out.abandon()
        problems.append(Diagnostic(str(output), 1, 1, "error", str(exc)))
        return
    except BaseException:
        out.abandon()
        raise
    report.pages = len(fingerprints) + 1
    report.written = len(out.changed) if isinstance(out, InPlaceOutput) else len(out.written)
    if cache is not None:
        failed = set(planned) - out.written
        kept = {rel: ("" if rel in failed else fp) for rel, fp in fingerprints.items()}
        kept.update({rel: "" for rel in out.written if rel not in kept})
        cache.replace_pages(kept, previous)
        cache.set("dirty", None)
        generation = secrets.token_hex(8)
        cache.set("generation", generation)
        if warm is not None:
            warm.plan = LastPlan(key_of_plan, generation, derived, kept, plan.regions)
        else:
            cache.store_view_memos(key_of_plan, view_keys, rows.entries, loaded)
        cache.replace_regions(plan.regions, last_plan.regions if last_plan else None)
        cache.set("plan-key", None if failed else key_of_plan)
        if not failed:
            last_build = LastBuild(
                report.articles, report.pages, tuple(problems), output_mtime(output)
            )
            remember(cache, key, last_build)
