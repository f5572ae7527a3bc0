"""Data downloads: statements and quotes as CSV and JSON, a Frictionless descriptor, the
"About the data" page, and the citation files beside each statement.

One table of fields is the source of truth for the CSV columns, the JSON keys, the
datapackage schema and the field list on the About page, so they cannot drift apart.
CSV cells that a spreadsheet would run as a formula are neutralized with a leading
apostrophe; the JSON keeps every value exactly. The CSV files begin with a UTF-8 byte order
mark: without one, Excel reads UTF-8 as the local code page and shows "’" as "â€™".
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import itertools
import json
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sana_archive.config import SiteConfig
from sana_archive.model import Article
from sana_archive.site.graph import Site, has_feed
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
        "Latest day the statement can be from: the stated date, or the end of the derived "
        "range.",
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


class _CsvLine:
    """One CSV record as text, through the csv module's quoting rules."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def __call__(self, values: Iterable[Any]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(
            spreadsheet_safe(_joined(v) if isinstance(v, list) else "" if v is None else str(v))
            for v in values
        )
        return self._buffer.getvalue()


@dataclass(frozen=True, slots=True)
class Rows:
    """One statement's lines in each data file."""

    json: str
    csv: str
    quotes: str  # one CSV line per quotation, possibly none


def _rows(article: Article, url: str, permalink: str, line: _CsvLine) -> Rows:
    record = {f.name: f.value(article, permalink) for f in STATEMENT_FIELDS}
    roles = {p.name: p.role for p in article.speakers}
    quotes = "".join(
        line(
            [
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
        )
        for number, quote in enumerate(article.quotes, 1)
    )
    return Rows(json.dumps(record, ensure_ascii=False), line(record.values()), quotes)


class RowMemo:
    """Each statement's rows, kept while its content and permalink stay the same.

    A long-running ``serve`` keeps one across builds, and a CLI build loads the last
    build's from the cache, so an edit re-encodes one statement's rows instead of the
    archive's; only the rows of the current site are kept.
    """

    def __init__(
        self, rows: dict[tuple[str, str, str], Rows] | None = None, *, keep: bool = True
    ) -> None:
        """``keep=False``: a memo no later build reads (``--no-cache``): it keeps no rows,
        and the data files make theirs afresh each rather than hold them all (over 200 MB
        at 100,000 statements) until the build ends."""
        self._rows: dict[tuple[str, str, str], Rows] = rows or {}
        self.keep = keep

    @property
    def entries(self) -> dict[tuple[str, str, str], Rows]:
        """(digest, source path, permalink) -> rows, as of the last ``rows`` call."""
        return self._rows

    def rows(self, site: Site, config: SiteConfig) -> list[Rows]:
        line = _CsvLine()
        kept: dict[tuple[str, str, str], Rows] = {}
        result = []
        base = config.absolute("/")
        for article, url in zip(site.articles, site.urls, strict=True):
            permalink = base + url.lstrip("/")
            key = (article.content_key, article.source_path, permalink)
            row = self._rows.get(key) or _rows(article, url, permalink, line)
            kept[key] = row
            result.append(row)
        if self.keep:
            self._rows = kept
        return result


def _joined_bytes(parts: Iterable[str]) -> bytes:
    """The parts as one UTF-8 file, encoded piece by piece into one buffer: joining first
    held the text, then its bytes, at once (at 100,000 statements three copies of an 89 MB
    file in the build's process, at the moment its render workers were copying it)."""
    out = io.BytesIO()
    for part in parts:
        out.write(part.encode("utf-8"))
    return out.getvalue()


def _records(rows: list[Rows]) -> Iterator[str]:
    yield "[\n"
    for number, row in enumerate(rows):
        if number:
            yield ",\n"
        yield row.json
    yield "\n]\n"


def statements_json(rows: list[Rows]) -> bytes:
    # One record a line, each through the C encoder: ``indent`` would force the pure-Python
    # encoder, ten times slower on an archive's worth of records.
    return _joined_bytes(_records(rows)) if rows else b"[]\n"


def statements_csv(rows: list[Rows]) -> bytes:
    header = _CsvLine()([f.name for f in STATEMENT_FIELDS])
    return _joined_bytes(itertools.chain((BOM, header), (r.csv for r in rows)))


def quotes_csv(rows: list[Rows]) -> bytes:
    header = _CsvLine()([name for name, _, _ in QUOTE_FIELDS])
    return _joined_bytes(itertools.chain((BOM, header), (r.quotes for r in rows)))


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
    # A record also shows its file's path, which an article's content digest does not cover.
    key = hashlib.blake2b(
        "\n".join(
            f"{a.content_key}\0{a.source_path}\0{u}"
            for a, u in zip(site.articles, site.urls, strict=True)
        ).encode("utf-8", "surrogatepass"),
        digest_size=16,
    ).hexdigest()
    memo = memo or RowMemo()

    def rows() -> list[Rows]:
        return memo.rows(site, config)

    if memo.keep:  # made once for the three files, as the memo keeps them anyway
        rows = functools.cache(rows)

    yield _bytes_spec("/data/statements.csv", key, lambda: statements_csv(rows()))
    yield _bytes_spec("/data/statements.json", key, lambda: statements_json(rows()))
    yield _bytes_spec("/data/quotes.csv", key, lambda: quotes_csv(rows()))
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
            "quotes": sum(len(a.quote_speakers) for a in site.articles),
            "undated": len(site.dates.undated),
        },
        "feed": "/feed.xml" if has_feed(site, range(len(site.articles))) else None,
    }
    yield PageSpec(
        "/about/data/", "about-data.html", digest(about), lambda: about, region=DOWNLOADS_REGION
    )
