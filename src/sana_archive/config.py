"""``site.yaml`` -> SiteConfig, validated once so the rest of the build can trust it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from sana_archive.model import Diagnostic
from sana_archive.yamlload import load_yaml


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Settings a site folder can make; every field has a default that builds a working site.

    ``base_url`` is only used for absolute permalinks (feeds, sitemap, citations); pages
    link to each other relatively so the same ``build/`` works at a domain root, under a
    sub-path, or opened from disk.
    """

    title: str = "Statements Archive"
    description: str = "An archive of diplomatic statements."
    base_url: str = "http://localhost:8000/"
    language: str = "en"
    page_size: int = 50
    home_size: int = 20
    search: bool = True

    @property
    def base_path(self) -> str:
        """The URL path the site is served under, e.g. ``/archive/``."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def absolute(self, url: str) -> str:
        """An absolute URL for a site-relative one like ``/speakers/x/``."""
        return self.base_url.rstrip("/") + "/" + url.lstrip("/")


def normalize_base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def parse_config(text: str | None, path: str) -> tuple[SiteConfig, list[Diagnostic]]:
    """Read site.yaml text; unknown keys are warnings, bad values errors with their line."""
    config = SiteConfig()
    if text is None:
        return config, []
    doc = load_yaml(text, path)
    problems = list(doc.diagnostics)
    if doc.value is None:
        return config, problems
    if not isinstance(doc.value, dict):
        return config, [*problems, Diagnostic(path, 1, 1, "error", "site.yaml must be a mapping")]
    values: dict[str, Any] = {}
    for key, value in doc.value.items():
        line = doc.key_lines.get(str(key), 1)
        if key in ("title", "description", "language", "base_url"):
            if not isinstance(value, str) or not value.strip():
                problems.append(Diagnostic(path, line, 1, "error", f"{key} must be a text"))
                continue
            values[key] = normalize_base_url(value.strip()) if key == "base_url" else value
        elif key in ("page_size", "home_size"):
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 1000:
                problems.append(
                    Diagnostic(path, line, 1, "error", f"{key} must be a number from 1 to 1000")
                )
                continue
            values[key] = value
        elif key == "search":
            if not isinstance(value, bool):
                problems.append(Diagnostic(path, line, 1, "error", "search must be true or false"))
                continue
            values[key] = value
        else:
            problems.append(Diagnostic(path, line, 1, "warning", f"unknown setting {key!r}"))
    return replace(config, **values), problems
