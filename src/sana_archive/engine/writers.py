"""[I/O] The only place that writes the site: a staging folder, checked paths, one swap.

A build writes into a staging folder beside the output and exchanges the two folders
only when everything is written, so readers (and a web server) see either the whole old
site or the whole new one; a killed or failed build leaves the old one untouched. Paths
are checked before any write, so no slug or file name can write outside the output.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


class OutputError(Exception):
    """A write that must not happen (unsafe path) or could not (disk full, permissions)."""


class LockedError(OutputError):
    pass


def safe_relative(rel: str) -> str:
    """Reject any output path that could escape the output folder."""
    if not rel or "\x00" in rel or rel.startswith(("/", "\\")) or "\\" in rel:
        raise OutputError(f"unsafe output path {rel!r}")
    parts = rel.split("/")
    if any(part in ("", ".", "..") for part in parts[:-1]) or parts[-1] in ("", ".", ".."):
        raise OutputError(f"unsafe output path {rel!r}")
    return rel


def _sibling(output: Path, label: str) -> Path:
    return output.parent / f".{output.name}.{label}"


@contextmanager
def build_lock(output: Path) -> Iterator[None]:
    """One build (or serve) per output folder at a time, or their files would interleave."""
    output.parent.mkdir(parents=True, exist_ok=True)
    lock_path = _sibling(output, "lock")
    handle = open(lock_path, "a+")  # noqa: SIM115 - held for the whole build
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockedError(
                f"another build is writing {output} (lock {lock_path}); wait for it to finish"
            ) from None
        yield
    finally:
        handle.close()


# A new file, written once: no buffering layer, no size or terminal probes (Python's open()
# adds an fstat, an ioctl and an lseek to each of the thousands of pages a build writes).
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def write_new_file(
    root: Path, rel: str, data: bytes, made_dirs: set[str], previous: Path | None = None
) -> str:
    """Write a file that does not exist yet under ``root``; ``made_dirs`` saves mkdir calls.

    With ``previous`` (the output being replaced), a file whose bytes are already there is
    hard-linked rather than written again: a template edit that leaves most pages the same
    then costs a read of each old page, not a rewrite of hundreds of megabytes, and deleting
    the old tree frees no data. Later rebuilds replace files by rename, never in place, so
    the two names never see different bytes.
    """
    rel = safe_relative(rel)
    base = os.fspath(root)
    parent = rel.rpartition("/")[0]
    if parent and parent not in made_dirs:
        _make_folder(f"{base}/{parent}")
        made_dirs.add(parent)
    target = f"{base}/{rel}"
    if previous is not None and _link_if_same(previous / rel, target, data):
        return rel
    try:
        handle = os.open(target, _NEW_FILE, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
    except OSError as exc:
        raise OutputError(_describe(exc, Path(target))) from exc
    return rel


def _make_folder(path: str) -> None:
    """A page's folder: one mkdir when its parent is there (almost always, as pages are
    written parents first), else the whole chain."""
    try:
        os.mkdir(path)
    except FileExistsError:
        if not os.path.isdir(path):
            raise
    except FileNotFoundError:
        os.makedirs(path, exist_ok=True)


def _link_if_same(old: Path, target: str, data: bytes) -> bool:
    if not same_bytes(old, data):
        return False
    try:
        os.link(old, target)
    except OSError:  # a file system without hard links: write it
        return False
    return True


def same_bytes(path: Path, data: bytes) -> bool:
    """Whether ``path`` holds exactly ``data`` (False when it is missing or unreadable)."""
    try:
        with open(path, "rb") as handle:
            return os.fstat(handle.fileno()).st_size == len(data) and handle.read() == data
    except OSError:
        return False


@dataclass
class WorkerWrites:
    """What a forked render worker does with each page it draws (the ``sink`` of
    ``render_in_workers``): write it under ``root`` straight away, so the page's bytes never
    travel back to the parent. A page whose bytes ``previous`` already holds is linked from
    there; with ``probe`` (the live site), one whose bytes it already holds is not written
    at all. Answers True for written, False for left as the probe's. Each worker works on
    its own forked copy of ``made_dirs``."""

    root: Path
    previous: Path | None = None
    probe: Path | None = None
    made_dirs: set[str] = field(default_factory=set)

    def __call__(self, rel: str, data: bytes) -> bool:
        if self.probe is not None and same_bytes(self.probe / rel, data):
            return False
        write_new_file(self.root, rel, data, self.made_dirs, self.previous)
        return True


# Written into every output folder: the proof that a build made it, checked before a build
# replaces a folder, so a folder that merely holds an index.html is never taken for one.
MARKER = ".sana-archive"
MARKER_TEXT = (
    b"This folder was written by sana-archive build; every build replaces it whole.\n"
    b"Delete this file and the next build will refuse to replace the folder.\n"
)


def resolve_output(output: Path) -> tuple[Path, str | None]:
    """The folder a build really writes: a symlinked output (a deploy folder) is followed,
    so the swap replaces the folder it points at rather than the link; a dangling link is
    refused, as creating what it points at is a guess."""
    if not output.is_symlink():
        return output, None
    try:
        target = output.resolve(strict=True)
    except (OSError, RuntimeError):
        return output, (
            f"{output} is a symlink to a folder that does not exist "
            f"({os.readlink(output)}); create it or point --output elsewhere"
        )
    if not target.is_dir():
        return output, f"{output} is a symlink to something that is not a folder ({target})"
    return target, None


def check_output_folder(output: Path, site_root: Path) -> str | None:
    """Why ``output`` must not be built into, or None: a build replaces the whole folder.

    Refused: the site folder itself or any folder holding it, anything inside its inputs
    (``content/``, ``templates/``, ``static/``), anything that is not a folder, and an
    existing folder with files in it that holds no build marker (``MARKER``, which every
    build writes): file names alone (``index.html``) prove nothing about who wrote them.
    """
    target = output.resolve()
    site = site_root.resolve()
    if target == site or site.is_relative_to(target):
        return f"{output} holds the site folder {site_root}; choose a separate output folder"
    for name in ("content", "templates", "static"):
        if target.is_relative_to(site / name):
            return f"{output} is inside the site's {name}/ folder; choose another output folder"
    if output.exists() and not output.is_dir():
        return f"{output} exists and is not a folder; choose another output folder"
    if target.is_dir():
        try:
            entries = {entry.name for entry in os.scandir(target)}
        except OSError as exc:
            return f"cannot read {output}: {exc.strerror}"
        if entries and MARKER not in entries:
            return (
                f"{output} already holds files that no build wrote (it has no {MARKER} "
                "marker); a build replaces the whole folder, so choose an empty or new one "
                "(an earlier version's output: delete it and build again)"
            )
    return None


def _fresh_staging(output: Path) -> Path:
    staging = _sibling(output, "staging")
    if staging.exists():
        shutil.rmtree(staging)
    clear_leftovers(output)
    staging.mkdir(parents=True)
    return staging


class StagedOutput:
    """Collects the new site in a staging folder and swaps it in on commit."""

    def __init__(self, output: Path, staging: Path | None = None) -> None:
        """``staging`` adopts a folder a ProbedOutput has begun, instead of a fresh one."""
        self.output = output
        self.staging = staging or _fresh_staging(output)
        self.written: set[str] = set()
        self._made_dirs: set[str] = set()
        # What a page written again with the same bytes is linked from (see write_new_file).
        self.previous = output if output.is_dir() else None

    def write(self, rel: str, data: bytes) -> None:
        self.written.add(write_new_file(self.staging, rel, data, self._made_dirs, self.previous))

    def keep(self, rel: str) -> None:
        """Carry an unchanged file over from the current output without rewriting it."""
        rel = safe_relative(rel)
        target = self.staging / rel
        parent = rel.rpartition("/")[0]
        if parent and parent not in self._made_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made_dirs.add(parent)
        try:
            os.link(self.output / rel, target)
        except OSError:
            shutil.copy2(self.output / rel, target)
        self.written.add(rel)

    def keep_unchanged(self, rels: Iterable[str]) -> None:
        for rel in sorted(rels):
            self.keep(rel)

    def commit(self) -> None:
        """Make the staged site the output: an atomic exchange where the OS offers one.

        No fsync: the swap protects readers and survives a killed build (the page cache
        outlives the process); syncing thousands of pages would double a cold build for
        a guarantee (power loss) a re-run gives anyway.
        """
        if self.output.exists() and _exchange(self.staging, self.output):
            discard(self.staging, self.output)
            return
        old = _sibling(self.output, "old")
        if old.exists():
            shutil.rmtree(old)
        if self.output.exists():
            os.rename(self.output, old)
        os.rename(self.staging, self.output)
        discard(old, self.output)

    def abandon(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


class ProbedOutput:
    """A rebuild whose plan redraws many pages, when few of them may change bytes.

    A template or config edit makes every page stale by fingerprint, yet often changes the
    bytes of few (a comment, a fix in one block). Pages are rendered into a staging folder
    only when their bytes differ from the live site's file; the others are only noted.
    ``settle`` then decides on what really changed: a few files are moved into the live
    site one by one (each move atomic, as InPlaceOutput does), many make the staging folder
    a whole site (the rest linked in) for the usual single swap. A rebuild that changes no
    bytes then costs a read of each page, not 17,000 new folders and their deletion.
    """

    def __init__(self, output: Path) -> None:
        self.output = output
        self.staging = _fresh_staging(output)
        self.fresh: set[str] = set()  # new bytes, waiting in the staging folder
        self.unchanged: set[str] = set()  # rendered to the live bytes, or kept as they are
        self._made_dirs: set[str] = set()

    def write(self, rel: str, data: bytes) -> None:
        rel = safe_relative(rel)
        if same_bytes(self.output / rel, data):
            self.unchanged.add(rel)
        else:
            self.fresh.add(write_new_file(self.staging, rel, data, self._made_dirs))

    def keep(self, rel: str) -> None:
        self.unchanged.add(safe_relative(rel))

    def keep_unchanged(self, rels: Iterable[str]) -> None:
        self.unchanged.update(rels)

    def settle(self, in_place: bool) -> StagedOutput | InPlaceOutput:
        """The output to finish the build with: the live site updated in place, or the
        staging folder completed into a whole site for one swap."""
        if in_place:
            live = InPlaceOutput(self.output, cleanup=self.staging)
            for rel in sorted(self.fresh):
                live.move_in(self.staging / rel, rel)
            live.written.update(self.unchanged)
            return live
        staged = StagedOutput(self.output, self.staging)
        staged._made_dirs = self._made_dirs
        staged.written.update(self.fresh)
        for rel in sorted(self.unchanged - self.fresh):
            staged.keep(rel)
        return staged

    def abandon(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


# A test's way to fail or kill a build at an exact point of the in-place writer (the
# moment two renames apart is too short to hit by timing): "kill:rename:2" sends SIGKILL
# before the second rename, "fail:write:3" makes the third file written fail as a full disk.
FAULT_ENV = "SANA_ARCHIVE_FAULT"


def _fault_point(step: str, count: int) -> None:
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    action, _, where = spec.partition(":")
    if where != f"{step}:{count}":
        return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "fail":
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class InPlaceOutput:
    """Updates an existing output file by file, for rebuilds that change a few pages.

    Two phases, so a failure leaves the previous site: while the build runs, each changed
    file is written beside its target under a hidden name (files whose bytes are unchanged
    are not touched) and nothing live changes; ``commit`` then renames them all into place
    (each rename atomic, so every page a reader fetches is complete) and deletes what the
    build no longer makes, in one pass of a few milliseconds. A disk that fills, a folder
    that cannot be written or an error found late costs only the hidden files. A build
    killed during the rename pass leaves old and new pages mixed; the build marks the cache
    dirty around the update, so the next build replaces the whole site (a staged build).
    """

    def __init__(self, output: Path, *, defer: bool = False, cleanup: Path | None = None) -> None:
        """``defer`` is kept for callers that ask nothing live to change before commit(),
        which is now always so; ``cleanup`` is a folder to delete once moved from."""
        self.output = output
        self.written: set[str] = set()
        self.changed: set[str] = set()
        self.defer = defer
        self._moves: list[tuple[Path, str]] = []  # (new file beside the output, target rel)
        self._previous: set[str] | None = None
        self._cleanup = cleanup
        self._writes = 0

    def write(self, rel: str, data: bytes) -> None:
        rel = safe_relative(rel)
        self.written.add(rel)
        target = self.output / rel
        try:
            if (
                target.is_file()
                and target.stat().st_size == len(data)
                and target.read_bytes() == data
            ):
                return
            self._writes += 1
            _fault_point("write", self._writes)
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.parent / f".{target.name}.tmp"
            with open(temp, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise OutputError(_describe(exc, target)) from exc
        self._moves.append((temp, rel))
        self.changed.add(rel)

    def keep(self, rel: str) -> None:
        self.written.add(safe_relative(rel))

    def move_in(self, source: Path, rel: str) -> None:
        """Replace a file, on commit, with one written beside the output (same file
        system, so the rename is atomic)."""
        rel = safe_relative(rel)
        target = self.output / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(_describe(exc, target)) from exc
        self._moves.append((source, rel))
        self.written.add(rel)
        self.changed.add(rel)

    def keep_unchanged(self, rels: Iterable[str]) -> None:
        """Files the last build wrote and this one did not plan: they stay as they are.
        The names come from the last build's own plan, so they are not checked again."""
        self.written.update(rels)

    def remove_others(self, previous: set[str]) -> None:
        """Delete, on commit, what the last build wrote and this one did not."""
        self._previous = previous

    def _remove(self, previous: set[str]) -> None:
        for rel in sorted(previous - self.written):
            try:
                target = self.output / safe_relative(rel)
            except OutputError:
                continue
            target.unlink(missing_ok=True)
            self.changed.add(rel)
            parent = target.parent
            while parent != self.output and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent

    def commit(self) -> None:
        """Every new file into place, then the deletions: the only moment the live site
        changes."""
        for count, (source, rel) in enumerate(self._moves, 1):
            _fault_point("rename", count)
            try:
                os.replace(source, self.output / rel)
            except OSError as exc:
                raise OutputError(_describe(exc, self.output / rel)) from exc
        if self._previous is not None:
            self._remove(self._previous)
        self._moves, self._previous = [], None
        self._clean_up()

    def abandon(self) -> None:
        """Forget the update: the hidden files go, the live site was never touched."""
        for source, _ in self._moves:
            with contextlib.suppress(OSError):
                source.unlink()
        self._moves, self._previous = [], None
        self._clean_up()

    def _clean_up(self) -> None:
        if self._cleanup is not None:
            shutil.rmtree(self._cleanup, ignore_errors=True)
            self._cleanup = None


def discard(tree: Path, output: Path) -> None:
    """Delete a replaced site without making the build wait for it.

    Unlinking tens of thousands of old pages took a third of a large rebuild, though the
    new site is already live. The tree is renamed aside (so nothing reuses its name) and
    a detached ``rm -rf`` deletes it; a build that finds such trees left over by a killed
    one deletes them itself.
    """
    trash = _sibling(output, f"trash-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.rename(tree, trash)
        subprocess.Popen(  # a fixed argv on a path we made
            [*_idle_priority(), "rm", "-rf", "--", str(trash)],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        shutil.rmtree(trash if trash.exists() else tree, ignore_errors=True)


def _idle_priority() -> list[str]:
    """Run the deletion at idle priority where ``nice``/``ionice`` exist: on two cores an
    ``rm`` of 16,000 pages at full priority slowed the next build by half."""
    prefix = []
    if shutil.which("nice"):
        prefix += ["nice", "-n", "19"]
    if shutil.which("ionice"):
        prefix += ["ionice", "-c", "3"]
    return prefix


def clear_leftovers(output: Path) -> None:
    """Trees of replaced sites that an earlier, killed build did not get to delete."""
    for stale in output.parent.glob(f".{output.name}.trash-*"):
        try:
            age = time.time() - stale.stat().st_mtime
        except OSError:
            continue
        if age > 600:  # surely not one a running ``rm`` is still deleting
            shutil.rmtree(stale, ignore_errors=True)


def static_files(source: Path) -> Iterator[tuple[str, Path]]:
    """Static assets to copy: regular files only, no hidden ones, no symlinks out of the tree."""
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source).as_posix()
        if (
            path.is_symlink()
            or not path.is_file()
            or any(part.startswith(".") for part in rel.split("/"))
        ):
            continue
        yield rel, path


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name or "libc.so.6", use_errno=True)
    except OSError:
        return None


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step with renameat2(RENAME_EXCHANGE), on Linux."""
    libc = _libc()
    if libc is None or not hasattr(libc, "renameat2"):
        return False
    result = libc.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _describe(exc: OSError, target: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"disk full while writing {target}; the previous site was left as it was"
    if exc.errno == errno.EDQUOT:
        return f"disk quota exceeded while writing {target}; the previous site was left as it was"
    return f"cannot write {target}: {exc.strerror or exc}"
