"""sitemap.xml and robots.txt: absolute URLs from the configured base URL."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from sana_archive.config import SiteConfig


def sitemap_xml(config: SiteConfig, urls: Iterable[tuple[str, str | None]]) -> bytes:
    """``urls`` are (site-relative URL, ISO date or None); no build time is ever written."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    base = config.absolute("/")
    for url, lastmod in urls:
        entry = f"<url><loc>{escape(base + url.lstrip('/'))}</loc>"
        if lastmod:
            entry += f"<lastmod>{lastmod}</lastmod>"
        lines.append(entry + "</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def robots_txt(config: SiteConfig) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {config.absolute('/sitemap.xml')}\n".encode()
