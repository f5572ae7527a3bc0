"""[I/O] Finding content files: a sorted walk with a policy for everything odd on disk.

Hidden files, editor swap and backup files are skipped silently (they are not articles).
Symlinks are followed only when they resolve inside ``content/``; loops, FIFOs, sockets and
unreadable files are skipped with a message. The walk is sorted so that everything
downstream sees files in the same order on every machine.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from sana_archive.controls import printable
from sana_archive.forked import Forked
from sana_archive.model import Diagnostic

ARTICLE_SUFFIXES = (".md", ".txt")
DATA_DIR = "_data"


class SourceFile(NamedTuple):
    """A content file found on disk; ``rel`` is its site-relative POSIX path.

    ``changed_ns`` is the inode's change time, not its mtime: ``cp -p``, ``rsync -a`` or
    ``touch -d`` can put an old mtime back on new text, but any write (or utime) moves
    the change time, so a cached parse is never trusted for text it did not read.

    A tuple: every build makes one per file (100,000 in a big archive), at a third of a
    frozen dataclass's cost.
    """

    rel: str
    path: str
    size: int
    changed_ns: int


# Bytes that were not UTF-8 (surrogate escapes), control characters (a newline, ESC) and
# bidi overrides: such a name cannot be written into a CSV, a feed or a terminal as it is.
_UNSAFE_CHARS = "\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
_UNSAFE_NAME = re.compile(f"[{_UNSAFE_CHARS}]")
# A plain article name, the walk's common case, tested in one match: no unsafe character,
# not hidden or an editor's (no leading ".", "#" or "~"; ending in .md or .txt, it ends in
# none of the ignored suffixes and is not "4913"), and not the registries' folder. Any
# other name takes every check of ``is_ignored_name`` and ``unsafe_name`` in turn.
_PLAIN_ARTICLE = re.compile(f"[^.#~{_UNSAFE_CHARS}][^{_UNSAFE_CHARS}]*\\.(?:md|txt)")


def unsafe_name(name: str) -> str | None:
    """Why a file or folder name cannot be published as it is, or None."""
    found = _UNSAFE_NAME.search(name)
    if found is None:
        return None
    if "\udc80" <= found.group() <= "\udcff":
        return "file name is not valid UTF-8; skipped (rename it)"
    return "file name holds control characters; skipped (rename it)"


def is_ignored_name(name: str) -> bool:
    """Editor droppings and hidden files: never content, never a reason to rebuild."""
    return (
        name.startswith((".", "#", "~"))
        or name.endswith(("~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig"))
        or name == "4913"
    )


def ignored_target(target: Path, real_root: Path) -> str | None:
    """What a symlink inside ``content/`` reaches that the walk would never publish by
    itself (a hidden or backup file, the registries, a file that is not an article), so a
    link cannot publish it under another name; None when the target is fair game."""
    parts = target.relative_to(real_root).parts
    where = "content/" + "/".join(parts)
    if any(is_ignored_name(part) for part in parts) or parts[:1] == (DATA_DIR,):
        return where
    if target.is_file() and not target.name.endswith(ARTICLE_SUFFIXES):
        return where
    return None


_BY_NAME = attrgetter("name")

# Folder listings this large in all (about 50,000 files on ext4, which sizes a folder by its
# entries) are walked in two halves, one by a forked child (``sana_archive.forked``): the
# stat of every file is most of a 100,000-file walk, and it waits on nothing else. At 10,000
# files the fork and its copied pages cost what the half walk saves.
SPLIT_MIN_BYTES = 4 << 20


def discover(
    site_root: Path, content_dir: str = "content"
) -> tuple[list[SourceFile], list[Diagnostic]]:
    root = site_root / content_dir
    if not root.is_dir():
        return [], [Diagnostic(content_dir, 1, 1, "error", "content folder not found")]
    walker = _Walker(str(root), root.resolve())
    entries = walker.enter(walker.root, content_dir)
    if entries is None:
        return walker.found, walker.problems
    halves = _halves(entries)
    if halves is not None:
        split = _split_walk(walker, entries, content_dir, halves)
        if split is not None:
            return split
        walker = _Walker(str(root), root.resolve())  # the walk again, whole, in order
        entries = walker.enter(walker.root, content_dir) or []
    for entry in entries:
        walker.entry(entry, walker.root, content_dir)
    return walker.found, walker.problems


def _halves(entries: list[os.DirEntry[str]]) -> set[int] | None:
    """The top-level folders a child walks (about half of the listings' bytes), or None
    when the walk is too small to split."""
    weights = []
    for index, entry in enumerate(entries):
        try:
            if entry.is_dir() and not entry.is_symlink():
                weights.append((entry.stat().st_size, index))
        except OSError:
            continue
    if len(weights) < 2 or sum(w for w, _ in weights) < SPLIT_MIN_BYTES:
        return None
    loads, child = [0, 0], set()
    for weight, index in sorted(weights, reverse=True):
        side = 0 if loads[0] <= loads[1] else 1
        loads[side] += weight
        if side:
            child.add(index)
    return child


def _split_walk(
    walker: _Walker, entries: list[os.DirEntry[str]], folder: str, child: set[int]
) -> tuple[list[SourceFile], list[Diagnostic]] | None:
    """The walk with the ``child`` entries walked by a forked child; None when it cannot
    say what one walk would (no child, or a folder both halves reached through a symlink,
    which one walk reaches once)."""
    base = set(walker.seen)

    def walk_half() -> object:
        parts = []
        for index in sorted(child):
            walker.found, walker.problems = [], []
            walker.entry(entries[index], walker.root, folder)
            files = [tuple(f) for f in walker.found]  # plain tuples: what marshal sends
            problems = [(d.path, d.line, d.col, d.level, d.message) for d in walker.problems]
            parts.append((index, files, problems))
        return parts, list(walker.seen - base)

    forked = Forked(walk_half)
    if not forked.started:
        return None
    found: dict[int, tuple[list[SourceFile], list[Diagnostic]]] = {}
    for index, entry in enumerate(entries):
        if index not in child:
            walker.found, walker.problems = [], []
            walker.entry(entry, walker.root, folder)
            found[index] = (walker.found, walker.problems)
    answered, answer = forked.result()
    if not answered:
        return None
    try:
        parts, seen = answer  # type: ignore[misc]
        if set(map(tuple, seen)) & (walker.seen - base):
            return None
        for index, files, problems in parts:
            found[index] = (
                [SourceFile(*f) for f in files],
                [Diagnostic(*p) for p in problems],
            )
    except (TypeError, ValueError):
        return None
    if len(found) != len(entries):
        return None
    sources = [f for index in range(len(entries)) for f in found[index][0]]
    problems = [p for index in range(len(entries)) for p in found[index][1]]
    return sources, problems


class _Walker:
    """One walk of the content folder: what it found, the problems, the folders seen.

    Plain strings, not Path objects: building 100,000 Paths costs more than the stat calls.
    ``folder`` is the site-relative path of ``directory`` (every path here is spelled from
    the root down), so a file's is that and its name."""

    def __init__(self, root: str, real_root: Path) -> None:
        self.root = root
        self.real_root = real_root
        self.found: list[SourceFile] = []
        self.problems: list[Diagnostic] = []
        self.seen: set[tuple[int, int]] = set()

    def enter(self, directory: str, folder: str) -> list[os.DirEntry[str]] | None:
        """The folder's entries in name order, or None (unreadable, or seen already)."""
        try:
            info = os.stat(directory)
        except OSError as exc:
            self.problems.append(
                Diagnostic(folder, 1, 1, "warning", f"cannot read folder ({exc.strerror}); skipped")
            )
            return None
        if (info.st_dev, info.st_ino) in self.seen:
            self.problems.append(Diagnostic(folder, 1, 1, "warning", "symlink loop; skipped"))
            return None
        self.seen.add((info.st_dev, info.st_ino))
        try:
            return sorted(os.scandir(directory), key=_BY_NAME)
        except OSError as exc:
            self.problems.append(
                Diagnostic(folder, 1, 1, "warning", f"cannot list folder ({exc.strerror}); skipped")
            )
            return None

    def walk(self, directory: str, folder: str) -> None:
        entries = self.enter(directory, folder)
        if entries is None:
            return
        prefix = folder + "/"
        plain, regular, found = _PLAIN_ARTICLE.fullmatch, stat.S_ISREG, self.found
        for entry in entries:
            # The common case inline: a plain article name, no symlink, a regular file (every
            # check of ``entry`` passed in one match); anything else goes through ``entry``.
            name = entry.name
            if plain(name) is not None and not entry.is_symlink():
                try:
                    info = entry.stat()
                except OSError:
                    info = None
                if info is not None and regular(info.st_mode):
                    found.append(SourceFile(prefix + name, entry.path, info.st_size,
                                            info.st_ctime_ns))  # fmt: skip
                    continue
            self.entry(entry, directory, folder, prefix)

    def entry(
        self, entry: os.DirEntry[str], directory: str, folder: str, prefix: str = ""
    ) -> None:
        name = entry.name
        rel = (prefix or folder + "/") + name
        # A plain article name that is no symlink passes every check of this block: the
        # common case skips them, in one match (see ``_PLAIN_ARTICLE``).
        if _PLAIN_ARTICLE.fullmatch(name) is None or entry.is_symlink():
            if is_ignored_name(name):
                return
            unsafe = unsafe_name(name)
            if unsafe is not None:
                self.problems.append(Diagnostic(printable(rel), 1, 1, "error", unsafe))
                return
            if directory == self.root and name == DATA_DIR:
                return
            if entry.is_symlink() and not _may_follow(
                entry.path, rel, self.real_root, self.problems
            ):
                return
        try:
            info = entry.stat()
        except OSError as exc:
            self.problems.append(
                Diagnostic(rel, 1, 1, "warning", f"cannot read ({exc.strerror}); skipped")
            )
            return
        if stat.S_ISREG(info.st_mode):
            if name.endswith(ARTICLE_SUFFIXES):
                self.found.append(SourceFile(rel, entry.path, info.st_size, info.st_ctime_ns))
        elif stat.S_ISDIR(info.st_mode):
            self.walk(entry.path, rel)
        elif name.endswith(ARTICLE_SUFFIXES):
            self.problems.append(
                Diagnostic(
                    rel, 1, 1, "warning", "not a regular file (FIFO, socket or device); skipped"
                )
            )


def _may_follow(path: str, rel: str, real_root: Path, problems: list[Diagnostic]) -> bool:
    """Whether the walk follows the symlink at ``path``; why not goes into ``problems``."""
    try:
        target = Path(path).resolve(strict=True)
    except (OSError, RuntimeError):
        problems.append(Diagnostic(rel, 1, 1, "warning", "broken or looping symlink; skipped"))
        return False
    if not target.is_relative_to(real_root):
        problems.append(
            Diagnostic(rel, 1, 1, "warning", "symlink points outside content/; not followed")
        )
        return False
    ignored = ignored_target(target, real_root)
    if ignored is not None:
        problems.append(
            Diagnostic(
                rel,
                1,
                1,
                "warning",
                f"symlink points at {ignored}, which the build ignores; not followed",
            )
        )
        return False
    return True


def walk_order(source: SourceFile) -> list[str]:
    """The order ``discover`` yields files in: folder by folder, names sorted."""
    return source.rel.split("/")


def rediscover(
    site_root: Path, previous: Sequence[SourceFile], changed: Iterable[str]
) -> list[SourceFile] | None:
    """``previous`` updated for the paths a watcher saw change, or None when only a full
    walk can say (a folder, a symlink, a path not known before that is gone now).

    Serve's shortcut: at 100,000 files a full walk is most of an edit's rebuild time,
    while the watcher already names the few files that changed. Anything unusual falls
    back to ``discover``, which holds the rules for symlinks, loops and special files.
    """
    by_rel = {s.rel: s for s in previous}
    grew = False
    for rel in changed:
        parts = rel.split("/")
        if (
            len(parts) < 2
            or parts[0] != "content"
            or parts[1] == DATA_DIR
            or any(is_ignored_name(part) or part in ("", ".", "..") for part in parts)
            or unsafe_name(rel) is not None
            or not rel.endswith(ARTICLE_SUFFIXES)
        ):
            return None
        path = os.path.join(site_root, rel)
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            if by_rel.pop(rel, None) is None:
                return None
            continue
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or os.path.realpath(path) != os.path.abspath(path):
            return None
        grew = grew or rel not in by_rel
        by_rel[rel] = SourceFile(rel, path, info.st_size, info.st_ctime_ns)
    if grew or len(by_rel) != len(previous):
        return sorted(by_rel.values(), key=walk_order)
    return [by_rel[s.rel] for s in previous]


@dataclass
class DiscoveryMemo:
    """The last walk's result, and the paths a watcher saw change since (None: unknown).

    Kept by ``serve``, whose watcher sets ``watching`` and reports every change through
    ``note``; the next build re-examines only those paths when it can (``rediscover``), and
    walks the whole folder when it cannot. Without a watcher every build walks.
    """

    watching: bool = False
    sources: list[SourceFile] | None = None
    problems: list[Diagnostic] = field(default_factory=list)
    changed: set[str] | None = None

    def note(self, paths: Iterable[str]) -> None:
        if self.changed is not None:
            self.changed.update(paths)

    def discover(self, site_root: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
        found = None
        if self.sources is not None and self.changed is not None:
            found = rediscover(site_root, self.sources, self.changed)
        if found is None:
            self.sources, self.problems = discover(site_root)
        else:
            changed = self.changed or set()
            self.sources = found
            self.problems = [p for p in self.problems if p.path not in changed]
        self.changed = set() if self.watching else None
        return self.sources, list(self.problems)


def read_source(source: SourceFile) -> tuple[bytes | None, Diagnostic | None]:
    """Read a file found earlier; it may have vanished or changed since, which is no crash.

    Opened non-blocking and checked again: a file swapped for a FIFO after discovery would
    otherwise hang the build on open() or read().
    """
    try:
        fd = os.open(source.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return None, _unreadable(source, exc)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None, Diagnostic(
                source.rel, 1, 1, "warning", "no longer a regular file; skipped"
            )
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(), None
    except OSError as exc:
        return None, _unreadable(source, exc)
    finally:
        os.close(fd)


def _unreadable(source: SourceFile, exc: OSError) -> Diagnostic:
    return Diagnostic(source.rel, 1, 1, "warning", f"cannot read ({exc.strerror or exc}); skipped")
