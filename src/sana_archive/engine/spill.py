"""[I/O] Article bodies kept in an anonymous file instead of in memory.

A body (Markdown and sanitized HTML, often two bytes a character, and the notes of where
each reading was made) is most of an article's weight: about 12 KB, so over a gigabyte at
100,000 statements, while a page needs its body only while that page is drawn. A build
therefore writes each body to a spill file as the article arrives and keeps only its
offsets. The notes (evidence and places, about 1 KB an article in memory) are pickled:
they are this program's own values, read back only from a file it wrote.

The file comes from ``tempfile.TemporaryFile``: unlinked as it is created, so nothing is
left behind and nothing lands in the site or output folders; it closes when the last body
that points into it is gone. Forked render workers read it through the inherited
descriptor with ``os.pread``, which has no shared file position to race on.

The build cache keeps its bodies the same way, in a named file beside its SQLite file
(``BodyStore(path)``): a rebuild then loads each cached article without its body, and the
body stays where it is until a page is drawn. That file is only ever appended to, so a body
read once stays valid for as long as anything points at it; a file that starts afresh is a
new file renamed into place, so whoever holds the old one still reads the old bodies.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING

from sana_archive.model import Body, Notes, shared_fields

if TYPE_CHECKING:  # the reader (inference, Markdown) is no import a no-change build needs
    from sana_archive.content.reader import ReadResult

_CODEC = ("utf-8", "surrogatepass")  # a lone surrogate survives, as in the digest


class BodyStore:
    """An append-only file of bodies; ``keep`` swaps a result's body for a pointer into it.

    Without ``path`` the file is anonymous and lives as long as the store's bodies; with
    one it is that file, kept between builds (the build cache's bodies)."""

    def __init__(self, path: Path | None = None) -> None:
        self._file: IO[bytes] | None = None  # opened by the first body kept or read
        self._path = path
        self._end = 0
        if path is not None:
            self._open_named(path)

    def _open_named(self, path: Path) -> None:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        self._file = os.fdopen(fd, "r+b", buffering=0)
        self._end = os.fstat(fd).st_size

    @property
    def _fd(self) -> int:
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 (lives with the store)
        return self._file.fileno()

    @property
    def end(self) -> int:
        return self._end

    def restart(self) -> None:
        """Start a named store afresh: a new, empty file renamed over the old one, so the
        bodies of anyone still holding the old file read on unchanged."""
        assert self._path is not None, "only a named store restarts"
        fresh = self._path.with_name(self._path.name + ".new")
        fresh.unlink(missing_ok=True)
        os.close(os.open(fresh, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644))
        os.replace(fresh, self._path)
        self._open_named(self._path)

    def owns(self, body: Body) -> bool:
        return isinstance(body, StoredBody) and body._store is self

    def store(self, body: Body) -> StoredBody:
        """The body, written to this store if it is not there already."""
        if isinstance(body, StoredBody) and body._store is self:
            return body
        markdown = body.markdown.encode(*_CODEC)
        html = body.html.encode(*_CODEC)
        notes = body.notes
        pickled = pickle.dumps(notes, protocol=5) if any(notes) else b""
        data = markdown + html + pickled
        written, fd = 0, self._fd
        while written < len(data):  # pwrite may write less than asked
            written += os.pwrite(fd, data[written:], self._end + written)
        stored = StoredBody(self, self._end, len(markdown), len(html), len(pickled))
        self._end += len(data)
        return stored

    def at(
        self, offset: int, markdown_size: int, html_size: int, notes_size: int
    ) -> StoredBody | None:
        """A body this store wrote earlier, None if the file does not reach that far."""
        if min(offset, markdown_size, html_size, notes_size) < 0:
            return None
        if offset + markdown_size + html_size + notes_size > self._end:
            return None
        return StoredBody(self, offset, markdown_size, html_size, notes_size)

    def keep(self, result: ReadResult, seen: dict[object, object] | None = None) -> ReadResult:
        """The result with its body in this store; with ``seen``, its repeated values
        shared too (``model.shared_fields``), in the same copy of the article."""
        article = result.article
        if article is None or isinstance(article.body, StoredBody):
            return result
        stored = self.store(article.body)
        shared = shared_fields(article, seen) if seen is not None else {}
        article = dataclasses.replace(article, body=stored, **shared)  # type: ignore[arg-type]
        return dataclasses.replace(result, article=article)

    def read(self, offset: int, size: int) -> str:
        return self.read_bytes(offset, size).decode(*_CODEC)

    def read_bytes(self, offset: int, size: int) -> bytes:
        data, fd = b"", self._fd
        while len(data) < size:  # so may pread
            chunk = os.pread(fd, size - len(data), offset + len(data))
            if not chunk:
                raise OSError(f"spill file ends at {offset + len(data)}, {size} bytes wanted")
            data += chunk
        return data


class StoredBody(Body):
    """A body in a BodyStore: read back on each use, compared and pickled by its text."""

    __slots__ = ("_html_size", "_markdown_size", "_notes_size", "_offset", "_store")

    def __init__(
        self, store: BodyStore, offset: int, markdown_size: int, html_size: int, notes_size: int
    ) -> None:
        self._store = store
        self._offset = offset
        self._markdown_size = markdown_size
        self._html_size = html_size
        self._notes_size = notes_size

    @property
    def where(self) -> tuple[int, int, int, int]:
        """Offset, Markdown, HTML and notes sizes in its store: how the cache names it."""
        return self._offset, self._markdown_size, self._html_size, self._notes_size

    @property
    def markdown(self) -> str:
        return self._store.read(self._offset, self._markdown_size)

    @property
    def html(self) -> str:
        return self._store.read(self._offset + self._markdown_size, self._html_size)

    @property
    def notes(self) -> Notes:
        if not self._notes_size:
            return (), ()
        start = self._offset + self._markdown_size + self._html_size
        notes: Notes = pickle.loads(self._store.read_bytes(start, self._notes_size))
        return notes
