"""Shared fixtures: the real sample site, small site folders, and HTML helpers."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def make_site(tmp_path: Path):
    """A site folder with the repo's theme and registries and the given content files."""

    def make(files: dict[str, str | bytes], *, registries: bool = True,
             config: str | None = None) -> Path:
        site = tmp_path / "site"
        site.mkdir()
        shutil.copytree(REPO / "templates", site / "templates")
        shutil.copytree(REPO / "static", site / "static")
        (site / "content").mkdir()
        if registries and (REPO / "content" / "_data").is_dir():
            shutil.copytree(REPO / "content" / "_data", site / "content" / "_data")
        if config is not None:
            (site / "site.yaml").write_text(config)
        for rel, data in files.items():
            path = site / "content" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        return site

    return make


class Page(HTMLParser):
    """A parsed page: links, ids, text, and elements by class, enough for assertions."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.assets: list[str] = []
        self.ids: set[str] = set()
        self.text_parts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        if tag in ("link", "script", "img") and (attributes.get("href") or attributes.get("src")):
            self.assets.append(attributes.get("href") or attributes.get("src") or "")
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def first(self, tag: str, **attrs: str) -> dict[str, str | None] | None:
        for name, attributes in self.tags:
            if name == tag and all(attributes.get(k) == v for k, v in attrs.items()):
                return attributes
        return None


def parse_page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))
