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


def base_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be where the site is served, or None.

    It is written into every feed, the sitemap and each citation: a ``javascript:`` or
    ``data:`` URL there runs when a reader follows the link, so only http(s) is taken.
    """
    if any(ch.isspace() or not ch.isprintable() or ch in "\"'<>`\\" for ch in url):
        return "base_url must be an http(s) URL without spaces, quotes or angle brackets"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return f"base_url {url!r} is not a valid URL"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return (
            f"base_url {url!r} must be an http(s) URL with a host, "
            "such as https://archive.example.org/"
        )
    if parts.query or parts.fragment or parts.username is not None:
        return f"base_url {url!r} must not carry a query, a fragment or a user name"
    return None


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
            if key == "base_url" and (problem := base_url_problem(value.strip())):
                problems.append(Diagnostic(path, line, 1, "error", problem))
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
