"""[I/O] Article bodies kept in an anonymous file instead of in memory.

A body (Markdown and sanitized HTML, often two bytes a character) is most of an
article's weight: about 11 KB, so over a gigabyte at 100,000 statements, while a page needs
its body only while that page is drawn. A build therefore writes each body to a spill file
as the article arrives and keeps only its offsets.

The file comes from ``tempfile.TemporaryFile``: unlinked as it is created, so nothing is
left behind and nothing lands in the site or output folders; it closes when the last body
that points into it is gone. Forked render workers read it through the inherited
descriptor with ``os.pread``, which has no shared file position to race on.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from typing import IO

from sana_archive.content.reader import ReadResult
from sana_archive.model import Body

_CODEC = ("utf-8", "surrogatepass")  # a lone surrogate survives, as in the digest


class BodyStore:
    """An append-only file of bodies; ``keep`` swaps a result's body for a pointer into it."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None  # opened by the first body kept
        self._end = 0

    @property
    def _fd(self) -> int:
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 (lives with the store)
        return self._file.fileno()

    def keep(self, result: ReadResult) -> ReadResult:
        article = result.article
        if article is None or isinstance(article.body, StoredBody):
            return result
        markdown = article.body.markdown.encode(*_CODEC)
        html = article.body.html.encode(*_CODEC)
        data = markdown + html
        written, fd = 0, self._fd
        while written < len(data):  # pwrite may write less than asked
            written += os.pwrite(fd, data[written:], self._end + written)
        stored = StoredBody(self, self._end, len(markdown), len(html))
        self._end += len(data)
        return ReadResult(dataclasses.replace(article, body=stored), result.diagnostics)

    def read(self, offset: int, size: int) -> str:
        data, fd = b"", self._fd
        while len(data) < size:  # so may pread
            chunk = os.pread(fd, size - len(data), offset + len(data))
            if not chunk:
                raise OSError(f"spill file ends at {offset + len(data)}, {size} bytes wanted")
            data += chunk
        return data.decode(*_CODEC)


class StoredBody(Body):
    """A body in a BodyStore: read back on each use, compared and pickled by its text."""

    __slots__ = ("_html_size", "_markdown_size", "_offset", "_store")

    def __init__(self, store: BodyStore, offset: int, markdown_size: int, html_size: int):
        self._store = store
        self._offset = offset
        self._markdown_size = markdown_size
        self._html_size = html_size

    @property
    def markdown(self) -> str:
        return self._store.read(self._offset, self._markdown_size)

    @property
    def html(self) -> str:
        return self._store.read(self._offset + self._markdown_size, self._html_size)
