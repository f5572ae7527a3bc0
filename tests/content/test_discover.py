"""Discovery: a sorted walk that skips editor droppings silently and odd files loudly."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from sana_archive.content.discover import (
    _PLAIN_ARTICLE,
    ARTICLE_SUFFIXES,
    DATA_DIR,
    DiscoveryMemo,
    SourceFile,
    discover,
    is_ignored_name,
    read_source,
    rediscover,
    unsafe_name,
)


def site_with(tmp_path: Path, names: list[str]) -> Path:
    content = tmp_path / "site" / "content"
    content.mkdir(parents=True)
    for name in names:
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Damascus, SANA – text.\n")
    return tmp_path / "site"


def test_walk_is_sorted_and_skips_hidden_and_editor_files_silently(tmp_path: Path):
    site = site_with(tmp_path, ["b.md", "a.txt", "sub/c.md", ".hidden.md", ".#a.md", "#a.md#",
                                "a.md~", ".a.md.swp", "a.md.bak", "4913", "notes.rst",
                                "_data/x.md", ".git/config.md"])
    found, problems = discover(site)
    assert [s.rel for s in found] == ["content/a.txt", "content/b.md", "content/sub/c.md"]
    assert problems == []


def test_symlinks_inside_are_followed_outside_are_not(tmp_path: Path):
    site = site_with(tmp_path, ["real.md"])
    content = site / "content"
    secret = tmp_path / "secret.md"
    secret.write_text("outside")
    (content / "inside-link.md").symlink_to(content / "real.md")
    (content / "outside-link.md").symlink_to(secret)
    (content / "outside-dir").symlink_to(tmp_path, target_is_directory=True)
    (content / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    found, problems = discover(site)
    assert [s.rel for s in found] == ["content/inside-link.md", "content/real.md"]
    assert [d.format() for d in problems] == [
        "content/dangling.md:1:1: warning: broken or looping symlink; skipped",
        "content/outside-dir:1:1: warning: symlink points outside content/; not followed",
        "content/outside-link.md:1:1: warning: symlink points outside content/; not followed",
    ]


def test_symlink_loops_and_fifos_are_skipped_with_a_message(tmp_path: Path):
    site = site_with(tmp_path, ["a/real.md"])
    content = site / "content"
    (content / "a" / "up").symlink_to(content, target_is_directory=True)
    (content / "me.md").symlink_to(content / "me.md")
    os.mkfifo(content / "pipe.md")
    os.mkfifo(content / "pipe.log")  # not an article name: not worth a message
    found, problems = discover(site)
    assert [s.rel for s in found] == ["content/a/real.md"]
    assert [d.format() for d in problems] == [
        "content/a/up:1:1: warning: symlink loop; skipped",
        "content/me.md:1:1: warning: broken or looping symlink; skipped",
        "content/pipe.md:1:1: warning: not a regular file (FIFO, socket or device); skipped",
    ]


def test_missing_content_folder_is_an_error(tmp_path: Path):
    found, problems = discover(tmp_path)
    assert found == []
    assert [d.format() for d in problems] == ["content:1:1: error: content folder not found"]


def test_read_source_reads_bytes_exactly(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbfA\r\nB\x00")
    assert read_source(SourceFile("content/a.md", path, 7, 0)) == (b"\xef\xbb\xbfA\r\nB\x00", None)


def test_ignored_names():
    assert is_ignored_name(".x.md") and is_ignored_name("x.md~") and is_ignored_name("x.swp")
    assert not is_ignored_name("x.md") and not is_ignored_name("x~y.md")


def test_rediscover_gives_what_a_full_walk_gives_for_plain_file_changes(tmp_path: Path):
    site = site_with(tmp_path, ["b.md", "sub/c.md", "sub/d.md"])
    before, _ = discover(site)
    (site / "content" / "b.md").write_text("Damascus, SANA – longer text now.\n")
    (site / "content" / "sub" / "d.md").unlink()
    (site / "content" / "new").mkdir()
    (site / "content" / "new" / "e.txt").write_text("Moscow, SANA – new.\n")
    (site / "content" / "a.md").write_text("Moscow, SANA – first.\n")
    changed = ["content/b.md", "content/sub/d.md", "content/new/e.txt", "content/a.md"]
    again = rediscover(site, before, changed)
    assert again == discover(site)[0]
    assert [s.rel for s in again] == [
        "content/a.md", "content/b.md", "content/new/e.txt", "content/sub/c.md"
    ]


def test_rediscover_hands_anything_unusual_back_to_the_full_walk(tmp_path: Path):
    site = site_with(tmp_path, ["a.md", "sub/c.md"])
    before, _ = discover(site)
    os.symlink(site / "content" / "a.md", site / "content" / "link.md")
    assert rediscover(site, before, ["content/link.md"]) is None  # a symlink: walk's rules
    assert rediscover(site, before, ["content/sub"]) is None  # a folder
    assert rediscover(site, before, ["content/gone/x.md"]) is None  # unknown and gone
    assert rediscover(site, before, ["content/_data/speakers.yaml"]) is None
    assert rediscover(site, before, ["content/.a.md.swp"]) is None


def test_discovery_memo_walks_unless_a_watcher_reports_changes(tmp_path: Path):
    site = site_with(tmp_path, ["a.md"])
    memo = DiscoveryMemo()
    memo.discover(site)
    (site / "content" / "b.md").write_text("Moscow, SANA – unseen by any watcher.\n")
    assert [s.rel for s in memo.discover(site)[0]] == ["content/a.md", "content/b.md"]
    memo.watching = True
    memo.discover(site)
    (site / "content" / "c.md").write_text("Moscow, SANA – reported.\n")
    memo.note(["content/c.md"])
    assert [s.rel for s in memo.discover(site)[0]] == [
        "content/a.md", "content/b.md", "content/c.md"
    ]


@settings(max_examples=300, deadline=None)
@example(".hidden.md")
@example("#draft.md")
@example("~backup.txt")
@example("tab\there.md")
@example("bidi\u202eevil.txt")
@example("not-utf8-\udc80.md")
@example("plain.md")
@given(st.text(min_size=1, max_size=12).map(lambda s: s + random_suffix(s)))
def test_a_name_the_walk_takes_as_plain_passes_every_check_it_skips(name: str):
    """The walk skips the ignored, unsafe and registry-folder checks for names its one
    match calls plain articles: every such name must pass those checks."""
    if _PLAIN_ARTICLE.fullmatch(name) is not None:
        assert not is_ignored_name(name)
        assert unsafe_name(name) is None
        assert name.endswith(ARTICLE_SUFFIXES) and name != DATA_DIR


def random_suffix(text: str) -> str:
    """Most drawn names end as an article's, so the property meets many plain names."""
    return ("", ".md", ".txt", ".md~", ".txt.swp")[len(text) % 5]


def test_plain_names_still_meet_the_checks_that_are_not_about_names(tmp_path: Path):
    """A folder, a FIFO and a symlink named like an article: the quick path for plain names
    hands each to the same rules as any other entry."""
    site = site_with(tmp_path, ["folder.md/inner.txt", "plain.md", "é-accents.txt"])
    content = site / "content"
    os.mkfifo(content / "queue.txt")
    (content / "link.md").symlink_to(content / "plain.md")
    (content / "escape.md").symlink_to(tmp_path)
    (content / "plain.md.bak").write_text("backup")
    found, problems = discover(site)
    assert [s.rel for s in found] == [
        "content/folder.md/inner.txt",
        "content/link.md",
        "content/plain.md",
        "content/é-accents.txt",
    ]
    assert found[0].path == str(content / "folder.md" / "inner.txt")
    assert [d.format() for d in problems] == [
        "content/escape.md:1:1: warning: symlink points outside content/; not followed",
        "content/queue.txt:1:1: warning: not a regular file (FIFO, socket or device); skipped",
    ]


def _split_tree(tmp_path: Path) -> Path:
    """Top-level folders of several sizes, with what the walk reports on the way: an unsafe
    name, a FIFO, editor files, a symlink within a folder and one to the root."""
    names = [f"{year}/{n:02d}-story.md" for year in (2009, 2010, 2011, 2012) for n in
             range(3 if year % 2 else 7)]  # fmt: skip
    site = site_with(tmp_path, [*names, "top.md", "2010/deeper/inner.txt", "2011/.x.md.swp"])
    content = site / "content"
    (content / "2011" / "bad\x1bname.md").write_text("x")
    os.mkfifo(content / "2012" / "pipe.md")
    (content / "2009" / "again.md").symlink_to(content / "2009" / "00-story.md")
    (content / "2010" / "root-loop").symlink_to(content, target_is_directory=True)
    return site


def _walk(
    site: Path, monkeypatch, split: bool
) -> tuple[list[str], list[str], int, list[bool]]:
    """The walk's files and problems, how many children it forked, and for each split walk
    whether the split gave the answer (False: it walked again whole)."""
    from sana_archive import forked
    from sana_archive.content import discover as module

    monkeypatch.setattr(module, "SPLIT_MIN_BYTES", 0 if split else 1 << 62)
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)
    children: list[int] = []
    real = module.Forked

    def counted(work):  # type: ignore[no-untyped-def]
        child = real(work)
        children.append(child.started)
        return child

    monkeypatch.setattr(module, "Forked", counted)
    answered: list[bool] = []
    real_split = module._split_walk
    monkeypatch.setattr(
        module,
        "_split_walk",
        lambda *a: (r := real_split(*a), answered.append(r is not None))[0],
    )
    found, problems = discover(site)
    files = [f"{s.rel} {s.size}" for s in found]
    return files, [d.format() for d in problems], len(children), answered


def test_a_walk_split_with_a_forked_child_finds_what_one_walk_finds(tmp_path: Path, monkeypatch):
    """A big walk is split by top-level folder with a forked child: the same files in the
    same order, the same problems, and a folder reached through a symlink from the other
    half (which one walk would reach once) makes it walk again whole."""
    site = _split_tree(tmp_path)
    whole_found, whole_problems, forks, _ = _walk(site, monkeypatch, split=False)
    assert forks == 0 and len(whole_found) == 23
    assert any("symlink loop" in p for p in whole_problems)
    assert any("not a regular file" in p for p in whole_problems)
    assert any("control character" in p or "bad" in p for p in whole_problems)
    split_found, split_problems, forks, answered = _walk(site, monkeypatch, split=True)
    assert forks == 1 and answered == [True]
    assert (split_found, split_problems) == (whole_found, whole_problems)

    content = site / "content"
    (content / "2012" / "into-2009").symlink_to(content / "2009", target_is_directory=True)
    whole = _walk(site, monkeypatch, split=False)[:2]
    assert any("into-2009" in p and "symlink loop" in p for p in whole[1])
    split_found, split_problems, forks, answered = _walk(site, monkeypatch, split=True)
    assert forks == 1 and answered == [False]  # both halves reached 2009: walked again whole
    assert (split_found, split_problems) == whole
