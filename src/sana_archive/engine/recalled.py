"""An article recalled from the build cache, unpickled only if more than its head is read.

A one-article edit of a 100,000-statement archive unpickled every other statement from the
cache (1.5 s of the edit), although what it redraws reads every statement for a handful of
fields only: those that file, order and count the archive (its path, slug, date, draft
flag, digest, post address, who each quotation is by). Those make the statement's head,
kept beside its cached row; a ``Recalled`` article holds the head and the row, and the
first read of any other field loads the whole article from the row (``whole``).

A recalled article is an ``Article`` to everything that reads one: equal to the article it
stands for, pickled and copied (``dataclasses.replace``) as a plain ``Article``.
"""

from __future__ import annotations

import datetime as dt
import marshal
import zlib
from collections.abc import Callable
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from sana_archive.model import Article, Dating, Diagnostic

if TYPE_CHECKING:
    from sana_archive.content.reader import ReadResult

# What a head holds, in order, after the source path (the row's key).
_HEAD = ("slug", "date", "draft", "digest", "source_url")
_FIELDS = tuple(f.name for f in fields(Article))
# What a recalled article holds besides its dating.
_KEPT = ("source_path", *_HEAD, "quote_speakers", "_row", "_load", "_whole")


def head_of(result: ReadResult, row: bytes) -> bytes | None:
    """The head of a result about to be cached as ``row`` (None: it has no article, or one
    a head cannot stand for; such a row is loaded whole). The row's checksum goes with it:
    a row damaged since is then found when the head is read, and parsed again, as a row
    that no longer unpickles always was, rather than found when a page wants it."""
    article = result.article
    if article is None or article.dating is not None:
        return None
    date = article.date.toordinal() if article.date is not None else 0
    speakers = tuple(q.speaker for q in article.quotes)
    problems = tuple((d.path, d.line, d.col, d.level, d.message) for d in result.diagnostics)
    values = (article.slug, date, article.draft, article.digest, article.source_url)
    return marshal.dumps((values, speakers, problems, zlib.crc32(row)))


def recall(
    source_path: str, head: bytes, row: bytes, load: Callable[[bytes], Article | None]
) -> tuple[Article, tuple[Diagnostic, ...]] | None:
    """The article a cached row holds, from its head, and the problems reading it found;
    ``load`` unpickles the row when more is read. None: the head is unreadable, or the
    row is not the one it was made with."""
    try:
        (slug, date, draft, digest, url), speakers, problems, checksum = marshal.loads(head)
        if checksum != zlib.crc32(row):
            return None
        problems = tuple(Diagnostic(*p) for p in problems)
        day = dt.date.fromordinal(date) if date else None
    except Exception:  # a head that is not one of ours: the row is loaded whole
        return None
    article = object.__new__(Recalled)
    put = object.__setattr__
    put(article, "source_path", source_path)
    put(article, "slug", slug)
    put(article, "date", day)
    put(article, "draft", draft)
    put(article, "digest", digest)
    put(article, "source_url", url)
    put(article, "dating", None)
    put(article, "quote_speakers", speakers)
    put(article, "_row", row)
    put(article, "_load", load)
    put(article, "_whole", None)
    return article, problems


def _whole_field(name: str) -> Any:
    return property(lambda self: getattr(self.whole(), name))


class Recalled(Article):
    """An article of which only the head is in memory (see the module's docstring)."""

    # ``quote_speakers`` is a slot, shadowing Article's property: every build counts the
    # archive's quotations from it, three times over.
    __slots__ = ("_load", "_row", "_whole", "quote_speakers")

    def __new__(cls, *args: Any, **kwargs: Any) -> Article:  # type: ignore[misc]
        # Made with its values (``dataclasses.replace``, unpickling): a plain Article.
        return Article(*args, **kwargs)

    def whole(self) -> Article:
        """The article the row holds, unpickled once."""
        whole = self._whole
        if whole is None:
            whole = self._load(self._row)
            if whole is None:
                raise RuntimeError(f"the cached row of {self.source_path} is unreadable")
            object.__setattr__(self, "_whole", whole)
            object.__setattr__(self, "_row", b"")
        return whole

    def with_dating(self, dating: Dating | None) -> Article:
        dated = object.__new__(Recalled)
        for name in _KEPT:
            object.__setattr__(dated, name, getattr(self, name))
        object.__setattr__(dated, "dating", dating)
        return dated

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Article):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _FIELDS)

    __hash__ = Article.__hash__

    # Every field not in the head is read from the whole article.
    title = _whole_field("title")
    body = _whole_field("body")
    weekday = _whole_field("weekday")
    date_text = _whole_field("date_text")
    location = _whole_field("location")
    source = _whole_field("source")
    byline = _whole_field("byline")
    speakers = _whole_field("speakers")
    counterparts = _whole_field("counterparts")
    topics = _whole_field("topics")
    quotes = _whole_field("quotes")
    language = _whole_field("language")
    summary = _whole_field("summary")
    inferred = _whole_field("inferred")
    aliases = _whole_field("aliases")
