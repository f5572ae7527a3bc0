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


def discover(
    site_root: Path, content_dir: str = "content"
) -> tuple[list[SourceFile], list[Diagnostic]]:
    root = site_root / content_dir
    found: list[SourceFile] = []
    problems: list[Diagnostic] = []
    if not root.is_dir():
        return [], [Diagnostic(content_dir, 1, 1, "error", "content folder not found")]
    real_root = root.resolve()
    seen_dirs: set[tuple[int, int]] = set()

    root_text = str(root)
    plain = _PLAIN_ARTICLE.fullmatch
    regular = stat.S_ISREG
    by_name = attrgetter("name")

    # Plain strings, not Path objects: building 100,000 Paths costs more than the stat
    # calls. ``folder`` is the site-relative path of ``directory`` (every path here is
    # spelled from ``root`` down), so a file's is that and its name.
    def walk(directory: str, folder: str) -> None:
        try:
            info = os.stat(directory)
        except OSError as exc:
            problems.append(
                Diagnostic(
                    folder,
                    1,
                    1,
                    "warning",
                    f"cannot read folder ({exc.strerror}); skipped",
                )
            )
            return
        if (info.st_dev, info.st_ino) in seen_dirs:
            problems.append(Diagnostic(folder, 1, 1, "warning", "symlink loop; skipped"))
            return
        seen_dirs.add((info.st_dev, info.st_ino))
        try:
            entries = sorted(os.scandir(directory), key=by_name)
        except OSError as exc:
            problems.append(
                Diagnostic(
                    folder,
                    1,
                    1,
                    "warning",
                    f"cannot list folder ({exc.strerror}); skipped",
                )
            )
            return
        prefix = folder + "/"
        for entry in entries:
            name = entry.name
            rel = prefix + name
            # A plain article name that is no symlink passes every check of this block: the
            # common case skips them, in one match (see ``_PLAIN_ARTICLE``).
            if plain(name) is None or entry.is_symlink():
                if is_ignored_name(name):
                    continue
                unsafe = unsafe_name(name)
                if unsafe is not None:
                    problems.append(Diagnostic(printable(rel), 1, 1, "error", unsafe))
                    continue
                if directory == root_text and name == DATA_DIR:
                    continue
                if entry.is_symlink() and not _may_follow(entry.path, rel, real_root, problems):
                    continue
            try:
                info = entry.stat()
            except OSError as exc:
                problems.append(
                    Diagnostic(rel, 1, 1, "warning", f"cannot read ({exc.strerror}); skipped")
                )
                continue
            if regular(info.st_mode):
                if name.endswith(ARTICLE_SUFFIXES):
                    found.append(SourceFile(rel, entry.path, info.st_size, info.st_ctime_ns))
            elif stat.S_ISDIR(info.st_mode):
                walk(entry.path, rel)
            elif name.endswith(ARTICLE_SUFFIXES):
                problems.append(
                    Diagnostic(
                        rel,
                        1,
                        1,
                        "warning",
                        "not a regular file (FIFO, socket or device); skipped",
                    )
                )

    walk(root_text, content_dir)
    return found, problems


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
