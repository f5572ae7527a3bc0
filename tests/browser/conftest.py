"""One headless Chromium per session, and built sites served on localhost for it to visit.

Without Chromium the browser tests skip and say why; in CI (``CI=true``) they fail instead,
so a missing browser can never turn the suite green by skipping it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Response

from sana_archive.build import build
from tests.browser.archive import REPO, generate_archive, serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = REPO / "tests" / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def chromium_path() -> Path | None:
    if CHROMIUM.is_file():
        return CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None


def require_chromium() -> Path:
    path = chromium_path()
    if path is None:
        reason = "Chromium not found at /usr/bin/chromium (apt-get install chromium)"
        if in_ci():
            pytest.fail(f"{reason}; CI must run the browser tests", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Served:
    """A built site on a local port: ``url(path)`` is where a reader finds a page."""

    base: str
    output: Path

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")


@dataclass
class Watched:
    """A page plus everything that went wrong on it: console errors, page errors, and
    failed or 4xx/5xx requests (only a 404 page itself may answer 404)."""

    page: Page
    errors: list[str] = field(default_factory=list)
    bad_requests: list[str] = field(default_factory=list)
    missing_ok: set[str] = field(default_factory=set)

    def goto(self, url: str, status: int = 200) -> None:
        if status == 404:
            self.missing_ok.add(url)
        response = self.page.goto(url)
        assert response is not None and response.status == status, (url, response)
        if status == 404:
            # The 404 page's script fetches the site's own 404.html to find its root: let it
            # finish, or the next page aborts it (a failed request on a loaded machine).
            self.page.wait_for_load_state("networkidle")

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if message.location.get("url") in self.missing_ok and "404" in message.text:
            return
        self.errors.append(f"{message.text} at {message.location.get('url')}")

    def on_response(self, response: Response) -> None:
        if response.status >= 400 and response.url not in self.missing_ok:
            self.bad_requests.append(f"{response.status} {response.url}")

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.bad_requests == [], self.bad_requests


def watch(page: Page) -> Watched:
    watched = Watched(page)
    page.on("console", watched.on_console)
    page.on("pageerror", lambda exc: watched.errors.append(str(exc)))
    page.on("requestfailed", lambda r: watched.bad_requests.append(f"failed {r.url}"))
    page.on("response", watched.on_response)
    return watched


@pytest.fixture
def make_page(browser: Browser) -> Iterator[Callable[..., Watched]]:
    """New isolated pages at a viewport size; each closes with the test."""
    contexts: list[BrowserContext] = []

    def make(viewport: dict[str, int] | None = None, **options: object) -> Watched:
        context = browser.new_context(viewport=viewport or DESKTOP, **options)  # type: ignore[arg-type]
        contexts.append(context)
        return watch(context.new_page())

    yield make
    for context in contexts:
        context.close()


def _build(site: Path, output: Path, base_url: str | None = None) -> Path:
    report = build(site, output, base_url=base_url, use_cache=False)
    assert report.errors == 0, [d.format() for d in report.diagnostics]
    return output


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The repo's own sample archive (the two seeds), served at a domain root."""
    output = _build(REPO, tmp_path_factory.mktemp("sample") / "build")
    with serve(output, output / "404.html") as base:
        yield Served(base, output)


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The seeds plus 300 generated stories: dated pages, paging and long lists."""
    root = tmp_path_factory.mktemp("generated")
    site = generate_archive(root / "site", 300)
    output = _build(site, root / "build")
    with serve(output, output / "404.html") as base:
        yield Served(base, output)


@pytest.fixture(scope="session")
def sub_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample archive built for and served under ``/archive/``, as on a shared host."""
    root = tmp_path_factory.mktemp("subpath")
    (root / "www").mkdir()
    output = root / "www" / "archive"
    with serve(root / "www", output / "404.html") as base:
        _build(REPO, output, base_url=base + "archive/")
        yield Served(base + "archive/", output)


@pytest.fixture(scope="session")
def sub_path_unconfigured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample archive built with the default ``base_url`` (the domain root) but served
    under ``/archive/``: what a publisher who never set ``base_url`` gets."""
    root = tmp_path_factory.mktemp("subpath-default")
    (root / "www").mkdir()
    output = _build(REPO, root / "www" / "archive")
    with serve(root / "www", output / "404.html") as base:
        yield Served(base + "archive/", output)


ARABIC = REPO / "tests" / "fixtures" / "arabic"


@pytest.fixture(scope="session")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A site whose one statement is in Arabic (``language: ar``), served locally."""
    root = tmp_path_factory.mktemp("arabic")
    site = root / "site"
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, site / folder)
    shutil.copytree(REPO / "content" / "_data", site / "content" / "_data")
    shutil.copytree(ARABIC, site / "content" / "ar")
    output = _build(site, root / "build")
    with serve(output, output / "404.html") as base:
        yield Served(base, output)


def screenshot(page: Page, name: str) -> Path:
    """Write a full-page screenshot to the gitignored ``tests/screenshots/``."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
