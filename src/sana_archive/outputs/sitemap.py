"""sitemap.xml and robots.txt: absolute URLs from the configured base URL."""

from __future__ import annotations

from collections.abc import Iterable

from sana_archive.config import SiteConfig
from sana_archive.outputs.xmltext import escape


def sitemap_xml(config: SiteConfig, urls: Iterable[tuple[str, str | None]]) -> bytes:
    """``urls`` are (site-relative URL, ISO date or None); no build time is ever written.

    The addresses are escaped in one call over all of them (escaping is per character, so
    the joined text escapes to the joined escapes): an entry a call was most of the cost
    of an archive's 120,000 entries, remade on every edit."""
    entries = list(urls)
    base = escape(config.absolute("/"))
    joined = "\0".join(url.lstrip("/") for url, _ in entries)
    if joined.count("\0") == max(0, len(entries) - 1):
        paths = escape(joined).split("\0") if entries else []
    else:  # an address holding a NUL: escaped one by one
        paths = [escape(url.lstrip("/")) for url, _ in entries]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *(
            f"<url><loc>{base}{path}</loc><lastmod>{lastmod}</lastmod></url>"
            if lastmod
            else f"<url><loc>{base}{path}</loc></url>"
            for path, (_, lastmod) in zip(paths, entries, strict=True)
        ),
        "</urlset>\n",
    ]
    return "\n".join(lines).encode("utf-8")


def robots_txt(config: SiteConfig) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {config.absolute('/sitemap.xml')}\n".encode()
