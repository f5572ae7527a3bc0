"""Cases 1 and 3 of issue 16: file names that are not UTF-8 or that hold control characters.

Such a file is skipped with an error that names it, escaped (a byte that is not UTF-8 as
``\\xNN``, ESC as ``\\x1b``), and everything else is built, with or without the cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sana_archive.controls import printable
from sana_archive.model import Diagnostic
from tests.conftest import REPO, parse_page

GOOD = "---\ntitle: Good one\ndate: 2017-03-01\n---\nDamascus, SANA – The good article.\n"
BAD = b"---\ntitle: t\n---\nbody\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sana_archive", *args], cwd=cwd, capture_output=True,
        timeout=120, env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_a_file_name_that_is_not_utf8_is_an_error_and_the_rest_builds(
    make_site, tmp_path: Path, cache: bool
):
    site = make_site({"good.md": GOOD})
    os.makedirs(os.fsencode(site / "content") + b"/d\xe9j\xe0", exist_ok=True)
    with open(os.fsencode(site / "content") + b"/\xe9.md", "wb") as handle:
        handle.write(BAD)
    with open(os.fsencode(site / "content") + b"/d\xe9j\xe0/inside.md", "wb") as handle:
        handle.write(BAD)
    out = tmp_path / "out"
    flags = [] if cache else ["--no-cache"]
    for _ in range(2):  # a cold build and a rebuild
        result = run("build", "--site", str(site), "--output", str(out), "--no-search", *flags,
                     cwd=tmp_path)
        stderr = result.stderr.decode("utf-8")  # printable: never a byte that is not UTF-8
        assert result.returncode == 1, stderr
        assert "Traceback" not in stderr
        assert "content/\\xe9.md:1:1: error: file name is not valid UTF-8; skipped" in stderr
        assert "content/d\\xe9j\\xe0:1:1: error: file name is not valid UTF-8" in stderr
        assert "Good one" in parse_page(out / "statements" / "good" / "index.html").text
    assert "content/" in (out / "data" / "statements.csv").read_text(encoding="utf-8")
    check = run("check", "--site", str(site), cwd=tmp_path)
    assert check.returncode == 1 and b"\\xe9.md" in check.stderr


def test_printable_escapes_what_a_terminal_would_obey():
    assert printable("content/a.md") == "content/a.md"
    assert printable("فيصل/مقداد.md") == "فيصل/مقداد.md"
    assert printable("a\x1b[2Jb\nc\rd\x07") == "a\\x1b[2Jb\\nc\\rd\\x07"
    assert printable("evil\u202egnp.md") == "evil\\u202egnp.md"
    assert printable(os.fsdecode(b"caf\xe9.md")) == "caf\\xe9.md"
    line = Diagnostic("content/x\n1.md", 1, 1, "warning", "speaker not in registry: A\x1b]0;t\x07")
    assert line.format() == (
        "content/x\\n1.md:1:1: warning: speaker not in registry: A\\x1b]0;t\\x07")


def test_registry_values_lose_their_control_characters():
    from sana_archive.content.registries import build_registries

    texts = {"speakers.yaml": '- name: "Orla \\e[31mVinter"\n  aliases: [Vinter]\n',
             "locations.yaml": None, "topics.yaml": None}
    registries, problems = build_registries(texts, "content/_data")
    assert registries.canonical_speaker("Vinter") == "Orla Vinter"
    assert [p.format() for p in problems] == [
        'content/_data/speakers.yaml:1:9: warning: control characters removed from '
        '"Orla \\x1b[31mVinter"']
