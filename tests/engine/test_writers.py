"""The one write helper: no path escapes the output, JSON cannot break out of <script>."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from sana_archive.engine.writers import (
    InPlaceOutput,
    OutputError,
    ProbedOutput,
    StagedOutput,
    WorkerWrites,
    safe_relative,
)
from sana_archive.render.env import json_for_script, make_environment

HOSTILE = ["../x", "../../tmp/x", "/etc/passwd", "a/../../x", "a/./b", "a//b", "a\\..\\x",
           "\\x", "a\x00b", "", ".", "..", "a/", "a/..", "C:\\x"]


@pytest.mark.parametrize("rel", HOSTILE)
def test_safe_relative_rejects_escapes(rel: str):
    with pytest.raises(OutputError, match="unsafe output path"):
        safe_relative(rel)


@pytest.mark.parametrize("rel", ["index.html", "statements/a/index.html", "static/.x.css",
                                 "a..b/c", "é/ب.html"])
def test_safe_relative_accepts_ordinary_paths(rel: str):
    assert safe_relative(rel) == rel


@pytest.mark.parametrize("kind", [StagedOutput, InPlaceOutput])
def test_no_write_lands_outside_the_output(tmp_path: Path, kind):
    out = tmp_path / "out"
    out.mkdir()
    writer = kind(out)
    before = {p for p in tmp_path.rglob("*")}
    for rel in HOSTILE:
        with pytest.raises(OutputError):
            writer.write(rel, b"x")
    writer.write("ok/index.html", b"ok")
    writer.commit()
    # The replaced site is deleted in the background, from a sibling it was renamed to.
    deadline = time.monotonic() + 10
    while list(tmp_path.glob(".out.trash-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    created = {p for p in tmp_path.rglob("*")} - before
    assert created and all(p.is_relative_to(out) for p in created), created
    assert (out / "ok" / "index.html").read_bytes() == b"ok"


VALUES = [
    "</script><script>alert(1)</script>",
    "<!-- <script>",
    "a\u2028b\u2029c",
    "& &amp; <b>",
    {"k</script>": ["]]>", "'\"", None, 1.5, True]},
]


@pytest.mark.parametrize("value", VALUES)
def test_json_for_script_cannot_close_the_script(value):
    text = str(json_for_script(value))
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in text
    assert json.loads(text) == value


def test_json_filter_inside_a_template_round_trips(tmp_path: Path):
    (tmp_path / "t.html").write_text(
        '<script type="application/ld+json">{{ data|json_script }}</script><p>{{ data.t }}</p>'
    )
    env = make_environment([tmp_path])
    data = {"t": "</script><script>alert(1)</script>{{ 7*7 }}"}
    html = env.get_template("t.html").render(data=data)
    body = html.split(">", 1)[1].split("</script>", 1)[0]
    assert json.loads(body) == data
    assert html.count("<script") == 1
    assert "&lt;/script&gt;" in html and "{{ 7*7 }}" in html and "49" not in html


def test_autoescape_is_on_for_every_template(tmp_path: Path):
    (tmp_path / "x.xml").write_text("<t>{{ v }}</t>")
    (tmp_path / "y.txt").write_text("{{ v }}")
    env = make_environment([tmp_path])
    for name in ("x.xml", "y.txt"):
        assert "<b>" not in env.get_template(name).render(v="<b>")


def test_a_build_never_replaces_the_site_or_a_folder_of_other_files(make_site, tmp_path: Path):
    from sana_archive.build import build

    site = make_site({"a.txt": "Title\n\nMoscow, SANA – Lavrov said on Monday.\n"})
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"jpeg")
    for output in (site, site / "content", site / "content" / "out", tmp_path, foreign):
        report = build(site, output)
        assert report.errors == 1 and "choose" in report.diagnostics[0].message, output
    assert (site / "content" / "a.txt").is_file() and (site / "templates").is_dir()
    assert (foreign / "holiday.jpg").read_bytes() == b"jpeg"
    assert build(site, tmp_path / "fresh").errors == 0
    assert build(site, tmp_path / "fresh").errors == 0  # its own earlier output is fine


def test_a_staged_page_with_the_same_bytes_is_linked_from_the_old_site(tmp_path: Path):
    """A rebuild that redraws a page to the same bytes links it; a changed page is new."""
    out = tmp_path / "out"
    first = StagedOutput(out)
    for rel, data in (("a/index.html", b"same"), ("b/index.html", b"old"), ("c.txt", b"x")):
        first.write(rel, data)
    first.commit()
    inode = {rel: (out / rel).stat().st_ino for rel in ("a/index.html", "b/index.html")}
    second = StagedOutput(out)
    assert second.previous == out
    second.write("a/index.html", b"same")
    second.write("b/index.html", b"new!")  # same size, other bytes: written, not linked
    second.commit()
    assert (out / "a/index.html").stat().st_ino == inode["a/index.html"]
    assert (out / "b/index.html").stat().st_ino != inode["b/index.html"]
    assert (out / "b/index.html").read_bytes() == b"new!"
    assert not (out / "c.txt").exists()  # not written this time: gone, as before


def test_parallel_render_links_unchanged_pages_from_the_previous_output(tmp_path: Path):
    """The engine's sink, run in each render worker: new bytes written, the previous
    output's bytes linked, and with a probe the live site's bytes not written at all."""
    from sana_archive.config import SiteConfig
    from sana_archive.render.env import Renderer
    from sana_archive.render.parallel import render_in_workers
    from sana_archive.site.pages import PageSpec

    previous, staging = tmp_path / "out", tmp_path / "staging"
    (previous / "p0").mkdir(parents=True)
    (previous / "p0" / "index.html").write_bytes(b"page 0")
    (previous / "p1").mkdir()
    (previous / "p1" / "index.html").write_bytes(b"stale")
    staging.mkdir()
    specs = [
        PageSpec(f"/p{n}/", "data", f"k{n}", lambda n=n: {"n": n},
                 encode=lambda view: f"page {view['n']}".encode())
        for n in range(4)
    ]
    renderer = Renderer(make_environment([]), SiteConfig(), {})
    stale = {f"p{n}/index.html" for n in range(4)}
    sink = WorkerWrites(staging, previous=previous)
    import gc

    frozen = gc.get_freeze_count()
    answers, problems = render_in_workers(specs, stale, renderer, 2, sink)
    assert gc.get_freeze_count() == frozen  # frozen for the fork only, then given back
    assert problems == []
    assert sorted(answers) == [(f"p{n}/index.html", True) for n in range(4)]
    assert [(staging / f"p{n}/index.html").read_bytes() for n in range(4)] == [
        b"page 0", b"page 1", b"page 2", b"page 3"]
    assert (staging / "p0/index.html").stat().st_ino == (previous / "p0/index.html").stat().st_ino
    assert (staging / "p1/index.html").stat().st_ino != (previous / "p1/index.html").stat().st_ino

    # Probing instead: a page with the live bytes is not written at all.
    probed = tmp_path / "probed"
    probed.mkdir()
    answers, problems = render_in_workers(
        specs, stale, renderer, 2, WorkerWrites(probed, probe=previous)
    )
    assert sorted(answers) == [("p0/index.html", False)] + [
        (f"p{n}/index.html", True) for n in (1, 2, 3)]
    assert not (probed / "p0").exists()
    assert (probed / "p3/index.html").read_bytes() == b"page 3"


def test_a_probed_rebuild_moves_only_changed_files_into_the_live_site(tmp_path: Path):
    out = tmp_path / "out"
    first = StagedOutput(out)
    for n in range(5):
        first.write(f"p{n}/index.html", f"page {n}".encode())
    first.commit()
    inodes = {n: (out / f"p{n}/index.html").stat().st_ino for n in range(5)}

    probe = ProbedOutput(out)
    probe.write("p0/index.html", b"page 0")  # same bytes: noted, not written
    probe.write("p1/index.html", b"page one")  # changed
    probe.keep("p2/index.html")
    assert probe.fresh == {"p1/index.html"} and not (probe.staging / "p0").exists()
    live = probe.settle(in_place=True)
    assert isinstance(live, InPlaceOutput) and live.changed == {"p1/index.html"}
    live.remove_others({f"p{n}/index.html" for n in range(5)})
    live.commit()
    assert (out / "p1/index.html").read_bytes() == b"page one"
    assert (out / "p0/index.html").stat().st_ino == inodes[0]
    assert not (out / "p3").exists() and not probe.staging.exists()

    probe = ProbedOutput(out)
    probe.write("p0/index.html", b"page 0")
    probe.write("p1/index.html", b"page 1 again")
    staged = probe.settle(in_place=False)  # many changes: a whole site in staging, swapped
    assert isinstance(staged, StagedOutput)
    staged.commit()
    assert sorted(p.parent.name for p in out.rglob("index.html")) == ["p0", "p1"]
    assert (out / "p0/index.html").stat().st_ino == inodes[0]
    assert (out / "p1/index.html").read_bytes() == b"page 1 again"
