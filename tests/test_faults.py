"""Faults with real processes: kill -9, a full disk, files changing under a build, two builds
at once, a corrupt cache. The previous site always survives, and the next build is right."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sana_archive.content.discover import SourceFile, read_source
from sana_archive.content.reader import read_article
from sana_archive.engine.cache import cache_path
from sana_archive.engine.writers import build_lock
from sana_archive.registry import Registries
from tests.conftest import REPO, parse_page

PEOPLE = ("Sergey Lavrov", "Faisal Mekdad", "Walid al-Moallem", "Bashar Jaafari")
PLACES = ("Moscow", "Damascus", "Geneva", "Nur-Sultan")


def archive(count: int, edition: str = "") -> dict[str, str]:
    files = {}
    for i in range(count):
        who, where = PEOPLE[i % 4], PLACES[i % 4]
        files[f"a{i:03d}.md"] = (
            f"---\ntitle: Statement {i} on the talks{edition}\n"
            f"date: 2017-{1 + i % 12:02d}-{1 + i % 28:02d}\nspeakers: [{who}]\n"
            f"location: {where}\ntopics: [Topic {i % 9}]\n---\n"
            f"{where}, SANA – Foreign Minister {who} said on Monday that talks {i} were "
            f"useful{edition}.\n\n\"We will continue,\" {who} said.\n"
        )
    return files


def tree(root: Path) -> dict[str, str]:
    """Every output file's digest; Pagefind's index is left out as it is not deterministic
    (search.py carries it over or swaps it whole, so it is never a mix either)."""
    return {
        rel: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not (rel := p.relative_to(root).as_posix()).startswith("pagefind/")
    }


def cli(*args: str, **kwargs) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sana_archive", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")}, **kwargs,
    )


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sana_archive", *args], capture_output=True, text=True,
        timeout=300, env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )


def write_content(site: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (site / "content" / rel).write_text(text, encoding="utf-8")


def count_files(folder: Path) -> int:
    try:
        return sum(len(files) for _, _, files in os.walk(folder))
    except OSError:
        return 0


@pytest.fixture
def big_site(make_site):
    return make_site(archive(300))


def kill_when(process: subprocess.Popen[str], ready, limit: float = 60) -> bool:
    """kill -9 the build (and anything it started) once ``ready()``; False if it ended first."""
    deadline = time.monotonic() + limit
    while process.poll() is None and time.monotonic() < deadline:
        if ready():
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.001)
    process.wait()
    return False


def test_kill_9_at_any_moment_leaves_the_previous_site_and_the_next_build_is_right(
    big_site: Path, tmp_path: Path
):
    out = tmp_path / "out"
    first = run("build", "--site", str(big_site), "--output", str(out), "--quiet")
    assert first.returncode == 0, first.stderr
    before = tree(out)
    total = len(before)
    assert total > 400  # enough files that a kill can land mid-render
    staging = tmp_path / ".out.staging"
    write_content(big_site, archive(300, " (revised)"))  # every page changes: a staged build

    started = time.monotonic()
    swapped: dict[str, str] | None = None
    points = {
        "early": lambda: time.monotonic() - started > 0.15,
        "staging begun": lambda: count_files(staging) > 0,
        "mid-render": lambda: count_files(staging) > total // 2,
        "near the swap": lambda: count_files(staging) >= total - 5,
    }
    for name, ready in points.items():
        started = time.monotonic()
        process = cli("build", "--site", str(big_site), "--output", str(out), "--quiet")
        killed = kill_when(process, ready)
        now = tree(out)
        if name == "near the swap" and now != before:
            swapped = now  # the exchange is atomic: compared with a whole new site below
        else:
            assert killed, f"build finished before the {name} kill"
            assert now == before, f"killed {name}: the previous site changed"
        home = parse_page(out / "index.html")
        assert "Statement" in home.text

    final = run("build", "--site", str(big_site), "--output", str(out), "--quiet")
    assert final.returncode == 0, final.stderr
    clean = tmp_path / "clean" / "out"
    fresh = run("build", "--site", str(big_site), "--output", str(clean), "--no-cache", "--quiet")
    assert fresh.returncode == 0, fresh.stderr
    assert tree(out) == tree(clean)
    assert swapped is None or swapped == tree(clean)
    assert "(revised)" in parse_page(out / "index.html").text


def test_kill_9_during_an_in_place_update_is_followed_by_a_correct_build(
    big_site: Path, tmp_path: Path
):
    out = tmp_path / "out"
    assert run("build", "--site", str(big_site), "--output", str(out), "--quiet").returncode == 0
    write_content(big_site, {"a007.md": archive(8, " (edited)")["a007.md"]})
    process = cli("build", "--site", str(big_site), "--output", str(out), "--quiet")
    started = time.monotonic()
    kill_when(process, lambda: time.monotonic() - started > 0.4)
    final = run("build", "--site", str(big_site), "--output", str(out), "--quiet")
    assert final.returncode == 0, final.stderr
    clean = tmp_path / "clean" / "out"
    assert run("build", "--site", str(big_site), "--output", str(clean), "--no-cache",
               "--quiet").returncode == 0
    assert tree(out) == tree(clean)


@contextmanager
def small_disk(tmp_path: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` to fill up; the test skips where mounting is not allowed."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_full_disk_fails_clearly_and_keeps_the_previous_site(make_site, tmp_path: Path):
    with small_disk(tmp_path, "4m") as disk:
        site = make_site(archive(3))
        out = disk / "out"
        first = run("build", "--site", str(site), "--output", str(out), "--quiet")
        assert first.returncode == 0, first.stderr
        before = tree(out)
        write_content(site, archive(300, " — a much longer edition " + "x" * 2000))
        second = run("build", "--site", str(site), "--output", str(out), "--quiet")
        assert second.returncode == 1
        assert "Traceback" not in second.stderr, second.stderr
        assert "disk full" in second.stderr, second.stderr
        assert "the previous site was left as it was" in second.stderr
        assert tree(out) == before
        assert not (disk / ".out.staging").exists()


def test_read_source_on_a_vanished_file_is_a_warning(tmp_path: Path):
    path = tmp_path / "gone.md"
    path.write_text("text")
    source = SourceFile("content/gone.md", path, 4, 0)
    path.unlink()
    data, problem = read_source(source)
    assert data is None and problem is not None
    assert problem.format() == (
        "content/gone.md:1:1: warning: cannot read (No such file or directory); skipped")


def test_read_source_on_a_file_swapped_for_a_fifo_does_not_hang(tmp_path: Path):
    path = tmp_path / "swapped.md"
    os.mkfifo(path)  # discovery saw a regular file; a FIFO would block open() forever
    started = time.monotonic()
    data, problem = read_source(SourceFile("content/swapped.md", path, 10, 0))
    assert time.monotonic() - started < 1
    assert data is None and problem is not None
    assert problem.format() == "content/swapped.md:1:1: warning: no longer a regular file; skipped"


@pytest.mark.parametrize("cut", [0, 3, 4, 20, 35, 60])
def test_reader_on_a_truncated_file_never_raises(cut: int):
    data = ("---\ntitle: Truncated\ndate: 2017-01-01\n---\nDamascus, SANA – Minister "
            "Faisal Mekdad said the file was cut short “here").encode()[:cut]
    result = read_article("content/cut.md", data, Registries.build())
    assert all(d.path == "content/cut.md" for d in result.diagnostics)
    if result.article is None:
        assert result.diagnostics


def test_file_rewritten_while_the_build_reads_it(make_site, tmp_path: Path, monkeypatch):
    """A file deleted or rewritten between discovery and reading: the build goes on."""
    import sana_archive.content.load as load

    site = make_site(archive(5))
    real = load.read_source

    def meddling(source: SourceFile):
        if source.rel.endswith("a001.md"):
            Path(source.path).unlink()
        if source.rel.endswith("a002.md"):
            Path(source.path).write_text("---\ntitle: Rewritten\n---\nDamascus, SANA – New text.\n")
        return real(source)

    monkeypatch.setattr(load, "read_source", meddling)
    from sana_archive.build import build

    report = build(site, tmp_path / "out", jobs=1)
    assert report.articles == 4
    assert any(d.path == "content/a001.md" and "cannot read" in d.message
               for d in report.diagnostics)
    assert (tmp_path / "out" / "statements" / "a002" / "index.html").is_file()


def test_a_second_build_at_the_same_time_is_refused(make_site, tmp_path: Path):
    site = make_site(archive(3))
    out = tmp_path / "out"
    with build_lock(out):  # this test process is the first build
        second = run("build", "--site", str(site), "--output", str(out))
    assert second.returncode == 1
    assert f"error: another build is writing {out}" in second.stderr
    assert "wait for it to finish" in second.stderr
    assert not out.exists()
    assert run("build", "--site", str(site), "--output", str(out)).returncode == 0


def test_two_processes_never_interleave_output(big_site: Path, tmp_path: Path):
    out = tmp_path / "out"
    first = cli("build", "--site", str(big_site), "--output", str(out), "--quiet")
    while not (tmp_path / ".out.staging").exists() and first.poll() is None:
        time.sleep(0.001)
    # Held mid-write while the second starts: else a fast first build (or a slow start of
    # the second on a loaded machine) ends before the second asks for the lock.
    assert first.poll() is None, "the first build ended before its staging folder was seen"
    os.killpg(first.pid, signal.SIGSTOP)
    try:
        second = run("build", "--site", str(big_site), "--output", str(out), "--quiet")
    finally:
        os.killpg(first.pid, signal.SIGCONT)
    first.wait(timeout=120)
    assert first.returncode == 0
    assert second.returncode == 1 and "another build is writing" in second.stderr
    clean = tmp_path / "clean" / "out"
    assert run("build", "--site", str(big_site), "--output", str(clean), "--no-cache",
               "--quiet").returncode == 0
    assert tree(out) == tree(clean)


def test_same_input_in_other_folders_with_other_mtimes_is_byte_identical(make_site,
                                                                          tmp_path: Path):
    site = make_site(archive(40))
    other = tmp_path / "elsewhere" / "copy"
    shutil.copytree(site, other)
    for number, path in enumerate(sorted(other.rglob("*"))):
        os.utime(path, (1_000_000 + number, 1_000_000 + number * 7))
    a = run("build", "--site", str(site), "--output", str(tmp_path / "a" / "build"))
    b = run("build", "--site", str(other), "--output", str(tmp_path / "b" / "site-out"))
    assert a.returncode == b.returncode == 0
    assert tree(tmp_path / "a" / "build") == tree(tmp_path / "b" / "site-out")


@pytest.mark.parametrize("damage", ["truncate", "garbage", "rows"])
def test_corrupt_cache_is_detected_and_rebuilt(make_site, tmp_path: Path, damage: str):
    import sqlite3

    site = make_site(archive(20))
    out = tmp_path / "out"
    assert run("build", "--site", str(site), "--output", str(out)).returncode == 0
    db = cache_path(out)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    if damage == "truncate":
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 3])
    elif damage == "garbage":
        db.write_bytes(b"not a database" * 100)
    else:  # a readable database whose parsed articles are junk
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE sources SET result = x'80049500'")
    write_content(site, {"a003.md": archive(4, " (changed)")["a003.md"]})
    again = run("build", "--site", str(site), "--output", str(out))
    assert again.returncode == 0, again.stderr
    if damage != "rows":
        assert "cache unreadable" in again.stdout + again.stderr
    clean = tmp_path / "clean" / "out"
    assert run("build", "--site", str(site), "--output", str(clean), "--no-cache").returncode == 0
    assert tree(out) == tree(clean)


def test_disk_too_small_even_for_the_cache_is_a_message_not_a_traceback(make_site,
                                                                         tmp_path: Path):
    with small_disk(tmp_path, "512k") as disk:
        site = make_site(archive(3))
        result = run("build", "--site", str(site), "--output", str(disk / "out"), "--quiet")
        assert result.returncode == 1
        assert "Traceback" not in result.stderr, result.stderr
        assert "full" in result.stderr, result.stderr
        assert not (disk / ".out.staging").exists()
