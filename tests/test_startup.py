"""What a fresh process imports: a no-change rebuild loads none of the reader, inference,
Markdown, site model, planner, renderer or Jinja.

Importing them took ~0.25 s of a no-change rebuild that has one second at 100,000 articles
(issue 17), and every command paid it at start-up. Each check runs the CLI in a new
process and reads its ``sys.modules``; the edit build beside it shows the probe does see
those imports when a build needs them.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from sana_archive.build import build
from tests.test_incremental import wire_story

# Modules only a build with something to redo needs.
HEAVY = (
    "jinja2",
    "markdown_it",
    "nh3",
    "slugify",
    "sana_archive.content.reader",
    "sana_archive.inference",
    "sana_archive.site.graph",
    "sana_archive.render.env",
    "sana_archive.outputs.data",
    "sana_archive.engine.draw",
    "sana_archive.engine.plan",
    "sana_archive.engine.redraw",
    "sana_archive.engine.search",
)

PROBE = """
import json, sys
from sana_archive.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as stop:  # --help, --version
    status = stop.code
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def run_cli(*args: str) -> tuple[int, set[str], str]:
    """The exit status of ``sana-archive ARGS`` in a new process, the modules it imported,
    and what it printed before them."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False
    )
    *printed, last = done.stdout.strip().split("\n")
    probe = json.loads(last)
    return probe["status"], set(probe["modules"]), "\n".join([*printed, done.stderr])


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(h for h in HEAVY if h in modules)


def test_a_no_change_rebuild_imports_nothing_it_does_not_use(make_site, tmp_path: Path):
    rng = random.Random(17)
    site = make_site({f"{n:03d}.txt": wire_story(n, rng) for n in range(8)},
                     config="search: false\n")  # fmt: skip
    out = tmp_path / "out"
    assert build(site, out).errors == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    args = ("build", "--site", str(site), "--output", str(out), "--timings")

    status, modules, printed = run_cli(*args)
    assert status == 0, printed
    assert "timings: read" in printed and "render" not in printed  # the no-change path
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before
    assert heavy_in(modules) == []

    # The probe sees them when a build uses them: an edited statement is read and drawn;
    # markdown-it only for a story that is more than plain paragraphs.
    path = site / "content" / "003.txt"
    path.write_text(path.read_text() + "\nA sentence added to the story.\n")
    status, modules, printed = run_cli(*args)
    assert status == 0, printed
    assert "render" in printed
    assert heavy_in(modules) == sorted(set(HEAVY) - {"markdown_it"})
    path.write_text(path.read_text() + "\nAnd one with *emphasis* in it.\n")
    status, modules, printed = run_cli(*args)
    assert status == 0, printed
    assert heavy_in(modules) == sorted(HEAVY)


def test_the_command_line_starts_without_the_build_machinery() -> None:
    status, modules, printed = run_cli("build", "--help")
    assert status == 0 and "--no-search" in printed
    assert heavy_in(modules) == []
