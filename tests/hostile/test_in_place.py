"""Case 5 of issue 16: an in-place update changes the live site only in its last step.

The writer's fault hook (``SANA_ARCHIVE_FAULT``) fails or kills the build at an exact
point, which timing alone would hit only by luck: a write that fails half-way through an
update leaves the previous site byte for byte; a kill between two renames of the final
pass leaves a mix, which the next build replaces whole.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sana_archive.engine.writers import FAULT_ENV
from tests.conftest import REPO, parse_page
from tests.test_faults import archive, tree, write_content


def run(*args: str, fault: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    if fault:
        env[FAULT_ENV] = fault
    return subprocess.run([sys.executable, "-m", "sana_archive", *args], capture_output=True,
                          text=True, timeout=300, env=env)


def edited_site(make_site, tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A built site of 60 statements, then one statement's speaker edited: an in-place
    update of its page, its speakers' pages and listings, the feeds and data files."""
    site = make_site(archive(60))
    out = tmp_path / "out"
    first = run("build", "--site", str(site), "--output", str(out), "--no-search")
    assert first.returncode == 0, first.stderr
    before = tree(out)
    text = archive(60)["a007.md"].replace("speakers: [Bashar Jaafari]", "speakers: [Ilse Marr]")
    assert text != archive(60)["a007.md"]
    write_content(site, {"a007.md": text})
    return site, out, before


def test_a_write_failing_mid_update_leaves_the_previous_site(make_site, tmp_path: Path):
    site, out, before = edited_site(make_site, tmp_path)
    failed = run("build", "--site", str(site), "--output", str(out), "--no-search",
                 fault="fail:write:3")
    assert failed.returncode == 1
    assert "disk full while writing" in failed.stderr, failed.stderr
    assert tree(out) == before  # not one page new: the two written first were never moved in
    assert not [p for p in out.rglob(".*.tmp")]
    again = run("build", "--site", str(site), "--output", str(out), "--no-search")
    assert again.returncode == 0, again.stderr
    assert "Ilse Marr" in parse_page(out / "statements" / "a007"
                                     / "index.html").text


def test_a_kill_between_renames_is_repaired_by_the_next_build(make_site, tmp_path: Path):
    site, out, before = edited_site(make_site, tmp_path)
    killed = run("build", "--site", str(site), "--output", str(out), "--no-search",
                 fault="kill:rename:2")
    assert killed.returncode == -signal.SIGKILL
    mixed = tree(out)
    assert mixed != before  # one rename landed: the README says so rather than promise more
    final = run("build", "--site", str(site), "--output", str(out), "--no-search")
    assert final.returncode == 0, final.stderr
    clean = tmp_path / "clean" / "out"
    fresh = run("build", "--site", str(site), "--output", str(clean), "--no-search",
                "--no-cache")
    assert fresh.returncode == 0, fresh.stderr
    assert tree(out) == tree(clean)


def test_the_edit_is_an_in_place_update(make_site, tmp_path: Path):
    """The two tests above exercise the in-place writer, not a staged build."""
    from sana_archive.build import build

    site, out, _ = edited_site(make_site, tmp_path)
    untouched = out / "statements" / "a001" / "index.html"
    inode = untouched.stat().st_ino
    report = build(site, out, search=False)
    assert report.errors == 0 and report.mode == "in-place"
    assert 2 < report.written < 100
    assert untouched.stat().st_ino == inode
