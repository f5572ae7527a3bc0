"""Drawing the planned outputs into a writer: stale pages rendered, the rest kept.

Many pages failing the same way (a template error) are reported once, not once per page.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from markupsafe import Markup

from sana_archive.config import SiteConfig
from sana_archive.content.load import Progress
from sana_archive.engine.writers import InPlaceOutput, ProbedOutput, StagedOutput, WorkerWrites
from sana_archive.model import Diagnostic
from sana_archive.outputs.redirects import redirect_urls
from sana_archive.outputs.sitemap import robots_txt, sitemap_xml
from sana_archive.render.env import Renderer, RenderError
from sana_archive.site.graph import DateIndex, Site
from sana_archive.site.pages import PageSpec
from sana_archive.site.urls import output_path

# Below this many pages to render, forking workers costs more than it saves.
PARALLEL_RENDER_MIN = 2000
INDEX = "index.html"


def _once(problems: list[Diagnostic], found: list[Diagnostic]) -> None:
    """Add problems, one per (file, message) whatever page they were met on."""
    seen = {(d.path, d.message.split(":", 1)[-1]) for d in problems}
    for diagnostic in found:
        key = (diagnostic.path, diagnostic.message.split(":", 1)[-1])
        if key not in seen:
            seen.add(key)
            problems.append(diagnostic)


def render_pages(
    specs: list[PageSpec],
    stale: set[str],
    renderer: Renderer,
    out: StagedOutput | InPlaceOutput | ProbedOutput,
    problems: list[Diagnostic],
    progress: Progress | None,
    jobs: int | None,
) -> int:
    """Render what is stale, keep the rest; returns how many were rendered."""
    rendered = 0
    workers = jobs or os.cpu_count() or 1
    staged = isinstance(out, StagedOutput | ProbedOutput)
    if staged and workers > 1 and len(stale) >= PARALLEL_RENDER_MIN:
        for spec in specs:
            rel = output_path(spec.url)
            if rel not in stale:
                out.keep(rel)
        if isinstance(out, ProbedOutput):
            sink = WorkerWrites(out.staging, probe=out.output)
        else:
            sink = WorkerWrites(out.staging, previous=out.previous)
        # Imported here: an edit draws a few pages in this process (multiprocessing and the
        # pool cost every build ~10 ms of imports).
        from sana_archive.render.parallel import render_in_workers

        answers, more = render_in_workers(specs, stale, renderer, workers, sink)
        written = [rel for rel, wrote in answers if wrote]
        if isinstance(out, ProbedOutput):
            out.fresh.update(written)
            out.unchanged.update(rel for rel, wrote in answers if not wrote)
        else:
            out.written.update(written)
        _once(problems, more)
        return len(stale)
    for number, spec in enumerate(specs, 1):
        rel = output_path(spec.url)
        if rel not in stale:
            out.keep(rel)
            continue
        data = renderer.page(spec)
        rendered += 1
        if isinstance(data, RenderError):
            _once(problems, [data.diagnostic])
            continue
        out.write(rel, data)
        if progress and number % 1000 == 0:
            progress("rendering", number, len(specs))
    return rendered


@dataclass
class SitemapMemo:
    """The last sitemap and what it was made from: ``serve`` rewrites it on every build,
    and most edits (a statement's text) change neither its pages nor their dates.

    ``keyed``: a store that outlives the process (the CLI's cache) keeps ``key``, a digest
    of the entries the sitemap in the output was made from; a build whose entries come to
    the same key keeps the file (making 120,000 entries cost 0.2 s of every edit)."""

    pages: list[str] = field(default_factory=list)
    urls: tuple[str, ...] | None = None
    dates: DateIndex | None = None
    base: str = ""
    data: bytes = b""
    key: str = ""
    keyed: bool = False


def _sitemap_key(site: Site, pages: list[str], base: str) -> str:
    """The sitemap's entries summed: its address, the pages it lists, each statement's
    address and date (the only dates it shows)."""
    h = hashlib.blake2b(digest_size=16)
    for part in (
        base,
        "\0".join(pages),
        "\0".join(site.urls),
        "\0".join([a.date.isoformat() if a.date else "" for a in site.articles]),
    ):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\1")
    return h.hexdigest()


def _sitemap(site: Site, pages: list[str], config: SiteConfig, memo: SitemapMemo) -> bytes:
    base = config.absolute("/")
    same_site = memo.urls is site.urls and memo.dates is site.dates and memo.base == base
    if same_site and memo.pages == pages:
        return memo.data
    dates = {
        url: a.date.isoformat() for url, a in zip(site.urls, site.articles, strict=True) if a.date
    }
    data = sitemap_xml(config, ((url, dates.get(url)) for url in pages))
    memo.pages, memo.urls, memo.dates, memo.base, memo.data = (
        pages,
        site.urls,
        site.dates,
        base,
        data,
    )
    return data


def inline_css(css: str) -> Markup:
    """A stylesheet safe inside ``<style>``: no "</style" can close the element early."""
    return Markup(re.sub(r"</(?=style)", r"<\\/", css, flags=re.IGNORECASE))


def root_token(config: SiteConfig) -> str:
    """What marks this site's own 404.html, so its script finds the site's root."""
    text = f"{config.title}\0{config.base_url}"
    return "sana-" + hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def write_site_files(
    site: Site,
    outputs: Collection[str],
    renderer: Renderer,
    out: StagedOutput | InPlaceOutput,
    problems: list[Diagnostic],
    config: SiteConfig,
    memo: SitemapMemo | None = None,
    css: str = "",
) -> None:
    """404 page, sitemap of the HTML pages written (in URL order), robots.txt.

    The 404 page is served at any address, so it carries its stylesheet (``css``) inline
    and a token that its script uses to recognise the site's root (see 404.html)."""
    view = {"title": "Page not found", "css": inline_css(css), "token": root_token(config)}
    not_found = renderer.render("404.html", "/404.html", view, rooted=True)
    if isinstance(not_found, RenderError):
        problems.append(not_found.diagnostic)
    else:
        out.write("404.html", not_found)
    written = out.written
    moved = redirect_urls(site)
    pages = sorted(
        url
        for rel in outputs
        if (rel == INDEX or rel.endswith("/" + INDEX))
        and rel in written
        and (url := "/" + rel[: -len(INDEX)]) not in moved
    )
    memo = memo or SitemapMemo()
    if not memo.keyed:
        out.write("sitemap.xml", _sitemap(site, pages, config, memo))
    else:
        key = _sitemap_key(site, pages, config.absolute("/"))
        if key == memo.key and (out.output / "sitemap.xml").is_file():
            out.keep("sitemap.xml")
        else:
            out.write("sitemap.xml", _sitemap(site, pages, config, memo))
        memo.key = key
    out.write("robots.txt", robots_txt(config))
