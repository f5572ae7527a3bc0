"""The two build stores behind one interface: what each keeps lets the next build skip work,
and the next build still equals a clean one."""

from __future__ import annotations

import random
import re
from pathlib import Path

from sana_archive.build import build
from sana_archive.engine import plan
from sana_archive.engine.cache import BuildCache, cache_path
from sana_archive.engine.memory import MemoryState
from sana_archive.site import graph, views
from tests.test_incremental import built, clean_build, tree, wire_story


def test_a_cli_text_edit_plans_from_the_last_site_without_building_it_again(
    make_site, tmp_path: Path, monkeypatch
) -> None:
    """A sentence added to a statement moves it in no index: the CLI's state puts this
    build's articles back into the last build's site index instead of making the site,
    takes the last site as this one with the old statement swapped back, plans only the
    regions the edit reaches, and writes what a clean build writes."""
    site, out = built(make_site, tmp_path, 40, seed=3, config="search: false\n")
    whole_sites: list[int] = []
    real_build_site = graph.build_site  # the states import it where they use it: spied at home
    monkeypatch.setattr(graph, "build_site", lambda a: whole_sites.append(1) or real_build_site(a))
    planned: list[int] = []
    real_specs = plan.plan_specs
    monkeypatch.setattr(
        plan, "plan_specs", lambda *a: planned.append(len(specs := real_specs(*a))) or specs
    )
    memo_loads: list[int] = []
    real_keys = BuildCache.view_keys
    monkeypatch.setattr(
        BuildCache, "view_keys", lambda c, k: memo_loads.append(1) or real_keys(c, k)
    )
    facts_made: list[int] = []
    real_facts = views.ArticleViews._facts_key
    monkeypatch.setattr(
        views.ArticleViews, "_facts_key", lambda v, i: facts_made.append(i) or real_facts(v, i)
    )
    path = site / "content" / "017.txt"
    path.write_text(path.read_text() + "\nA sentence added past the excerpt.\n")
    report = build(site, out)
    assert report.errors == 0 and report.mode == "in-place" and report.parsed == 1
    assert whole_sites == []  # the last site came from this one, not a second whole model
    # Listings are keyed from the last build's key columns, not the memo of keys by
    # digest: a facts key is made only for the edited statement (this version and, for
    # the last site, the one before).
    assert memo_loads == []
    assert 1 <= len(facts_made) <= 2 and len(set(facts_made)) == 1
    assert planned and planned[0] < report.pages / 4
    assert tree(out) == clean_build(site, tmp_path)
    # An edit that moves the statement in an index makes the site again, and still
    # writes what a clean build writes.
    clean_sites = len(whole_sites)  # the clean build made one
    path.write_text(re.sub(r"(?m)^date: .*$", "date: 2008-12-31", path.read_text()))
    assert build(site, out).errors == 0 and len(whole_sites) > clean_sites
    assert tree(out) == clean_build(site, tmp_path)
    assert build(site, out).mode == "unchanged"


def test_serve_and_cli_share_one_record_of_the_output(make_site, tmp_path: Path) -> None:
    """Builds through a kept MemoryState write through to the SQLite record, so a CLI build
    after them (and a serve build after a CLI one) sees what is really in the output."""
    rng = random.Random(5)
    site = make_site({f"{n:03d}.txt": wire_story(n, rng) for n in range(12)},
                     config="search: false\n")  # fmt: skip
    out = tmp_path / "out"
    state = MemoryState()
    assert build(site, out, state=state).mode == "staged"
    path = site / "content" / "004.txt"
    original = path.read_text()
    path.write_text(original + "\nServe saw this sentence.\n")
    state.saw_changes(["content/004.txt"])
    assert build(site, out, state=state).mode == "in-place"
    path.write_text(original)  # back as the CLI's record had it before serve
    cli = build(site, out)
    assert cli.errors == 0
    assert tree(out) == clean_build(site, tmp_path)
    path.write_text(original + "\nAnd then the CLI's.\n")
    build(site, out)
    state.saw_changes(["content/004.txt"])
    path.write_text(original)
    again = build(site, out, state=state)  # another process built in between: noticed
    assert again.errors == 0
    assert tree(out) == clean_build(site, tmp_path)
    cache = BuildCache(cache_path(out))
    try:
        assert not cache.dirty() and cache.plan_key() is not None
    finally:
        cache.close()


def test_the_cli_state_loads_templates_compiled_by_the_last_build(
    make_site, tmp_path: Path, monkeypatch
) -> None:
    """Templates are compiled once and kept beside the cache; the next CLI build loads them,
    and a template edited since is compiled again, never drawn from its stale code."""
    import jinja2

    site, out = built(make_site, tmp_path, 12, seed=5, config="search: false\n")
    kept = cache_path(out).with_suffix(".templates")
    assert any(kept.glob("*.cache"))
    compiled: list[str] = []
    real_compile = jinja2.Environment.compile
    monkeypatch.setattr(
        jinja2.Environment, "compile",
        lambda env, source, name=None, *a, **k: compiled.append(name) or real_compile(
            env, source, name, *a, **k),
    )
    story = site / "content" / "003.txt"
    story.write_text(story.read_text() + "\nOne more sentence.\n")
    assert build(site, out).errors == 0
    assert compiled == []
    home = site / "templates" / "home.html"
    home.write_text(home.read_text().replace(
        "{% block content %}", "{% block content %}<p>Freshly edited.</p>", 1))
    assert build(site, out).errors == 0
    assert "home.html" in compiled
    assert "Freshly edited." in (out / "index.html").read_text()
    assert tree(out) == clean_build(site, tmp_path)


def test_the_cli_state_forgets_the_rows_of_deleted_sources_only(
    make_site, tmp_path: Path, monkeypatch
) -> None:
    site, out = built(make_site, tmp_path, 12, seed=7, config="search: false\n")
    forgotten: list[int] = []
    real_forget = BuildCache.forget_sources
    monkeypatch.setattr(
        BuildCache, "forget_sources", lambda c, keep: forgotten.append(1) or real_forget(c, keep)
    )
    edited = site / "content" / "004.txt"
    edited.write_text(edited.read_text() + "\nOne sentence more.\n")
    assert build(site, out).errors == 0
    assert forgotten == []  # the edited source's own row is no stale row
    (site / "content" / "005.txt").unlink()
    assert build(site, out).errors == 0
    assert forgotten == [1]
    cache = BuildCache(cache_path(out))
    try:
        (rows,) = cache.db.execute("SELECT COUNT(*) FROM sources").fetchone()
    finally:
        cache.close()
    assert rows == 11
    assert tree(out) == clean_build(site, tmp_path)


def test_the_cli_keeps_the_sitemap_while_its_entries_are_the_same(
    make_site, tmp_path: Path, monkeypatch
) -> None:
    """The cache keeps a digest of the sitemap's entries: a text edit leaves the file as
    it is (not made, not rewritten), while a new date, a deleted sitemap or a build through
    ``serve`` in between makes it again, as a clean build writes it."""
    from sana_archive.engine import outputs

    site, out = built(make_site, tmp_path, 20, seed=11, config="search: false\n")
    made: list[int] = []
    real_sitemap = outputs.sitemap_xml
    monkeypatch.setattr(outputs, "sitemap_xml", lambda *a: made.append(1) or real_sitemap(*a))
    sitemap = out / "sitemap.xml"
    before = sitemap.stat().st_ino, sitemap.stat().st_mtime_ns
    path = site / "content" / "006.txt"
    path.write_text(path.read_text() + "\nOne more sentence, which no sitemap shows.\n")
    assert build(site, out).mode == "in-place"
    assert made == [] and (sitemap.stat().st_ino, sitemap.stat().st_mtime_ns) == before
    assert tree(out) == clean_build(site, tmp_path)
    made.clear()  # the clean build made its own

    path.write_text(re.sub(r"(?m)^date: .*$", "date: 2009-02-27", path.read_text()))
    build(site, out)
    assert made and "<lastmod>2009-02-27</lastmod>" in sitemap.read_text()
    assert tree(out) == clean_build(site, tmp_path)

    sitemap.unlink()
    path.write_text(path.read_text() + "\nAnd a sentence after the sitemap was deleted.\n")
    build(site, out)
    assert tree(out) == clean_build(site, tmp_path)

    # serve keeps no key: a CLI build after it makes the sitemap again rather than trust the
    # key the cache held before, which a build through serve may have made untrue.
    state = MemoryState()
    build(site, out, state=state)
    dated = path.read_text()
    path.write_text(re.sub(r"(?m)^date: .*$", "date: 2011-05-02", dated))
    state.saw_changes(["content/006.txt"])
    build(site, out, state=state)
    assert "<lastmod>2011-05-02</lastmod>" in sitemap.read_text()
    path.write_text(dated)  # the entries the cache's key was made of, before serve
    build(site, out)
    assert "<lastmod>2011-05-02</lastmod>" not in sitemap.read_text()
    assert tree(out) == clean_build(site, tmp_path)


def test_serve_primes_its_memos_without_encoding_rows_again(make_site, tmp_path, monkeypatch):
    """``prime`` (serve idle after its first build) keys every item and keeps the data rows'
    chunks the build made: it encodes no row again, and the first edit encodes one."""
    from tests.test_incremental import count_row_encodings

    rng = random.Random(23)
    site = make_site({f"{n:03d}.txt": wire_story(n, rng) for n in range(15)},
                     config="search: false\n")  # fmt: skip
    out = tmp_path / "out"
    state = MemoryState()
    assert build(site, out, state=state).errors == 0
    encoded = count_row_encodings(monkeypatch)
    state.prime()
    assert encoded == []
    path = site / "content" / "008.txt"
    path.write_text(path.read_text() + "\nHe said “the talks will resume”.\n")
    state.saw_changes(["content/008.txt"])
    assert build(site, out, state=state).errors == 0
    assert encoded == ["content/008.txt"]
    assert tree(out) == clean_build(site, tmp_path)
