"""After any sequence of edits settles, serve serves exactly what a fresh build writes."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from sana_archive.build import build
from sana_archive.engine.writers import MARKER
from tests.serve.conftest import article, get
from tests.serve.test_live import strip_script

SPEAKERS = ["Sergey Lavrov", "Walid al-Moallem", "Adel al-Jubeir"]
PLACES = ["Moscow", "Damascus", "Geneva"]
DATES = ["2015-10-19", "2016-02-03", "2017-07-21"]
# Swapping Geneva's canonical spelling: the same article bytes now read "Genève".
GENEVA = ("{name: Geneva, aliases: [Genève, Geneve]", "{name: Genève, aliases: [Geneva, Geneve]")


def random_article(rnd: random.Random, n: int) -> str:
    return article(
        f"Statement {n} on {rnd.choice(['talks', 'aid', 'security'])}",
        speaker=rnd.choice(SPEAKERS),
        location=rnd.choice(PLACES),
        date=rnd.choice(DATES),
        what=rnd.choice(["talks would go on", "aid must reach everyone", "peace is near"]),
    )


def apply_random_edit(rnd: random.Random, site: Path, step: int) -> None:
    content = site / "content" / "sana"
    existing = sorted(content.glob("*.*"))
    choice = rnd.choice(
        ["create", "edit", "edit", "rename", "delete", "template", "css", "registry"]
    )
    if choice == "create" or not existing:
        (content / f"new{step}.txt").write_text(random_article(rnd, step))
    elif choice == "edit":
        rnd.choice(existing).write_text(random_article(rnd, step))
    elif choice == "rename":
        source = rnd.choice(existing)
        source.rename(content / f"moved{step}{rnd.choice(['.txt', '.md'])}")
    elif choice == "delete" and len(existing) > 1:
        rnd.choice(existing).unlink()
    elif choice == "registry":  # same article bytes, another canonical name: all reparsed
        registry = site / "content" / "_data" / "locations.yaml"
        text = registry.read_text()
        old, new = GENEVA if GENEVA[0] in text else GENEVA[::-1]
        registry.write_text(text.replace(old, new))
    elif choice == "template":
        partial = site / "templates" / "base.html"
        text = partial.read_text()
        partial.write_text(text.replace("</body>", f"<!-- edit {step} --></body>", 1))
    else:
        with open(site / "static" / "style.css", "a") as handle:
            handle.write(f"\n.edit-{step} {{ color: red; }}\n")


def files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and not p.relative_to(root).as_posix().startswith("pagefind/")
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_served_site_equals_a_fresh_build_after_random_edits(make_site, preview, tmp_path, seed):
    rnd = random.Random(seed)
    site = make_site({f"sana/a{n}.txt": random_article(rnd, n) for n in range(3)})
    running = preview(site)
    port = running.server.server_address[1]
    for step in range(6):
        apply_random_edit(rnd, site, step)
        time.sleep(rnd.choice([0.0, 0.02, 0.15]))  # some edits land mid-build
    time.sleep(0.2)
    assert running.loop.settle()

    fresh = tmp_path / f"fresh{seed}"
    report = build(site, fresh, use_cache=False)
    assert report.errors == 0, [d.format() for d in report.diagnostics]
    expected = files(fresh)
    assert files(running.output) == expected
    for rel in sorted(expected - {MARKER}):  # the build's marker is hidden: never served
        status, _, body = get(port, "/" + rel)
        assert status == 200, rel
        assert strip_script(body) == (fresh / rel).read_bytes(), rel
