"""Crawl whole built archives: no broken internal link, asset, fragment or permalink.

tests/test_build_e2e.py checks that relative page links and stylesheets resolve; this goes
further, over every file a build writes: ``#fragment`` targets are real ids, absolute
permalinks under ``base_url`` (canonical, citation, feeds, sitemap, JSON data) point at
built files, the 404 page's rooted links work under a sub-path, and CSS ``url()``s exist.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

from sana_archive.build import build
from tests.browser.archive import REPO, generate_archive

HOST = "http://site.invalid"
URL_ATTRIBUTES = {"href", "src", "action", "poster", "data"}


class Links(HTMLParser):
    """Every URL-bearing attribute of a page, and every id it defines."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)
            elif name in URL_ATTRIBUTES and value is not None:
                self.urls.append((f"<{tag} {name}>", value))
            elif name == "srcset" and value:
                self.urls.extend((f"<{tag} srcset>", part.split()[0]) for part in
                                 value.split(",") if part.strip())


@dataclass
class Crawl:
    """A built folder seen as a web site at ``base_url``."""

    root: Path
    base_url: str
    checked: int = 0
    broken: list[str] = field(default_factory=list)
    pages: dict[Path, Links] = field(default_factory=dict)

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path

    def site_url(self, path: Path) -> str:
        return HOST + self.base_path + path.relative_to(self.root).as_posix()

    def target(self, url: str) -> tuple[Path, str] | None:
        """The built file an absolute URL names, with its fragment; None when external."""
        url, fragment = urldefrag(url)
        if url.startswith(self.base_url):
            url = HOST + self.base_path + url[len(self.base_url):]
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != HOST:
            return None
        if not parts.path.startswith(self.base_path):
            return self.root / "OUTSIDE-THE-SITE" / parts.path.lstrip("/"), fragment
        rel = unquote(parts.path[len(self.base_path):])
        file = self.root / rel
        return (file / "index.html" if rel == "" or rel.endswith("/") else file), fragment

    def check(self, source: Path, where: str, url: str, base: str) -> None:
        if url.startswith(("data:", "mailto:", "javascript:")):
            return
        found = self.target(urljoin(base, url))
        if found is None:
            return
        file, fragment = found
        self.checked += 1
        label = f"{source.relative_to(self.root)} {where} {url!r}"
        if not file.is_file():
            self.broken.append(f"{label}: no file {file.relative_to(self.root)}")
        elif fragment and file.suffix == ".html" and fragment not in self.pages[file].ids:
            self.broken.append(f"{label}: no id {fragment!r} there")

    def run(self) -> None:
        files = sorted(p for p in self.root.rglob("*") if p.is_file())
        self.pages = {p: Links(p.read_text(encoding="utf-8")) for p in files if p.suffix == ".html"}
        for path in files:
            if path.suffix == ".html":
                self.html(path)
            elif path.suffix == ".css":
                for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text("utf-8")):
                    self.check(path, "css url()", url, self.site_url(path))
            elif path.suffix == ".xml":
                self.xml(path)
            elif path.suffix == ".json" and "pagefind" not in path.parts:
                for url in strings(json.loads(path.read_text("utf-8"))):
                    if url.startswith(self.base_url):
                        self.check(path, "json", url, self.base_url)

    def html(self, path: Path) -> None:
        page = self.pages[path]
        # 404.html is served at whatever address was missing, so its links are rooted.
        base = HOST + self.base_path if path.name == "404.html" else self.site_url(path)
        if path.name == "404.html":
            relative = [u for _, u in page.urls if not u.startswith(("/", "#", "http", "data:"))]
            if relative:
                self.broken.append(f"404.html has links that break when served elsewhere: "
                                   f"{relative[:3]}")
        for where, url in page.urls:
            self.check(path, where, url, base)

    def xml(self, path: Path) -> None:
        tree = ET.parse(path)
        for element in tree.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "link" and element.get("href"):
                self.check(path, "xml link", element.get("href") or "", self.base_url)
            elif tag == "loc" and element.text:
                self.check(path, "xml loc", element.text.strip(), self.base_url)


def strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def crawl(root: Path, base_url: str) -> Crawl:
    result = Crawl(root, base_url)
    result.run()
    return result


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """The sample archive at a domain root and under a sub-path, and a generated archive
    with dated pages and paging (``page_size: 10``)."""
    root = tmp_path_factory.mktemp("links")
    built: dict[str, tuple[Path, str]] = {}
    for name, site, base_url in (
        ("sample", REPO, "http://localhost:8000/"),
        ("sample-sub-path", REPO, "https://example.org/archive/"),
        ("generated", generate_archive(root / "generated-site", 60,
                                       settings="page_size: 10"), "http://localhost:8000/"),
    ):
        out = root / name
        report = build(site, out, base_url=base_url, use_cache=False)
        assert report.errors == 0, [d.format() for d in report.diagnostics]
        built[name] = (out, base_url)
    return built


@pytest.mark.parametrize("name", ["sample", "sample-sub-path", "generated"])
def test_crawl_finds_no_broken_link_asset_or_fragment(sites, name: str):
    out, base_url = sites[name]
    result = crawl(out, base_url)
    assert result.broken == []
    pages = sum(1 for _ in out.rglob("*.html"))
    assert result.checked > 20 * pages  # every page links its header, crumbs and listings


def test_crawler_reports_what_is_broken(tmp_path: Path):
    """The checker itself: a missing page, a missing fragment and a dead permalink."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<p id="here"></p><a href="../b/">b</a><a href="#here">ok</a><a href="#gone">x</a>'
        '<a href="http://localhost:8000/a/#here">ok</a><a href="http://localhost:8000/c/">c</a>'
        '<link rel="stylesheet" href="../static/x.css"><a href="https://elsewhere.org/">ok</a>'
    )
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "x.css").write_text("a { background: url('missing.png'); }")
    result = crawl(tmp_path, "http://localhost:8000/")
    assert result.checked == 7
    assert sorted(b.split(":")[-1].strip() for b in result.broken) == [
        "no file b/index.html",
        "no file c/index.html",
        "no file static/missing.png",
        "no id 'gone' there",
    ]
