"""Rendering in forked workers returns bytes to a sink and touches no disk itself."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from pathlib import Path

from sana_archive.config import SiteConfig
from sana_archive.render.env import Renderer, make_environment
from sana_archive.render.parallel import render_in_workers
from sana_archive.site.pages import PageSpec


def _digest_in_worker(rel: str, data: bytes) -> tuple[str, int]:
    """A sink that keeps nothing: what comes back is all the parent learns of the page."""
    return hashlib.sha256(data).hexdigest(), os.getpid()


def test_every_stale_page_reaches_the_sink_and_nothing_is_written(
    tmp_path: Path, monkeypatch
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ page.n }}</p>")
    (templates / "broken.html").write_text("{{ page.missing.deeper }}")
    monkeypatch.chdir(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    specs = [PageSpec(f"/p{n}/", "page.html", f"k{n}", lambda n=n: {"n": n}) for n in range(6)]
    specs.append(PageSpec("/feed.xml", "", "kf", lambda: {"n": 9}, encode=lambda v: b"<feed/>"))
    specs.append(PageSpec("/bad/", "broken.html", "kb", lambda: {}))
    stale = {f"p{n}/index.html" for n in (0, 2, 3, 5)} | {"feed.xml", "bad/index.html"}
    renderer = Renderer(make_environment([templates]), SiteConfig(), {})

    answers, problems = render_in_workers(specs, stale, renderer, 2, _digest_in_worker)

    got = {rel: digest for rel, (digest, _) in answers}
    expected = {
        f"p{n}/index.html": hashlib.sha256(f"<p>{n}</p>".encode()).hexdigest() for n in (0, 2, 3, 5)
    }
    expected["feed.xml"] = hashlib.sha256(b"<feed/>").hexdigest()
    assert got == expected  # stale pages only, each drawn once, bytes as the renderer makes
    assert {pid for _, (_, pid) in answers} - {os.getpid()}, "drawn in the workers"
    assert os.getpid() not in {pid for _, (_, pid) in answers}
    assert [d.path for d in problems] == ["templates/broken.html"]
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


_parent_drew = multiprocessing.get_context("fork").Event()


def _pid_sink(rel: str, data: bytes) -> int:
    """Records who drew each page; a worker's first page waits until this process drew one,
    so the test sees both kinds of process draw, however the machine schedules them."""
    if os.getpid() == _PARENT:
        _parent_drew.set()
    else:
        _parent_drew.wait(30)
    return os.getpid()


_PARENT = os.getpid()


def test_this_process_draws_a_share_and_forks_one_worker_fewer(tmp_path: Path) -> None:
    """``jobs`` processes draw, this one included: a forked worker copies most of the model
    as it reads it, so one worker fewer is one copy fewer at the build's peak."""
    from sana_archive.render import parallel

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ page.n }}</p>")
    count = 4 * parallel.CHUNK + 3
    specs = [PageSpec(f"/p{n}/", "page.html", f"k{n}", lambda n=n: {"n": n}) for n in range(count)]
    stale = {f"p{n}/index.html" for n in range(count) if n != 5}
    renderer = Renderer(make_environment([templates]), SiteConfig(), {})
    _parent_drew.clear()

    answers, problems = render_in_workers(specs, stale, renderer, 2, _pid_sink)

    assert problems == []
    # Each stale page once, in plan order, whichever process drew it.
    assert [rel for rel, _ in answers] == [f"p{n}/index.html" for n in range(count) if n != 5]
    drew = {pid for _, pid in answers}
    assert os.getpid() in drew
    assert len(drew - {os.getpid()}) == 1  # two processes in all: this one and one worker
    first = {rel for rel, pid in answers[: parallel.CHUNK] if pid != os.getpid()}
    assert len(first) == parallel.CHUNK  # the worker's own first chunk


def test_what_the_caller_froze_stays_frozen_after_the_workers(tmp_path: Path) -> None:
    """Unfreezing is all or nothing: a build that froze its model before drawing keeps it
    frozen (it gives it back when it ends); with nothing frozen before, nothing is after."""
    import gc

    specs = [PageSpec(f"/p{n}/", "", f"k{n}", lambda n=n: {"n": n},
                      encode=lambda view: str(view["n"]).encode()) for n in range(4)]
    stale = {f"p{n}/index.html" for n in range(4)}
    renderer = Renderer(make_environment([]), SiteConfig(), {})
    gc.unfreeze()
    render_in_workers(specs, stale, renderer, 2, _digest_in_worker)
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        assert gc.get_freeze_count() > 0
        answers, _ = render_in_workers(specs, stale, renderer, 2, _digest_in_worker)
        assert gc.get_freeze_count() > 0  # not given back: unfreezing would empty it
        assert len(answers) == 4
    finally:
        gc.unfreeze()
