"""Case 4 of issue 16: a build replaces only a folder it wrote itself, and says no loudly.

A folder that merely holds ``index.html`` and ``sitemap.xml`` is someone else's until it
carries the marker a build writes; every refusal is an exit status of 1; an output that is
a symlink (a deploy folder) is built through, never swapped for a real folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sana_archive.engine.writers import MARKER
from tests.conftest import REPO, parse_page

ARTICLE = "---\ntitle: Title\n---\nMoscow, SANA – Foreign Minister Sergey Lavrov said on Monday.\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sana_archive", *args], cwd=cwd, capture_output=True,
        text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )


def test_a_folder_that_only_looks_like_a_build_is_refused(make_site, tmp_path: Path):
    site = make_site({"a.txt": ARTICLE})
    victim = tmp_path / "v"
    victim.mkdir()
    (victim / "index.html").write_text("<p>mine</p>")
    (victim / "sitemap.xml").write_text("<urlset/>")
    (victim / "important.txt").write_text("DATA\n")
    result = run("build", "--site", str(site), "--output", str(victim), "--no-search",
                 cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert f"{victim}:1:1: error: {victim} already holds files that no build wrote" in (
        result.stderr)
    assert (victim / "important.txt").read_text() == "DATA\n"
    assert (victim / "index.html").read_text() == "<p>mine</p>"
    assert sorted(p.name for p in victim.iterdir()) == ["important.txt", "index.html",
                                                        "sitemap.xml"]


def test_a_folder_a_build_wrote_is_rebuilt_and_carries_the_marker(make_site, tmp_path: Path):
    site = make_site({"a.txt": ARTICLE})
    out = tmp_path / "out"
    for _ in range(2):
        result = run("build", "--site", str(site), "--output", str(out), "--no-search",
                     cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert (out / MARKER).read_text().startswith("This folder was written by sana-archive")
    # Without the marker the folder is no longer known to be ours.
    (out / MARKER).unlink()
    again = run("build", "--site", str(site), "--output", str(out), "--no-search", cwd=tmp_path)
    assert again.returncode == 1 and "no build wrote" in again.stderr


def test_refusals_of_the_site_itself_exit_1(make_site, tmp_path: Path):
    site = make_site({"a.txt": ARTICLE})
    for output in (site, site / "content" / "out", site / "content" / "a.txt"):
        result = run("build", "--site", str(site), "--output", str(output), cwd=tmp_path)
        assert result.returncode == 1, (output, result.stderr)
        assert "error:" in result.stderr and "Traceback" not in result.stderr
    assert (site / "content" / "a.txt").read_text() == ARTICLE


def test_a_symlinked_output_is_built_through(make_site, tmp_path: Path):
    site = make_site({"a.txt": ARTICLE})
    deploy = tmp_path / "deploy" / "www"
    deploy.mkdir(parents=True)
    link = tmp_path / "build"
    link.symlink_to(deploy, target_is_directory=True)
    for _ in range(2):  # the first build fills the empty folder, the second replaces it
        result = run("build", "--site", str(site), "--output", str(link), "--no-search",
                     cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert link.is_symlink() and os.readlink(link) == str(deploy)
        assert (deploy / MARKER).is_file()
        assert "Lavrov" in parse_page(deploy / "statements" / "a" / "index.html").text
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".build.")
                and "trash" not in p.name and p.name != ".build.lock"]


def test_a_dangling_symlinked_output_is_refused(make_site, tmp_path: Path):
    site = make_site({"a.txt": ARTICLE})
    link = tmp_path / "build"
    link.symlink_to(tmp_path / "nowhere")
    result = run("build", "--site", str(site), "--output", str(link), cwd=tmp_path)
    assert result.returncode == 1
    assert "is a symlink to a folder that does not exist" in result.stderr
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()


def test_serve_refuses_a_foreign_folder_and_exits_1(make_site, tmp_path: Path):
    site = make_site({"a.txt": ARTICLE})
    victim = tmp_path / "v"
    victim.mkdir()
    (victim / "important.txt").write_text("DATA\n")
    result = run("serve", "--site", str(site), "--output", str(victim), "--port", "0",
                 cwd=tmp_path)
    assert result.returncode == 1
    assert "no build wrote" in result.stderr
    assert (victim / "important.txt").read_text() == "DATA\n"
