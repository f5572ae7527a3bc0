"""Case 7 of issue 16: a build killed with SIGKILL leaves no process behind.

Only the build process itself is killed (not its process group, as a supervisor or the
OOM killer would): its pool workers and its Pagefind must end with it, at once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_faults import archive

pytestmark = pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")


def children(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.update(int(c) for c in handle.read().split())
    except OSError:
        pass
    return found


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def alive(pid: int) -> bool:
    """Running, not a zombie (a container's init may be slow to reap)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start(site: Path, out: Path, *extra: str, path: str = "") -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "sana_archive", "build", "--site", str(site), "--output",
         str(out), "--quiet", *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": path + str(REPO / "src")},
    )


def kill_parent_when(process: subprocess.Popen[bytes], ready, limit: float = 120) -> set[int]:
    """SIGKILL the build alone once ``ready(children)`` holds; the children it had."""
    deadline = time.monotonic() + limit
    while process.poll() is None and time.monotonic() < deadline:
        kids = children(process.pid)
        if ready(kids):
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            return kids
        time.sleep(0.005)
    raise AssertionError("the build ended before its children were seen")


def assert_gone(pids: set[int], within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.05)
    left = [pid for pid in pids if alive(pid)]
    for pid in left:  # leave no stray process to the rest of the run
        os.kill(pid, signal.SIGKILL)
    assert not left, f"still running after the build was killed: {left}"


def test_pool_workers_die_with_a_killed_build(make_site, tmp_path: Path):
    site = make_site(archive(450))  # past the size at which reading runs in a pool
    process = start(site, tmp_path / "out", "--jobs", "2", "--no-search")
    workers = kill_parent_when(process, lambda kids: len(kids) >= 2)
    assert_gone(workers)


def test_pagefind_dies_with_a_killed_build(make_site, tmp_path: Path):
    """A stand-in Pagefind binary that would run a minute (the real one may finish before
    it can be caught; what is tested is how it is started): it writes its pid, then
    becomes ``sleep``."""
    fake = tmp_path / "fake"
    (fake / "pagefind_bin").mkdir(parents=True)
    binary = fake / "pagefind"
    pid_file = tmp_path / "pagefind.pid"
    binary.write_text(f'#!/bin/sh\necho $$ > "{pid_file}"\nexec sleep 60\n')
    binary.chmod(0o755)
    (fake / "pagefind_bin" / "__init__.py").write_text(
        f"def get_executable():\n    return {str(binary)!r}\n")
    site = make_site(archive(3))
    process = start(site, tmp_path / "out", path=f"{fake}{os.pathsep}")
    deadline = time.monotonic() + 120
    while not pid_file.is_file() or not pid_file.read_text().strip():
        assert process.poll() is None and time.monotonic() < deadline, "pagefind never ran"
        time.sleep(0.01)
    helper = int(pid_file.read_text())
    assert alive(helper)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert_gone({helper})


def test_the_python_launcher_execs_the_program():
    """Where ``setpriv`` is missing, the helper is started through ``sana_archive.lifeline``."""
    done = subprocess.run(
        [sys.executable, "-m", "sana_archive.lifeline", str(os.getpid()), "/bin/echo", "ran"],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert done.returncode == 0 and done.stdout == "ran\n", done.stderr
