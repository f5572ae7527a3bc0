"""The recipe: a short list of named steps that ``build``, ``check`` and ``serve`` share."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sana_archive.config import normalize_base_url
from sana_archive.load import Progress, SiteInputs, load_inputs, read_articles
from sana_archive.model import Article, Diagnostic
from sana_archive.output import OutputError, StagedOutput, build_lock
from sana_archive.render.env import Renderer, RenderError, make_environment
from sana_archive.site.graph import FACETS, Site, build_site
from sana_archive.site.pages import PageSpec, plan_pages
from sana_archive.site.urls import output_path
from sana_archive.sitemap import robots_txt, sitemap_xml


@dataclass
class BuildReport:
    """What a build did and found; the CLI prints it, tests assert on it."""

    articles: int = 0
    pages: int = 0
    written: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    output: Path | None = None
    site: Site | None = None

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


def collect_articles(
    inputs: SiteInputs, progress: Progress | None = None, jobs: int | None = None
) -> tuple[list[Article], list[Diagnostic]]:
    problems: list[Diagnostic] = []
    articles: list[Article] = []
    for result in read_articles(inputs.sources, inputs.registries, jobs=jobs, progress=progress):
        problems.extend(result.diagnostics)
        if result.article is not None:
            articles.append(result.article)
    return articles, problems


def curation_notes(site: Site, inputs: SiteInputs) -> list[Diagnostic]:
    """Names that are not in a registry: still built, listed so an archivist can curate."""
    notes = []
    registries = inputs.registries
    for term in site.facets["speakers"]:
        if not registries.is_known_speaker(term.name):
            first = site.articles[term.articles[0]].source_path
            notes.append(
                f"speaker not in content/_data/speakers.yaml: {term.name} (first in {first})"
            )
    for term in site.facets["locations"]:
        if not registries.is_known_location(term.name):
            first = site.articles[term.articles[0]].source_path
            notes.append(
                f"location not in content/_data/locations.yaml: {term.name} (first in {first})"
            )
    return [Diagnostic("content/_data", 1, 1, "warning", n) for n in notes]


def prepare(
    site_root: Path,
    base_url: str | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> tuple[SiteInputs, Site, list[Diagnostic]]:
    inputs = load_inputs(site_root)
    if base_url:
        inputs = dataclasses.replace(
            inputs, config=dataclasses.replace(inputs.config, base_url=normalize_base_url(base_url))
        )
    problems = list(inputs.diagnostics)
    articles, more = collect_articles(inputs, progress, jobs)
    problems.extend(more)
    site, more = build_site(articles)
    problems.extend(more)
    return inputs, site, problems


def check(site_root: Path) -> BuildReport:
    """Validate everything a build reads, without writing."""
    started = time.perf_counter()
    inputs, site, problems = prepare(site_root)
    problems.extend(curation_notes(site, inputs))
    return BuildReport(
        articles=len(site.articles),
        diagnostics=sorted(set(problems)),
        seconds=time.perf_counter() - started,
        site=site,
    )


def site_info(inputs: SiteInputs, site: Site) -> dict[str, object]:
    config = inputs.config
    return {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "base_url": config.base_url,
        "facets": [{"key": s.key, "title": s.plural} for s in FACETS],
        "search": config.search,
    }


def build(
    site_root: Path,
    output: Path,
    *,
    base_url: str | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    page_hook: Callable[[PageSpec, bytes], bytes] | None = None,
) -> BuildReport:
    """Build the site folder into ``output``, swapped in atomically when complete."""
    started = time.perf_counter()
    report = BuildReport(output=output)
    with build_lock(output):
        inputs, site, problems = prepare(site_root, base_url, progress, jobs)
        report.articles = len(site.articles)
        report.site = site
        env = make_environment([site_root / "templates"])
        renderer = Renderer(env, inputs.config, site_info(inputs, site))
        staged = StagedOutput(output)
        try:
            report.pages = _render_all(
                site, inputs, renderer, staged, problems, progress, page_hook
            )
            staged.copy_tree(site_root / "static", "static")
            staged.commit()
        except OutputError as exc:
            staged.abandon()
            problems.append(Diagnostic(str(output), 1, 1, "error", str(exc)))
        except BaseException:
            staged.abandon()
            raise
        report.written = len(staged.written)
    report.diagnostics = sorted(set(problems))
    report.seconds = time.perf_counter() - started
    return report


def _render_all(
    site: Site,
    inputs: SiteInputs,
    renderer: Renderer,
    staged: StagedOutput,
    problems: list[Diagnostic],
    progress: Progress | None,
    page_hook: Callable[[PageSpec, bytes], bytes] | None,
) -> int:
    config = inputs.config
    pages = 0
    sitemap: list[tuple[str, str | None]] = []
    failed_templates: set[tuple[str, str]] = set()
    article_dates = {
        url: (a.date.isoformat() if a.date else None)
        for url, a in zip(site.urls, site.articles, strict=True)
    }
    for spec in plan_pages(site, config):
        data = renderer.render(spec.template, spec.url, spec.view)
        if isinstance(data, RenderError):
            key = (data.diagnostic.path, data.diagnostic.message.split(":", 1)[-1])
            if key not in failed_templates:
                failed_templates.add(key)
                problems.append(data.diagnostic)
            continue
        if page_hook is not None:
            data = page_hook(spec, data)
        staged.write(output_path(spec.url), data)
        sitemap.append((spec.url, article_dates.get(spec.url)))
        pages += 1
        if progress and pages % 1000 == 0:
            progress("rendering", pages, 0)
    not_found = renderer.render("404.html", "/404.html", {"title": "Page not found"}, rooted=True)
    if isinstance(not_found, RenderError):
        problems.append(not_found.diagnostic)
    else:
        staged.write("404.html", not_found)
        pages += 1
    staged.write("sitemap.xml", sitemap_xml(config, sitemap))
    staged.write("robots.txt", robots_txt(config))
    return pages
