"""The installed command, run as a user runs it: its exit code and everything it printed.

``cli.run`` ends the process with ``os._exit`` (tearing a 100,000-article model down took a
third of a second), so what it printed must be flushed first: with a pipe, the summary
line sits in a buffer that such an exit would simply drop.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import parse_page

GOOD = (
    "---\ntitle: Water talks resume\ndate: 2019-05-02\nspeakers: [Odile Ferrandez]\n"
    "location: Beirut\n---\nOdile Ferrandez said the talks on water had resumed.\n"
)
# No speaker written or found: built, and reported as a warning for an archivist.
UNKNOWN = "---\ntitle: A visit to the port\ndate: 2019-05-03\n---\nThe port was visited.\n"


# Streams buffered as a user's are (this suite may run with PYTHONUNBUFFERED set).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def command() -> list[str]:
    """The console script the package installs, beside this interpreter."""
    script = Path(sys.executable).with_name("sana-archive")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sana_archive"]


def test_the_command_prints_its_result_and_exits_with_its_code(make_site, tmp_path: Path):
    site = make_site({"water.md": GOOD, "port.md": UNKNOWN})
    out = tmp_path / "out"
    build = [*command(), "build", "--site", str(site), "--output", str(out), "--no-search"]
    done = subprocess.run(build, capture_output=True, text=True, timeout=300, check=False, env=ENV)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("built: 2 articles,"), done.stdout
    assert "content/port.md:5:1: warning: no speaker found" in done.stderr
    assert "A visit to the port" in parse_page(out / "index.html").text

    strict = subprocess.run([*build, "--strict"], capture_output=True, text=True, timeout=300,
                            check=False)
    assert strict.returncode == 1
    assert "(warnings are errors with --strict)" in strict.stderr
    assert "warning: no speaker found" in strict.stderr

    checked = subprocess.run([*command(), "check", "--site", str(site)], capture_output=True,
                             text=True, timeout=300, check=False, env=ENV)
    assert checked.returncode == 0
    assert checked.stdout.startswith("checked: 2 articles,"), checked.stdout
