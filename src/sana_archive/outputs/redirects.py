"""Redirect pages at a statement's old addresses (its ``aliases:``), as Hugo writes them.

An archive is cited: when a permalink had to change (a slug edited, a file renamed, the
URL scheme of an older release), the old address must still land. A static host has no
redirect rules we can rely on, so each old address gets a tiny page: an immediate
``<meta http-equiv="refresh">`` to the new address (relative, so it works under any
sub-path and from disk), a canonical link to the absolute permalink so search engines
move the citation over, ``noindex`` so the old address is not listed, and a plain link
for readers whose browser does not follow the refresh.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from html import escape
from typing import Any

from sana_archive.config import SiteConfig
from sana_archive.site.graph import Site
from sana_archive.site.pages import PageSpec, digest, wanted
from sana_archive.site.regions import Region, alias_region
from sana_archive.site.urls import relative


def redirect_html(view: dict[str, Any]) -> bytes:
    target = escape(view["target"], quote=True)
    title = escape(view["title"], quote=False)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(view["language"], quote=True)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>Moved: {title}</title>\n"
        f'<link rel="canonical" href="{escape(view["canonical"], quote=True)}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        "</head>\n"
        "<body>\n"
        f'<p>This statement has moved to <a href="{target}"><bdi>{title}</bdi></a>.</p>\n'
        "</body>\n"
        "</html>\n"
    ).encode()


def plan_redirects(
    site: Site, config: SiteConfig, only: Collection[Region] | None = None
) -> Iterator[PageSpec]:
    for alias, index in site.aliases:
        region = alias_region(alias)
        if not wanted(only, region):
            continue
        url = site.urls[index]
        view = {
            "target": relative(alias, url),
            "canonical": config.absolute(url),
            "title": site.articles[index].title,
            "language": config.language,
        }
        yield PageSpec(alias, "", digest("redirect", view), lambda v=view: v, redirect_html, region)


def redirect_urls(site: Site) -> frozenset[str]:
    """The addresses that only redirect: left out of the sitemap."""
    return frozenset(alias for alias, _ in site.aliases)
