"""Data downloads: statements and quotes as CSV and JSON, a Frictionless descriptor, the
"About the data" page, and the citation files beside each statement.

One table of fields is the source of truth for the CSV columns, the JSON keys, the
datapackage schema and the field list on the About page, so they cannot drift apart.
CSV cells that a spreadsheet would run as a formula are neutralized with a leading
apostrophe; the JSON keeps every value exactly. The CSV files begin with a UTF-8 byte order
mark: without one, Excel reads UTF-8 as the local code page and shows "’" as "â€™".
"""

from __future__ import annotations

import array
import csv
import hashlib
import io
import itertools
import json
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sana_archive.config import SiteConfig
from sana_archive.model import Article
from sana_archive.site.graph import Site, has_feed, quote_total
from sana_archive.site.pages import PageSpec, digest, wanted
from sana_archive.site.regions import DOWNLOADS as DOWNLOADS_REGION
from sana_archive.site.regions import Region
from sana_archive.site.urls import slug_for

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CSV_ENCODING = "utf-8-sig"  # as Python and Frictionless name UTF-8 with a byte order mark


def spreadsheet_safe(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would otherwise evaluate (CSV injection)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    value: Callable[[Article, str], Any]


def _joined(values: Any) -> str:
    return "; ".join(values)


def _best_date(article: Article) -> str | None:
    day = article.date or (article.dating.day if article.dating else None)
    return day.isoformat() if day else None


def _span(article: Article) -> tuple[str | None, str | None]:
    if article.date is not None:
        return article.date.isoformat(), article.date.isoformat()
    if article.dating is not None:
        return article.dating.earliest.isoformat(), article.dating.latest.isoformat()
    return None, None


STATEMENT_FIELDS: tuple[Field, ...] = (
    Field(
        "slug", "string", "Stable identifier; the last part of the permalink.", lambda a, u: a.slug
    ),
    Field("permalink", "string", "Absolute URL of the statement page.", lambda a, u: u),
    Field("title", "string", "Headline.", lambda a, u: a.title),
    Field(
        "date",
        "date",
        "Date the text states (YYYY-MM-DD), or the one day derived from evidence when "
        "date_basis is 'derived'; empty when neither.",
        lambda a, u: _best_date(a),
    ),
    Field(
        "date_basis",
        "string",
        "Where the date comes from: 'stated' (text or front matter), 'derived' (from "
        "evidence, see date_evidence; a conjecture), or 'none'.",
        lambda a, u: a.date_basis,
    ),
    Field(
        "date_earliest",
        "date",
        "Earliest day the statement can be from: the stated date, or the start of the "
        "derived range.",
        lambda a, u: _span(a)[0],
    ),
    Field(
        "date_latest",
        "date",
        "Latest day the statement can be from: the stated date, or the end of the derived range.",
        lambda a, u: _span(a)[1],
    ),
    Field(
        "date_evidence",
        "string",
        "Why a derived date is what it is (the source's post id between anchors, the "
        "weekday in the text).",
        lambda a, u: a.dating.evidence if a.date is None and a.dating else None,
    ),
    Field("weekday", "string", "Weekday the text names, if any.", lambda a, u: a.weekday),
    Field("date_text", "string", "Date as written when it lacks a year.", lambda a, u: a.date_text),
    Field("location", "string", "Dateline place.", lambda a, u: a.location),
    Field("source", "string", "Agency or outlet that carried the story.", lambda a, u: a.source),
    Field("source_url", "string", "Address of the original story.", lambda a, u: a.source_url),
    Field("byline", "string", "Who filed the story.", lambda a, u: a.byline),
    Field(
        "speakers",
        "array",
        "Who spoke (CSV: names separated by '; ').",
        lambda a, u: [p.name for p in a.speakers],
    ),
    Field(
        "speaker_roles",
        "array",
        "Role of each speaker as written, in the same order (CSV: '; ').",
        lambda a, u: [p.role or "" for p in a.speakers],
    ),
    Field(
        "counterparts", "array", "Who they met or spoke with.", lambda a, u: list(a.counterparts)
    ),
    Field("topics", "array", "Topics.", lambda a, u: list(a.topics)),
    Field("quote_count", "integer", "Number of direct quotations.", lambda a, u: len(a.quotes)),
    Field("language", "string", "Language of the text (BCP 47).", lambda a, u: a.language),
    Field("summary", "string", "One-line summary, when given.", lambda a, u: a.summary),
    Field(
        "inferred",
        "array",
        "Fields read from the text rather than set by an archivist.",
        lambda a, u: sorted(a.inferred),
    ),
    Field(
        "source_path", "string", "Content file, relative to the site.", lambda a, u: a.source_path
    ),
)

QUOTE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("statement", "string", "Slug of the statement the quotation is in."),
    ("number", "integer", "Position of the quotation in the statement, from 1."),
    ("text", "string", "The quotation."),
    ("speaker", "string", "Who the text says spoke it; empty when it does not say."),
    ("role", "string", "That speaker's role as written in the statement."),
    ("date", "date", "Date of the statement; empty when undated."),
    ("location", "string", "Dateline place of the statement."),
    ("source", "string", "Agency or outlet."),
    ("permalink", "string", "Absolute URL of the statement page."),
)


def _cells(values: Iterable[Any]) -> Iterator[str]:
    """A record's values as CSV cells: lists joined, None empty, formulas neutralized."""
    return (
        spreadsheet_safe(_joined(v) if isinstance(v, list) else "" if v is None else str(v))
        for v in values
    )


class _CsvLine:
    """One CSV record as text, through the csv module's quoting rules."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def __call__(self, values: Iterable[Any]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(_cells(values))
        return self._buffer.getvalue()


@dataclass(frozen=True, slots=True)
class Rows:
    """One statement's lines in each data file."""

    json: str
    csv: str
    quotes: str  # one CSV line per quotation, possibly none


def _record(article: Article, permalink: str) -> dict[str, Any]:
    return {f.name: f.value(article, permalink) for f in STATEMENT_FIELDS}


def _quote_records(article: Article, permalink: str) -> Iterator[list[Any]]:
    roles = {p.name: p.role for p in article.speakers}
    for number, quote in enumerate(article.quotes, 1):
        yield [
            article.slug,
            number,
            quote.text,
            quote.speaker,
            roles.get(quote.speaker or "") if quote.speaker else None,
            article.date.isoformat() if article.date else None,
            article.location,
            article.source,
            permalink,
        ]


def _rows(article: Article, url: str, permalink: str, line: _CsvLine) -> Rows:
    record = _record(article, permalink)
    quotes = "".join(line(values) for values in _quote_records(article, permalink))
    return Rows(json.dumps(record, ensure_ascii=False), line(record.values()), quotes)


RowKey = tuple[str, str, str]  # (content key, source path, permalink)
CHUNK = 1024  # statements per chunk: an edit re-encodes and stores one chunk's rows
_COLUMNS = 4  # json, csv, quotes: where each row starts; and the quotations before it


class Chunk:
    """The rows of up to ``CHUNK`` consecutive statements, encoded as they stand in each
    file (a JSON record followed by ``,\\n``), with where each row starts.

    An edit that keeps the statements in place re-makes only its chunk, and the files are
    the chunks' bytes joined: no Python work per statement. ``digests`` (16 bytes a file)
    key each file by its bytes, so an edit no row shows (a body sentence) writes none of
    them. ``fetch``: the bytes are read from the cache only when a file is made."""

    __slots__ = ("_blobs", "_fetch", "digests", "keys", "offsets")

    def __init__(
        self,
        keys: str,
        offsets: array.array[int],
        digests: bytes,
        blobs: tuple[bytes, bytes, bytes] | None = None,
        fetch: Callable[[], tuple[bytes, bytes, bytes]] | None = None,
    ) -> None:
        self.keys = keys  # every statement's RowKey fields, joined by NUL (none holds one)
        self.offsets = offsets  # _COLUMNS runs of size + 1 cumulative values
        self.digests = digests
        self._blobs = blobs
        self._fetch = fetch

    @property
    def size(self) -> int:
        return len(self.offsets) // _COLUMNS - 1

    @property
    def quote_count(self) -> int:
        return self.offsets[-1]

    def blobs(self) -> tuple[bytes, bytes, bytes]:
        if self._blobs is None:
            assert self._fetch is not None, "a chunk without bytes is read from the cache"
            self._blobs = self._fetch()
        return self._blobs

    def row(self, index: int) -> tuple[bytes, bytes, bytes, int]:
        """Statement ``index`` of the chunk: its three rows and its number of quotations."""
        run = self.size + 1
        offsets = self.offsets
        blobs = self.blobs()
        rows = tuple(
            blobs[f][offsets[f * run + index] : offsets[f * run + index + 1]] for f in range(3)
        )
        count = offsets[3 * run + index + 1] - offsets[3 * run + index]
        return rows[0], rows[1], rows[2], count

    @classmethod
    def of(cls, keys: str, rows: list[tuple[bytes, bytes, bytes, int]]) -> Chunk:
        offsets = array.array("q")
        blobs = []
        for column in range(_COLUMNS):
            parts = [row[column] for row in rows]
            offsets.append(0)
            if column < 3:
                offsets.extend(itertools.accumulate(map(len, parts)))  # type: ignore[arg-type]
                blobs.append(b"".join(parts))  # type: ignore[arg-type]
            else:
                offsets.extend(itertools.accumulate(parts))  # type: ignore[arg-type]
        digests = b"".join(hashlib.blake2b(b, digest_size=16).digest() for b in blobs)
        return cls(keys, offsets, digests, (blobs[0], blobs[1], blobs[2]))


def _encoded(
    article: Article, url: str, permalink: str, line: _CsvLine
) -> tuple[bytes, bytes, bytes, int]:
    row = _rows(article, url, permalink, line)
    return (
        row.json.encode("utf-8") + b",\n",
        row.csv.encode("utf-8"),
        row.quotes.encode("utf-8"),
        len(article.quotes),
    )


class RowMemo:
    """Each statement's rows, in chunks by position, kept while its content and permalink
    stay the same.

    A long-running ``serve`` keeps one across builds, and a CLI build loads the last
    build's from the cache, so an edit re-encodes one statement's rows instead of the
    archive's, and the files are joined from the chunks' bytes; only the rows of the
    current site are kept.
    """

    def __init__(self, rows: dict[int, Chunk] | None = None, *, keep: bool = True) -> None:
        """``keep=False``: a memo no later build reads (``--no-cache``): it keeps no rows,
        and the data files make theirs afresh each rather than hold them all (over 200 MB
        at 100,000 statements) until the build ends."""
        self._chunks: dict[int, Chunk] = rows or {}
        self.keep = keep

    @property
    def entries(self) -> dict[int, Chunk]:
        """Chunk number -> chunk, as of the last ``chunks`` call."""
        return self._chunks

    def chunks(self, site: Site, config: SiteConfig) -> list[Chunk]:
        """The current site's chunks: the kept one where its statements are the same, at
        the same positions; else made again from the rows kept anywhere, or encoded."""
        base = config.absolute("/")
        keys = [
            (article.content_key, article.source_path, base + url.lstrip("/"))
            for article, url in zip(site.articles, site.urls, strict=True)
        ]
        old = self._chunks
        made: dict[int, Chunk] = {}
        texts = [
            "\0".join(itertools.chain.from_iterable(keys[start : start + CHUNK]))
            for start in range(0, len(keys), CHUNK)
        ]
        changed = set()
        for number, text in enumerate(texts):
            was = old.get(number)
            if was is not None and was.keys == text:
                made[number] = was
            else:
                changed.add(number)
        # A statement that moved (or changed) left a kept chunk that is no longer the same:
        # only those can hold the rows of statements that moved, so only they are looked
        # through (one chunk after an edit, not the archive's 100,000 rows).
        anywhere: dict[RowKey, tuple[Chunk, int]] = {}
        for number, chunk in old.items():
            if number in changed or number >= len(texts):
                fields = chunk.keys.split("\0")
                for index in range(chunk.size):
                    anywhere[tuple(fields[3 * index : 3 * index + 3])] = (chunk, index)  # type: ignore[index]
        line = _CsvLine()
        for number in sorted(changed):
            start = number * CHUNK
            rows = []
            for offset, key in enumerate(keys[start : start + CHUNK]):
                found = anywhere.get(key)
                if found is not None:
                    rows.append(found[0].row(found[1]))
                else:
                    position = start + offset
                    rows.append(
                        _encoded(site.articles[position], site.urls[position], key[2], line)
                    )
            made[number] = Chunk.of(texts[number], rows)
        if self.keep:
            self._chunks = made
        return [made[number] for number in range(len(made))]

    def rows(self, site: Site, config: SiteConfig) -> list[Rows]:
        """Every statement's rows, made afresh (a memo that keeps none)."""
        line = _CsvLine()
        base = config.absolute("/")
        return [
            _rows(article, url, base + url.lstrip("/"), line)
            for article, url in zip(site.articles, site.urls, strict=True)
        ]


def _joined_bytes(parts: Iterable[str]) -> bytes:
    """The parts as one UTF-8 file, encoded piece by piece into one buffer: joining first
    held the text, then its bytes, at once (at 100,000 statements three copies of an 89 MB
    file in the build's process, at the moment its render workers were copying it)."""
    out = io.BytesIO()
    for part in parts:
        out.write(part.encode("utf-8"))
    return out.getvalue()


def _records(texts: Iterable[str]) -> Iterator[str]:
    yield "[\n"
    for number, text in enumerate(texts):
        if number:
            yield ",\n"
        yield text
    yield "\n]\n"


_CSV_BATCH = 512  # lines of text encoded at a time


def _csv_bytes(header: list[str], records: Iterable[Iterable[Any]]) -> bytes:
    """A CSV file (byte order mark, header, records) through one writer, encoded every few
    hundred lines into one buffer (as ``_joined_bytes``, the text is never held whole)."""
    out = io.BytesIO()
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    text.write(BOM)
    writer.writerow(_cells(header))
    for number, values in enumerate(records, 1):
        writer.writerow(_cells(values))
        if number % _CSV_BATCH == 0:
            out.write(text.getvalue().encode("utf-8"))
            text.seek(0)
            text.truncate()
    out.write(text.getvalue().encode("utf-8"))
    return out.getvalue()


def fresh_file(site: Site, config: SiteConfig, column: int) -> bytes:
    """statements.json (0), statements.csv (1) or quotes.csv (2) made afresh, by a build
    that keeps no rows (``--no-cache``): each file works out only what it shows (quotes.csv
    no statement records, the statement files no quotation lines), and nothing of one
    file's is held for another. The same bytes as ``chunked_file``."""
    base = config.absolute("/")
    linked = (
        (article, base + url.lstrip("/"))
        for article, url in zip(site.articles, site.urls, strict=True)
    )
    if column == 0:
        if not site.articles:
            return b"[]\n"
        texts = (json.dumps(_record(a, link), ensure_ascii=False) for a, link in linked)
        return _joined_bytes(_records(texts))
    if column == 1:
        header = [f.name for f in STATEMENT_FIELDS]
        return _csv_bytes(header, (_record(a, link).values() for a, link in linked))
    quotes = (values for a, link in linked for values in _quote_records(a, link))
    return _csv_bytes([name for name, _, _ in QUOTE_FIELDS], quotes)


def _headers() -> tuple[bytes, bytes]:
    return (
        (BOM + _CsvLine()([f.name for f in STATEMENT_FIELDS])).encode("utf-8"),
        (BOM + _CsvLine()([name for name, _, _ in QUOTE_FIELDS])).encode("utf-8"),
    )


def chunked_file(chunks: list[Chunk], column: int) -> bytes:
    """statements.json (0), statements.csv (1) or quotes.csv (2) joined from the chunks'
    bytes: the same bytes as ``fresh_file``."""
    if column == 0:
        if not chunks:
            return b"[]\n"
        parts: list[bytes | memoryview] = [b"[\n"]
        parts += [c.blobs()[0] for c in chunks[:-1]]
        parts += [memoryview(chunks[-1].blobs()[0])[:-2], b"\n]\n"]  # no last ",\n"
        return b"".join(parts)
    header = _headers()[column - 1]
    return b"".join([header, *(c.blobs()[column] for c in chunks)])


def _file_key(chunks: list[Chunk], column: int) -> str:
    """A file's key from its chunks' digests of their bytes: the same for the same bytes."""
    key = hashlib.blake2b(digest_size=16)
    for chunk in chunks:
        key.update(chunk.digests[16 * column : 16 * column + 16])
    return key.hexdigest()


def _schema(fields: list[tuple[str, str, str]], key: str) -> dict[str, Any]:
    return {
        "fields": [
            {"name": n, "type": "string" if t == "array" else t, "description": d}
            for n, t, d in fields
        ],
        "missingValues": [""],
        "primaryKey": key,
    }


def _statement_schema_fields() -> list[tuple[str, str, str]]:
    return [(f.name, f.type, f.description) for f in STATEMENT_FIELDS]


def datapackage(config: SiteConfig) -> dict[str, Any]:
    """A Frictionless Data descriptor; paths are relative to the descriptor itself.

    A plain data package, not a tabular one: that profile admits only tables, and the
    JSON file is not a table. The CSV resources are still tabular data resources."""
    quotes_schema = _schema(list(QUOTE_FIELDS), "statement")
    quotes_schema["primaryKey"] = ["statement", "number"]
    return {
        "profile": "data-package",
        "name": slug_for(config.title),
        "title": config.title,
        "description": config.description,
        "homepage": config.base_url,
        "resources": [
            {
                "name": "statements",
                "path": "statements.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": CSV_ENCODING,
                "description": "One row per statement; list fields are joined with '; '.",
                "schema": _schema(_statement_schema_fields(), "slug"),
            },
            {
                "name": "quotes",
                "path": "quotes.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": CSV_ENCODING,
                "description": "One row per direct quotation.",
                "schema": quotes_schema,
            },
            {
                "name": "statements-json",
                "path": "statements.json",
                "profile": "data-resource",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "description": "The statements as a JSON array; no value is altered.",
            },
        ],
    }


DOWNLOADS = (
    ("/data/statements.csv", "Statements (CSV)", "One row per statement, every metadata field."),
    ("/data/statements.json", "Statements (JSON)", "The same records as a JSON array."),
    ("/data/quotes.csv", "Quotations (CSV)", "One row per direct quotation, with its speaker."),
    ("/data/datapackage.json", "Data package", "Frictionless Data descriptor with the schemas."),
)


def _bytes_spec(url: str, key: str, make: Callable[[], bytes]) -> PageSpec:
    # ``main``: the rows the data files are made of are kept in ``memo`` for the next
    # build; made in a render worker, they were lost, and the first edit after a full
    # build re-encoded every statement (7 s of a 30,000-statement edit).
    return PageSpec(
        url,
        "data",
        key,
        lambda: {"bytes": make()},
        encode=lambda v: v["bytes"],
        region=DOWNLOADS_REGION,
        main=True,
    )


def plan_downloads(
    site: Site,
    config: SiteConfig,
    only: Collection[Region] | None = None,
    memo: RowMemo | None = None,
) -> Iterator[PageSpec]:
    """The data files and the About page."""
    if not wanted(only, DOWNLOADS_REGION):
        return
    memo = memo or RowMemo()
    if memo.keep:
        chunks = memo.chunks(site, config)
        keys = [_file_key(chunks, column) for column in range(3)]

        def files(column: int) -> bytes:
            return chunked_file(chunks, column)

        yield _bytes_spec("/data/statements.csv", keys[1], lambda: files(1))
        yield _bytes_spec("/data/statements.json", keys[0], lambda: files(0))
        yield _bytes_spec("/data/quotes.csv", keys[2], lambda: files(2))
        quote_count = sum(c.quote_count for c in chunks)
    else:
        # A record also shows its file's path, which an article's content digest does not
        # cover.
        key = hashlib.blake2b(
            "\n".join(
                f"{a.content_key}\0{a.source_path}\0{u}"
                for a, u in zip(site.articles, site.urls, strict=True)
            ).encode("utf-8", "surrogatepass"),
            digest_size=16,
        ).hexdigest()
        yield _bytes_spec("/data/statements.csv", key, lambda: fresh_file(site, config, 1))
        yield _bytes_spec("/data/statements.json", key, lambda: fresh_file(site, config, 0))
        yield _bytes_spec("/data/quotes.csv", key, lambda: fresh_file(site, config, 2))
        quote_count = quote_total(site)
    package = json.dumps(datapackage(config), ensure_ascii=False, indent=2) + "\n"
    yield _bytes_spec("/data/datapackage.json", digest(package), lambda: package.encode("utf-8"))
    about = {
        "title": "About the data",
        "downloads": [{"url": u, "title": t, "description": d} for u, t, d in DOWNLOADS],
        "statement_fields": [
            {"name": n, "type": t, "description": d} for n, t, d in _statement_schema_fields()
        ],
        "quote_fields": [{"name": n, "type": t, "description": d} for n, t, d in QUOTE_FIELDS],
        "counts": {
            "statements": len(site.articles),
            "quotes": quote_count,
            "undated": len(site.dates.undated),
        },
        "feed": "/feed.xml" if has_feed(site, range(len(site.articles))) else None,
    }
    yield PageSpec(
        "/about/data/", "about-data.html", digest(about), lambda: about, region=DOWNLOADS_REGION
    )
