"""Case 9 of issue 16: only an http(s) base URL is written into the site's links."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sana_archive.config import parse_config
from tests.conftest import REPO

ARTICLE = ("---\ntitle: Base\ndate: 2017-03-01\n---\n"
           "Damascus, SANA – Foreign Minister Faisal Mekdad said the talks went well.\n")
UNSAFE = ["javascript:alert(1)//", "data:text/html,<script>alert(1)</script>",
          "//evil.example/", "ftp://files.example/", "https://a.example/\"onmouseover=x",
          "https://user:pw@a.example/", "vbscript:msgbox(1)"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sana_archive", *args], cwd=cwd, capture_output=True,
        text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )


@pytest.mark.parametrize("url", UNSAFE)
def test_site_yaml_base_url_must_be_http(url: str):
    config, problems = parse_config(f"title: T\nbase_url: '{url}'\n", "site.yaml")
    assert [(p.line, p.level) for p in problems] == [(2, "error")], problems
    assert "base_url" in problems[0].message
    assert config.base_url == "http://localhost:8000/"  # the unsafe value is never used


@pytest.mark.parametrize("url", ["https://archive.example.org", "http://localhost:8000/x/",
                                 "https://[::1]:8443/archive/"])
def test_http_base_urls_are_taken(url: str):
    config, problems = parse_config(f"base_url: '{url}'\n", "site.yaml")
    assert problems == [] and config.base_url.startswith(url)


def test_an_unsafe_base_url_never_reaches_the_pages(make_site, tmp_path: Path):
    site = make_site({"a.md": ARTICLE}, config="base_url: 'javascript:alert(1)//'\n")
    out = tmp_path / "out"
    result = run("build", "--site", str(site), "--output", str(out), "--no-search", cwd=tmp_path)
    assert result.returncode == 1
    assert "site.yaml:1:1: error: base_url 'javascript:alert(1)//' must be an http(s) URL" in (
        result.stderr)
    for path in out.rglob("*"):
        if path.is_file():
            assert b"javascript:" not in path.read_bytes(), path


def test_an_unsafe_base_url_option_is_refused_before_writing(make_site, tmp_path: Path):
    site = make_site({"a.md": ARTICLE})
    out = tmp_path / "out"
    result = run("build", "--site", str(site), "--output", str(out),
                 "--base-url", "javascript:alert(1)//", cwd=tmp_path)
    assert result.returncode == 1
    assert "--base-url:1:1: error: base_url 'javascript:alert(1)//' must be an http(s)" in (
        result.stderr)
    assert not out.exists()
