"""An incremental build must equal a clean build, tree for tree, after any edits."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
from pathlib import Path

import pytest

from sana_archive.build import build
from sana_archive.engine.cache import cache_path

SPEAKERS = [
    ("Sergey Lavrov", "Russian Foreign Minister"),
    ("Walid al-Moallem", "Foreign and Expatriates Minister"),
    ("Mohammad Javad Zarif", "Iranian Foreign Minister"),
]
CITIES = ["Moscow", "Damascus", "Tehran", "Geneva"]


def wire_story(n: int, rng: random.Random) -> str:
    name, role = rng.choice(SPEAKERS)
    city = rng.choice(CITIES)
    day = rng.choice(["Monday", "Tuesday", "Wednesday"])
    date = (
        ""
        if n % 5 == 0
        else f"date: 20{rng.randint(10, 19)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n"
    )
    return (
        f"---\n{date}---\n"
        f"Statement number {n} on the crisis\n\n"
        f"{city}, SANA – {role} {name} said on {day} that talks must go on, "
        f"stressing “dialogue is the only way” in a press conference.\n\n"
        f"{name.split()[-1]} added that cooperation continues.\n\nHazem Sabbagh\n"
    )


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "pagefind" not in p.parts
    }


def built(make_site, tmp_path: Path, count: int, seed: int,
          config: str | None = None) -> tuple[Path, Path]:
    """A site of ``count`` wire stories, built once into ``tmp_path/out`` with the cache."""
    rng = random.Random(seed)
    site = make_site({f"{n:03d}.txt": wire_story(n, rng) for n in range(count)}, config=config)
    out = tmp_path / "out"
    build(site, out)
    return site, out


def clean_build(site: Path, where: Path) -> dict[str, str]:
    out = where / "clean"
    shutil.rmtree(out, ignore_errors=True)
    report = build(site, out, use_cache=False)
    assert report.mode == "staged"
    return tree(out)


def test_incremental_builds_equal_clean_builds_after_each_change(make_site, tmp_path: Path):
    rng = random.Random(7)
    site = make_site({f"a/{n:03d}.txt": wire_story(n, rng) for n in range(40)})
    out = tmp_path / "out"
    first = build(site, out)
    assert first.errors == 0 and first.parsed == 40
    assert tree(out) == clean_build(site, tmp_path)

    content = site / "content" / "a"
    steps = [
        ("edit", lambda: (content / "003.txt").write_text(wire_story(103, rng))),
        ("create", lambda: (content / "new.txt").write_text(wire_story(200, rng))),
        ("delete", lambda: (content / "007.txt").unlink()),
        ("rename", lambda: (content / "011.txt").rename(content / "zz-renamed.txt")),
        (
            "template",
            lambda: (site / "templates" / "article.html").write_text(
                (site / "templates" / "article.html")
                .read_text()
                .replace("Permalink:", "Permanent link:")
            ),
        ),
        (
            "registry",
            lambda: (site / "content" / "_data" / "speakers.yaml").write_text(
                (site / "content" / "_data" / "speakers.yaml").read_text()
                + "\n- name: Test Person\n  aliases: [T. Person]\n"
            ),
        ),
        (
            "config",
            lambda: (site / "site.yaml").write_text("title: Renamed Archive\npage_size: 7\n"),
        ),
        # With 7 to a page every term has several pages, and only page 1 sums the term up.
        ("edit with paging", lambda: (content / "020.txt").write_text(wire_story(120, rng))),
        ("delete with paging", lambda: (content / "021.txt").unlink()),
    ]
    for name, change in steps:
        change()
        report = build(site, out)
        assert report.errors == 0, (name, [d.format() for d in report.diagnostics])
        assert tree(out) == clean_build(site, tmp_path), f"differs after {name}"


def test_unchanged_rebuild_parses_and_renders_nothing(make_site, tmp_path: Path):
    rng = random.Random(3)
    site = make_site({f"{n:03d}.txt": wire_story(n, rng) for n in range(20)})
    out = tmp_path / "out"
    first = build(site, out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = build(site, out)
    assert (again.parsed, again.rendered, again.written, again.mode) == (0, 0, 0, "unchanged")
    assert (again.articles, again.pages) == (first.articles, first.pages)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before

    target = site / "content" / "005.txt"
    target.write_text(target.read_text().replace("talks must go on", "talks must resume"))
    edited = build(site, out)
    assert edited.parsed == 1
    assert 0 < edited.rendered < 20
    assert "talks must resume" in " ".join(
        p.read_text() for p in (out / "statements").rglob("index.html")
    )


def test_a_truncated_cache_is_detected_and_rebuilt(make_site, tmp_path: Path):
    site, out = built(make_site, tmp_path, 10, 5)
    db = cache_path(out)
    with open(db, "r+b") as handle:
        handle.truncate(1000)
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    report = build(site, out)
    assert report.parsed == 10  # nothing was trusted
    assert any("cache unreadable" in d.message for d in report.diagnostics)
    assert tree(out) == clean_build(site, tmp_path)


def test_a_touched_but_identical_file_still_builds_the_same(make_site, tmp_path: Path):
    site, out = built(make_site, tmp_path, 5, 9)
    path = site / "content" / "002.txt"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    report = build(site, out)
    assert report.parsed == 1 and report.written == 0


def test_an_edit_redraws_one_page_of_a_long_listing_not_all(make_site, tmp_path: Path):
    site, out = built(make_site, tmp_path, 120, 11, config="page_size: 10\nsearch: false\n")
    target = site / "content" / "050.txt"
    target.write_text(target.read_text().replace("talks must go on", "talks must resume"))
    report = build(site, out)
    sana_pages = sorted((out / "sources" / "sana").rglob("index.html"))
    assert len(sana_pages) == 12  # every statement is SANA's: twelve pages of ten
    assert report.rendered < 20, report.rendered  # 26 when every page summed the term up
    assert tree(out) == clean_build(site, tmp_path)


def test_an_unchanged_rebuild_reports_the_same_problems(make_site, tmp_path: Path):
    site = make_site({"a.txt": "---\ndate: 2017-02-30\n---\nMoscow, SANA – Text.\n",
                      "b.txt": wire_story(1, random.Random(1))})
    out = tmp_path / "out"
    first = build(site, out)
    again = build(site, out)
    assert again.mode == "unchanged"
    assert again.diagnostics == first.diagnostics
    assert any("does not exist" in d.message for d in again.diagnostics)  # --strict fails alike
    (out / "statements").rename(tmp_path / "moved")  # output changed behind the cache's back
    repaired = build(site, out)
    assert repaired.mode != "unchanged" and (out / "statements").is_dir()


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(make_site, tmp_path: Path):
    site, out = built(make_site, tmp_path, 6, 2)
    path = site / "content" / "003.txt"
    before = path.stat()
    text = path.read_text()
    path.write_text(text.replace("talks must go on", "talks must go up"))  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as cp -p or rsync -a do
    assert path.stat().st_size == before.st_size
    report = build(site, out)
    assert report.mode != "unchanged" and report.parsed == 1
    assert tree(out) == clean_build(site, tmp_path)


def test_renaming_a_file_whose_name_is_its_title_redraws_its_pages(make_site, tmp_path: Path):
    site = make_site({"old-name.txt": "---\nslug: fixed-slug\n---\nDamascus, SANA –\n",
                      "b.txt": wire_story(1, random.Random(4))})
    out = tmp_path / "out"
    build(site, out)
    (site / "content" / "old-name.txt").rename(site / "content" / "new-name.txt")
    build(site, out)
    assert "new-name" in (out / "statements" / "fixed-slug" / "index.html").read_text()
    assert tree(out) == clean_build(site, tmp_path)


def test_a_sentence_added_past_the_excerpt_redraws_no_listing(make_site, tmp_path: Path):
    """Listings show an excerpt: a later sentence changes the statement's own page, its
    feeds and the data files, not the term, date, related and home listings that show it."""
    site, out = built(make_site, tmp_path, 30, seed=5)
    path = site / "content" / "007.txt"
    long = " ".join(["The minister reviewed the situation in the region at length."] * 6)
    original = path.read_text().replace("\n\nHazem Sabbagh", f"\n\n{long}\n\nHazem Sabbagh")
    path.write_text(original)
    build(site, out)
    path.write_text(original + "\nHe said talks would resume next week.\n")
    tail = build(site, out)
    path.write_text(original.replace("talks must go on", "talks must resume"))
    excerpt = build(site, out)  # the same size of edit, inside the excerpt
    # 7 (its page, 3 feeds, 3 data files) against 19; 18 when listings keyed on content
    assert 0 < tail.rendered * 2 <= excerpt.rendered, (tail.rendered, excerpt.rendered)
    assert tree(out) == clean_build(site, tmp_path)


def test_a_cli_rebuild_encodes_only_the_edited_statements_rows(make_site, tmp_path, monkeypatch):
    """The data rows of unchanged statements come from the cache, not from re-encoding."""
    site, out = built(make_site, tmp_path, 20, seed=3, config="search: false\n")
    encoded = count_row_encodings(monkeypatch)
    path = site / "content" / "004.txt"
    path.write_text(path.read_text() + "\nHe said contacts would continue.\n")
    build(site, out)
    assert encoded == ["content/004.txt"]
    assert tree(out) == clean_build(site, tmp_path)


def count_row_encodings(monkeypatch) -> list[str]:
    """The source path of every statement whose data rows are encoded from here on."""
    import sana_archive.outputs.data as data

    encoded: list[str] = []
    real = data._rows

    def counting(article, url, permalink, line):
        encoded.append(article.source_path)
        return real(article, url, permalink, line)

    monkeypatch.setattr(data, "_rows", counting)
    return encoded


def test_rows_made_during_a_parallel_render_are_kept_for_the_next_build(
    make_site, tmp_path, monkeypatch
):
    """A first build that draws its pages in forked workers still leaves every statement's
    data rows in the cache: the next edit encodes only the edited statement's."""
    import sana_archive.engine.outputs as outputs

    monkeypatch.setattr(outputs, "PARALLEL_RENDER_MIN", 1)  # every build renders in workers
    rng = random.Random(5)
    site = make_site({f"{n:03d}.txt": wire_story(n, rng) for n in range(20)},
                     config="search: false\n")
    out = tmp_path / "out"
    assert build(site, out, jobs=2).errors == 0
    encoded = count_row_encodings(monkeypatch)
    path = site / "content" / "007.txt"
    path.write_text(path.read_text() + "\nHe said contacts would continue.\n")
    build(site, out, jobs=2)
    assert encoded == ["content/007.txt"]
    assert tree(out) == clean_build(site, tmp_path)


@pytest.mark.parametrize("fork_min", [1, 10**9], ids=["checked-in-a-child", "checked-here"])
def test_a_cli_rebuild_plans_from_the_last_site_in_the_cache(
    make_site, tmp_path, monkeypatch, fork_min
):
    """After one edit a CLI build plans only the regions the edit reaches, the last site
    rebuilt from the cache's copy of the edited statement, and still equals a clean build:
    for a new title (the statement moves in every listing), a new date, a deletion, and a
    page deleted by hand outside the edit (put back by planning everything), whether the
    pages are looked for by a forked child (``engine.presence``) or here."""
    import sana_archive.engine.plan as plan_module
    from sana_archive import forked
    from sana_archive.engine import presence

    monkeypatch.setattr(presence, "FORK_MIN", fork_min)
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)  # as in the CLI
    forks: list[bool] = []
    real_present = presence.PresenceCheck.present
    monkeypatch.setattr(
        presence.PresenceCheck,
        "present",
        lambda check: forks.append(check.forked) or real_present(check),
    )

    site, out = built(make_site, tmp_path, 60, seed=11, config="search: false\n")
    planned: list[int] = []
    real = plan_module.plan_specs

    def counting(derived, config, only, memo, registries=None):  # type: ignore[no-untyped-def]
        specs = real(derived, config, only, memo, registries)
        planned.append(len(specs))
        return specs

    monkeypatch.setattr(plan_module, "plan_specs", counting)
    whole = len(real(*_whole_plan_inputs(site)))
    edits = [
        ("007.txt", lambda t: t.replace("Statement number 7 on", "Retitled 7: on")),
        ("012.txt", lambda t: t.replace("date: 20", "date: 2009-01-01\nx-old: 20", 1)
         if "date:" in t else "---\ndate: 2009-01-01\n" + t[4:]),
        ("021.txt", None),
    ]
    for name, change in edits:
        path = site / "content" / name
        if change is None:
            path.unlink()
        else:
            path.write_text(change(path.read_text()))
        planned.clear()
        report = build(site, out)
        assert report.errors == 0, report.diagnostics
        assert planned and planned[0] < whole / 2, (name, planned, whole)
        assert tree(out) == clean_build(site, tmp_path), name
    # A page the next edit does not reach, deleted by hand, comes back.
    pages = (out / "statements").rglob("index.html")
    victim = next(p for p in pages if p.parent.name == "003")
    victim.unlink()
    path = site / "content" / "040.txt"
    path.write_text(path.read_text() + "\nHe said contacts would continue.\n")
    build(site, out)
    assert victim.is_file()
    assert tree(out) == clean_build(site, tmp_path)
    assert forks and all(forks) == (fork_min == 1)


def _whole_plan_inputs(site: Path):  # type: ignore[no-untyped-def]
    from sana_archive.build import BuildOptions, prepare
    from sana_archive.outputs.data import RowMemo
    from sana_archive.site.derived import Derived

    inputs, model, _, _ = prepare(site, BuildOptions(search=False))
    return Derived.of(model), inputs.config, None, RowMemo(), inputs.registries


def test_a_template_edit_that_changes_no_bytes_rewrites_nothing(make_site, tmp_path):
    """Every page is stale by fingerprint after a base.html edit; a comment changes no
    page's bytes, so nothing is written and the live site is kept, inode for inode."""
    site, out = built(make_site, tmp_path, 80, seed=5, config="search: false\n")
    home = (out / "index.html").stat().st_ino
    base = site / "templates" / "base.html"
    base.write_text(base.read_text() + "{# a note for the theme's next maintainer #}\n")
    report = build(site, out)
    assert report.rendered > 200 and report.mode == "in-place" and report.written == 0
    assert (out / "index.html").stat().st_ino == home
    assert tree(out) == clean_build(site, tmp_path)
    base.write_text(base.read_text().replace("</footer>", "<p>Curated.</p></footer>"))
    report = build(site, out)
    assert report.mode == "staged"
    assert tree(out) == clean_build(site, tmp_path)
    assert "Curated." in (out / "index.html").read_text()
