"""[I/O] The build cache: SQLite beside the output, so a rebuild redoes only what changed.

Per source file it keeps size, change time, content digest and the parsed article (with its
diagnostics); per output page the fingerprint of the inputs it was rendered from. Article
bodies, most of an article's bytes, live in a file beside the database (``engine.spill``)
and each cached article names its body there: a rebuild loads 100,000 articles without
reading or copying 1.1 GB of text they mostly never show. What is read and written whole
each build (the record of the pages written and their regions, the site index) lives in
files beside it too (``_SideFile``), not in 120,000 rows. Every row is trusted only under
the fingerprint of the code, configuration and registries that made it, and a cache that
cannot be read (truncated, corrupt, another schema) is thrown away and rebuilt, never
trusted.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import marshal
import os
import pickle
import re
import secrets
import sqlite3
import sys
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import sana_archive
from sana_archive.engine.collector import collector_paused
from sana_archive.engine.recalled import head_of
from sana_archive.engine.spill import BodyStore
from sana_archive.model import Body

# A no-change rebuild opens the cache to read one record: the reader and the site model
# are imported where a row is turned back into one of theirs.
if TYPE_CHECKING:
    from sana_archive.content.reader import ReadResult
    from sana_archive.outputs.data import Chunk
    from sana_archive.site.regions import Region

SCHEMA = 14  # 11: bodies in a file beside the database; 12: the site index; 13: heads;
# 14: the output record, site index and key columns in files beside the database

# The meta table's keys, read and written only through BuildCache's typed accessors.
_DIRTY = "dirty"
_PLAN_KEY = "plan-key"
_GENERATION = "generation"
_INPUTS = "inputs"
_MEMO_KEY = "memo-key"
_SEARCH_SHARDS = "search-shards"
_SEARCH_PAGES = "search-pages"
_BODIES = "bodies"  # the bodies file's stamp as the last write left it
_SITEMAP = "sitemap"  # the digest of the entries of the sitemap the last build left
# The tokens of the side files (``_SideFile``) as the last write left them.
_OUTPUTS = "outputs"  # the output record: planned pages, every file written, regions
_SITE_INDEX = "site-index"  # the last finished build's site index
_KEY_COLUMNS = "key-columns"  # and its key columns, under their plan key


# Libraries whose upgrade can change what a build writes for the same input.
_SHAPING = ("jinja2", "markdown-it-py", "nh3", "python-slugify", "pyyaml", "pagefind")


@cache
def code_fingerprint() -> str:
    """A digest of the package's own source and of the libraries that shape its output:
    a new version of either never reuses old results."""
    root = Path(sana_archive.__file__).parent
    h = hashlib.blake2b(digest_size=16)
    h.update(sana_archive.__version__.encode())
    for library, version in library_versions(_SHAPING).items():
        h.update(f"{library}={version or 'absent'}".encode())
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def library_versions(names: Sequence[str]) -> dict[str, str | None]:
    """The installed version of each distribution (None: not installed), as
    ``importlib.metadata.version`` gives it: the first found along ``sys.path``.

    Read from the ``name-version.dist-info`` folder names, since importing
    ``importlib.metadata`` (email, zipfile, socket...) cost every build 10-25 ms; a name
    not found that way is asked of ``importlib.metadata``, which knows every layout."""
    wanted = {_normalized(name): name for name in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in listing:
            if not folder.endswith(".dist-info"):
                continue
            dist, _, version = folder[: -len(".dist-info")].partition("-")
            name = wanted.get(_normalized(dist))
            if name is not None and version and name not in found:
                found[name] = version
    versions: dict[str, str | None] = {}
    for name in names:
        versions[name] = found.get(name)
        if versions[name] is None:
            from importlib import metadata

            try:
                versions[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                versions[name] = None
    return versions


def fingerprint(*parts: str | bytes) -> str:
    """A digest of several parts, each kept apart from the next so none can run into it."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


class CachedSource(NamedTuple):
    """A source's cached row (a tuple: made 100,000 times by every CLI build, at half a
    frozen dataclass's cost)."""

    size: int
    changed_ns: int
    digest: str
    result: bytes
    head: bytes | None  # what ``engine.recalled`` makes an article of without the result


ViewKeys = dict[tuple[str, str], str]


def cache_path(output: Path) -> Path:
    return output.parent / ".sana-cache" / f"{output.name}.sqlite"


class BuildCache:
    """A thin, typed wrapper over one SQLite file."""

    def __init__(self, path: Path, *, verify: bool = True) -> None:
        """``verify`` runs SQLite's quick check, which reads the whole file (75 ms at 10,000
        statements, 8 s at 100,000): a long-running ``serve`` verifies on its first build
        only, and any build skips it when the file is exactly as the last build closed it
        (its seal: size, times and inode, written on close, removed on open)."""
        self.path = path
        self.seal = Path(f"{path}.sealed")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.verify = verify and not self._sealed()
        self.seal.unlink(missing_ok=True)
        self.reset_reason: str | None = None
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as exc:
            self.reset_reason = f"cache unreadable ({exc}); rebuilt from scratch"
            self._discard()
            self.db = self._open()
        self.bodies = self._open_bodies()
        self._outputs: OutputRecord | None = None
        self._index_token: str | None = None  # the site index taken, still on disk

    def _open_bodies(self) -> BodyStore:
        """The bodies file, trusted only as the last build that wrote it left it: one that
        was deleted, truncated, written by another hand or left half-appended by a killed
        build drops every cached article (each is read again), never a wrong body."""
        path = Path(f"{self.path}-bodies")
        store = BodyStore(path)
        if self._get(_BODIES) != _stamp_of(path):
            self.db.execute("DELETE FROM sources")
            store.restart()
            self._set(_BODIES, _stamp_of(path))
        return store

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is not None and row[0] != str(SCHEMA):
            db.close()
            raise sqlite3.DatabaseError(f"schema {row[0]}, expected {SCHEMA}")
        db.executescript(
            """
            CREATE TABLE IF NOT EXISTS sources (
                rel TEXT PRIMARY KEY, size INTEGER, changed_ns INTEGER, digest TEXT,
                context TEXT, result BLOB, head BLOB);
            CREATE TABLE IF NOT EXISTS view_keys (
                kind TEXT, digest TEXT, value TEXT, PRIMARY KEY (kind, digest)) WITHOUT ROWID;
            DROP TABLE IF EXISTS data_rows;
            CREATE TABLE IF NOT EXISTS data_chunks (
                number INTEGER PRIMARY KEY, keys TEXT, offsets BLOB, digests BLOB,
                json BLOB, csv BLOB, quotes BLOB);
            """
        )
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        if self.verify:
            db.execute("PRAGMA quick_check").fetchone()
        return db

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm", ".sealed", "-bodies", *_SideFile.SUFFIXES):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        self.db.close()
        if not Path(f"{self.path}-wal").exists():  # all written back into the file itself
            self.seal.write_text(self._stamp())

    def _stamp(self) -> str:
        stat = self.path.stat()
        return f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino}"

    def _sealed(self) -> bool:
        """Whether the file is as the last build left it: anything that truncated or wrote
        over it since changed its size or change time, which no one can set back."""
        try:
            return self.seal.read_text() == self._stamp()
        except OSError:
            return False

    # ---- meta: the build protocol's marks, each with its own typed accessor ----------------
    def _get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _set(self, key: str, value: str | None) -> None:
        if value is None:
            self.db.execute("DELETE FROM meta WHERE key=?", (key,))
        else:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def dirty(self) -> bool:
        """Whether an in-place update of the output began and did not finish."""
        return self._get(_DIRTY) is not None

    def set_dirty(self, dirty: bool) -> None:
        self._set(_DIRTY, "1" if dirty else None)

    def plan_key(self) -> str | None:
        """The plan key of the last build that finished with every page written."""
        return self._get(_PLAN_KEY)

    def set_plan_key(self, key: str | None) -> None:
        self._set(_PLAN_KEY, key)

    def sitemap_key(self) -> str | None:
        """What the sitemap in the output was made from (``engine.outputs.SitemapMemo``),
        as the last build that recorded its outputs left it."""
        return self._get(_SITEMAP)

    def set_sitemap_key(self, key: str | None) -> None:
        self._set(_SITEMAP, key)

    def generation(self) -> str | None:
        """A token each finished build changes, so a process that keeps a plan in memory
        notices a build by another in between."""
        return self._get(_GENERATION)

    def new_generation(self) -> str:
        token = secrets.token_hex(8)
        self._set(_GENERATION, token)
        return token

    def last_build(self) -> str | None:
        """The last complete build's result with the key of its inputs (``freshness``)."""
        return self._get(_INPUTS)

    def set_last_build(self, record: str | None) -> None:
        self._set(_INPUTS, record)

    def search_shards(self) -> dict[str, str]:
        """Search shard -> key of its live bundle."""
        return self._json(_SEARCH_SHARDS)

    def search_pages(self) -> dict[str, list[str]]:
        """Statement page -> [fingerprint, digest of its indexed part], as last seen."""
        return self._json(_SEARCH_PAGES)

    def set_search(self, shards: dict[str, str] | None, pages: dict | None = None) -> None:
        """Record the live shards (None: none claimed) and, with them, the pages seen."""
        self._set(_SEARCH_SHARDS, None if shards is None else json.dumps(shards, sort_keys=True))
        if shards is None or pages is not None:
            self._set(_SEARCH_PAGES, None if pages is None else json.dumps(pages, sort_keys=True))

    def forget_search_shards(self) -> None:
        """No shard is claimed live while they are being replaced."""
        self._set(_SEARCH_SHARDS, None)

    def _json(self, key: str) -> dict:
        raw = self._get(key)
        try:
            value = json.loads(raw) if raw else {}
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    # ---- side files: what is read and written whole -----------------------------------------
    def _side(self, key: str) -> _SideFile:
        return _SideFile(Path(f"{self.path}-{key}"), key)

    def _read_side(self, key: str) -> memoryview | None:
        token = self._get(key)
        return None if token is None else self._side(key).read(token)

    def _write_side(self, key: str, *parts: bytes) -> None:
        """The file first, then its token: a build killed in between leaves a file no
        token names, which is never read."""
        self._set(key, self._side(key).write(parts))

    # ---- the site index -------------------------------------------------------------------
    def take_site_index(self) -> tuple[bytes | None, bytes | None]:
        """The last finished build's site index (``site.graph.SiteIndex``, pickled) and key
        columns (``site.views.KeyColumns``), withdrawn: they describe that build's sources
        only until this one stores what it reads."""
        index_token = self._get(_SITE_INDEX)
        if index_token is None:
            return None, None
        index, keys = self._read_side(_SITE_INDEX), self._read_side(_KEY_COLUMNS)
        self._set(_SITE_INDEX, None)
        self._set(_KEY_COLUMNS, None)
        self._index_token = index_token if index is not None else None
        return (
            None if index is None else bytes(index),
            None if keys is None else bytes(keys),
        )

    def store_site_index(self, index: bytes | None, keys: bytes) -> None:
        """``index`` None: the one taken is still this build's (a few megabytes not
        written again)."""
        self._write_side(_KEY_COLUMNS, keys)
        if index is not None:
            self._write_side(_SITE_INDEX, index)
        elif self._index_token is not None:
            self._set(_SITE_INDEX, self._index_token)

    # ---- sources ------------------------------------------------------------------------
    def sources(self, context: str) -> dict[str, CachedSource]:
        """The cached sources read under ``context``. When there are none (a first build,
        new code or registries), the bodies file starts afresh: what it holds belongs to
        rows no build will use again, and every source is about to be written anew."""
        rows = self.db.execute(
            "SELECT rel, size, changed_ns, digest, result, head FROM sources WHERE context=?",
            (context,),
        )
        with collector_paused():
            found = {
                rel: CachedSource(size, changed, digest, blob, head)
                for rel, size, changed, digest, blob, head in rows
            }
        if not found and self.bodies.end:
            self.db.execute("DELETE FROM sources")
            self.bodies.restart()
            self._set(_BODIES, _stamp_of(self.bodies_path))
        return found

    @property
    def bodies_path(self) -> Path:
        return Path(f"{self.path}-bodies")

    def _dump(self, result: ReadResult) -> bytes:
        buffer = io.BytesIO()
        _BodyPickler(buffer, self.bodies).dump(result)
        return buffer.getvalue()

    def store_sources(
        self, context: str, rows: Iterable[tuple[str, int, int, str, ReadResult]]
    ) -> None:
        self.db.execute("BEGIN")
        self.db.executemany(
            "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (rel, size, changed, digest, context, row, head_of(result, row))
                for rel, size, changed, digest, result in rows
                for row in (self._dump(result),)
            ),
        )
        self._set(_BODIES, _stamp_of(self.bodies_path))  # after the bodies were appended
        self.db.execute("COMMIT")

    def forget_sources(self, keep: Iterable[str]) -> None:
        keep_set = set(keep)
        gone = [
            (rel,) for (rel,) in self.db.execute("SELECT rel FROM sources") if rel not in keep_set
        ]
        if gone:
            self.db.executemany("DELETE FROM sources WHERE rel=?", gone)

    # ---- the output record: pages and regions ----------------------------------------------
    def outputs(self) -> OutputRecord:
        """What the last recorded build wrote: its planned pages with their fingerprints,
        every file it wrote, and its outputs by region (``site.regions``), for a CLI
        rebuild to plan only the regions an edit reaches, as ``serve`` does with the plan
        it keeps. Read once, whole: one file beside the database, not 120,000 rows."""
        if self._outputs is None:
            self._outputs = _load_outputs(self._read_side(_OUTPUTS))
        return self._outputs

    def pages(self) -> dict[str, str]:
        return self.outputs().pages

    def regions(self) -> dict[Region, tuple[str, ...]]:
        return self.outputs().regions

    def store_outputs(
        self,
        planned: Mapping[str, str],
        pages: Mapping[str, str],
        regions: Mapping[Region, tuple[str, ...]],
    ) -> None:
        """Write the record whole: at 100,000 statements one 25 MB file costs less than
        finding the rows that changed, and a reader parses it at C speed (marshal).
        ``pages``: every file written, ``planned`` among them."""
        others = sorted(_others(pages, planned))
        record = (dict(planned), others, dict(regions))
        self._outputs = None
        self._write_side(_OUTPUTS, marshal.dumps(record))

    # ---- view memos ----------------------------------------------------------------------
    def view_keys(self, plan_key: str) -> ViewKeys:
        """The view keys the last build made, if made under ``plan_key`` (the same code,
        config, registries and templates): a CLI rebuild after an edit then keys only the
        statements that changed."""
        if self._get(_MEMO_KEY) != plan_key:
            return {}
        with collector_paused():
            return {(k, d): v for k, d, v in self.db.execute("SELECT * FROM view_keys")}

    def data_rows(self, plan_key: str) -> dict[int, Chunk]:
        """The data rows the last build made, in chunks, if made under ``plan_key``: a
        rebuild encodes only the statements that changed. The rows' bytes are read only
        when a data file is made (an edit no row shows makes none)."""
        import array

        from sana_archive.outputs.data import Chunk

        if self._get(_MEMO_KEY) != plan_key:
            return {}
        chunks = {}
        for number, keys, offsets, digests in self.db.execute(
            "SELECT number, keys, offsets, digests FROM data_chunks ORDER BY number"
        ):
            column = array.array("q")
            column.frombytes(offsets)
            chunks[number] = Chunk(keys, column, digests, fetch=self._chunk_bytes(number))
        return chunks

    def _chunk_bytes(self, number: int) -> Callable[[], tuple[bytes, bytes, bytes]]:
        def fetch() -> tuple[bytes, bytes, bytes]:
            row = self.db.execute(
                "SELECT json, csv, quotes FROM data_chunks WHERE number=?", (number,)
            ).fetchone()
            if row is None:
                raise sqlite3.DatabaseError(f"data chunk {number} is missing")
            return row[0], row[1], row[2]

        return fetch

    def store_view_memos(
        self,
        plan_key: str,
        keys: ViewKeys,
        rows: dict[int, Chunk],
        loaded: tuple[ViewKeys, dict[int, Chunk]],
    ) -> None:
        """Write what changed since ``loaded``; start over when the plan key moved or the
        keys outgrew the archive (each edit leaves its old digests behind)."""
        known_keys, known_rows = loaded
        self.db.execute("BEGIN")
        # as Derived.of bounds the keys in memory
        bound = 4 * sum(chunk.size for chunk in rows.values()) + 1000
        # The table, not what was loaded of it: a build that keyed by position loads none.
        (stored,) = self.db.execute("SELECT COUNT(*) FROM view_keys").fetchone()
        if self._get(_MEMO_KEY) != plan_key or max(len(keys), stored) > bound:
            self.db.execute("DELETE FROM view_keys")
            self.db.execute("DELETE FROM data_chunks")
            known_keys, known_rows = {}, {}
            self._set(_MEMO_KEY, plan_key)
        self.db.executemany(
            "INSERT OR REPLACE INTO view_keys VALUES (?, ?, ?)",
            ((k, d, v) for (k, d), v in keys.items() if (k, d) not in known_keys),
        )
        self.db.execute("DELETE FROM data_chunks WHERE number>=?", (len(rows),))
        self.db.executemany(  # a chunk made again is a new object; one kept is the same
            "INSERT OR REPLACE INTO data_chunks VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (n, c.keys, c.offsets.tobytes(), c.digests, *c.blobs())
                for n, c in rows.items()
                if known_rows.get(n) is not c
            ),
        )
        self.db.execute("COMMIT")


def _others(pages: Mapping[str, str], planned: Mapping[str, str]) -> list[str]:
    """The files written that were not planned (404, sitemap, static files): a dozen, put
    last by ``draw`` (looked for there first, not by a difference of 120,000 keys)."""
    count = len(pages) - len(planned)
    if isinstance(pages, dict) and count >= 0:
        last = list(itertools.islice(reversed(pages), count))
        if not any(rel in planned for rel in last):
            return last
    return list(pages.keys() - planned.keys())


@dataclass(frozen=True, slots=True)
class OutputRecord:
    """The last recorded build's outputs (empty when none is known)."""

    planned: dict[str, str]  # planned page -> fingerprint
    pages: dict[str, str]  # every file written -> fingerprint ("" for all but planned)
    regions: dict[Region, tuple[str, ...]]


def _load_outputs(data: memoryview | None) -> OutputRecord:
    """The record as ``store_outputs`` wrote it, or an empty one (none written, or not
    readable: the next build then plans and draws the whole site)."""
    empty = OutputRecord({}, {}, {})
    if data is None:
        return empty
    with collector_paused():
        try:
            planned, others, regions = marshal.loads(data)
            if not all(isinstance(part, dict) for part in (planned, regions)):
                return empty
            pages = dict(planned)
            pages.update(dict.fromkeys(others, ""))
        except Exception:  # a record that does not load is no record
            return empty
    return OutputRecord(planned, pages, regions)


class _SideFile:
    """A blob kept in a file beside the database, read and written whole.

    A many-megabyte blob costs SQLite several times a plain file's write (each page into
    the write-ahead log, the old value's pages freed, all copied again at close). The file
    is replaced by rename; its first line names the token the database records for it
    (a file no token names, one left by a killed build, is never read), the format (this
    Python's marshal) and a checksum of the rest (one damaged since is never read)."""

    SUFFIXES = tuple(
        f"-{key}{tail}" for key in (_OUTPUTS, _SITE_INDEX, _KEY_COLUMNS) for tail in ("", ".tmp")
    )

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.key = key

    def _header(self, token: str, length: int, check: int) -> bytes:
        version = f"{sys.version_info[0]}.{sys.version_info[1]}/{marshal.version}"
        return f"sana-{self.key} {SCHEMA} {version} {token} {length} {check:08x}\n".encode()

    def write(self, parts: Iterable[bytes]) -> str:
        parts = list(parts)
        check, length = 0, 0
        for part in parts:
            check, length = zlib.crc32(part, check), length + len(part)
        token = secrets.token_hex(8)
        temporary = self.path.with_name(self.path.name + ".tmp")
        with open(temporary, "wb") as handle:
            handle.write(self._header(token, length, check))
            for part in parts:
                handle.write(part)
        os.replace(temporary, self.path)
        return token

    def read(self, token: str) -> memoryview | None:
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        head, newline, _ = data[:200].partition(b"\n")
        if not newline:
            return None
        body = memoryview(data)[len(head) + 1 :]
        if head + newline != self._header(token, len(body), zlib.crc32(body)):
            return None
        return body


def _stamp_of(path: Path) -> str:
    """Size, times and inode: what any write, truncation or replacement changes."""
    try:
        stat = path.stat()
    except OSError:
        return "absent"
    return f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino}"


class _BodyPickler(pickle.Pickler):
    """Pickles a result with its body named by its place in the bodies file (written there
    first if it is not yet)."""

    def __init__(self, file: io.BytesIO, bodies: BodyStore) -> None:
        super().__init__(file, protocol=5)
        self._bodies = bodies

    def persistent_id(self, obj: object) -> tuple[int, int, int] | None:
        if isinstance(obj, Body):
            return self._bodies.store(obj).where
        return None


def load_result(blob: bytes, bodies: BodyStore | None = None) -> ReadResult | None:
    """A cached result, its body pointing into ``bodies`` (the cache's bodies file)."""
    from sana_archive.content.reader import ReadResult  # ~0.6 µs a row, once imported

    def body_at(where: object) -> Body:
        found = None
        if bodies is not None and isinstance(where, tuple) and len(where) == 4:
            found = bodies.at(*where)
        if found is None:
            raise pickle.UnpicklingError(f"no body at {where!r}")
        return found

    unpickler = pickle.Unpickler(io.BytesIO(blob))
    unpickler.persistent_load = body_at  # type: ignore[method-assign]
    try:
        result = unpickler.load()
    except Exception:  # any unreadable row is simply parsed again
        return None
    return result if isinstance(result, ReadResult) else None
