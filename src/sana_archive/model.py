"""The nouns of the archive.

Every value here is a frozen dataclass so that articles can be cached, compared and
shared between processes without anyone mutating them behind the pipeline's back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field, fields
from typing import Literal

from sana_archive.controls import printable

Level = Literal["error", "warning", "review"]  # review: see provenance.review_items

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class Positional:
    """Pickled as a call of the constructor with the fields in order.

    A frozen, slotted dataclass otherwise pickles through dataclasses' generic
    ``__setstate__``, a Python loop per object: loading 10,000 cached articles took 0.42 s
    that way and 0.29 s this way, and the read workers send every article back pickled.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return type(self), tuple(getattr(self, name) for name in _field_names(type(self)))


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic(Positional):
    """A problem found in an input, with the place a person should look.

    Problems are values rather than exceptions so that one bad file never stops the
    rest of the archive from building; they are collected and reported together.
    """

    path: str
    line: int
    col: int
    level: Level
    message: str

    def format(self) -> str:
        """One line for a terminal: a file name or text holding ESC or a newline is
        escaped, so it can neither forge another line nor drive the terminal."""
        path, message = printable(self.path), printable(self.message)
        return f"{path}:{self.line}:{self.col}: {self.level}: {message}"


@dataclass(frozen=True, slots=True)
class Person(Positional):
    """A named official, with the role as the text wrote it at first full mention."""

    name: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence(Positional):
    """Where an inferred field was read, so an archivist can check a claim in one glance.

    ``line`` and ``col`` are 1-based and count in the text that was read (the reader shifts
    them past the front matter, so they point into the file); ``text`` is the passage that
    was matched, as written there; ``rule`` names the pattern that read it. ``weak``
    readings (a name no registry knows, found by a loose pattern; a date from a page stamp)
    are what ``check`` lists for review.
    """

    field: str
    value: str
    line: int
    col: int
    text: str
    rule: str
    weak: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"value": self.value, "line": self.line, "col": self.col, "text": self.text,
                "rule": self.rule, "weak": self.weak}


@dataclass(frozen=True, slots=True)
class Quote(Positional):
    """A direct quotation and, where the sentence says who, the person it belongs to."""

    text: str
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class Inferred:
    """What the inference read from an article's text alone.

    ``date`` is ``YYYY-MM-DD`` when the text states a full date, ``--MM-DD`` when it states
    a day without a year (ISO 8601's reduced form), else None; it is never computed from a
    weekday.
    """

    title: str | None = None
    date: str | None = None
    weekday: str | None = None
    location: str | None = None
    source: str | None = None
    speakers: tuple[Person, ...] = ()
    counterparts: tuple[str, ...] = ()
    byline: str | None = None
    quotes: tuple[Quote, ...] = ()
    topics: tuple[str, ...] = ()
    body: str = ""
    tails: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()


class Body:
    """What only an article's own page needs: its text, as Markdown and as sanitized HTML,
    and where in its file each reading was made (``evidence``, ``places``); compared and
    pickled by value.

    A body is most of an article's weight (two copies of 400 words, often two bytes a
    character, and the passages and places of its readings, about 1 KB more), and a page
    needs it only while that page is drawn (or a warning points into the file): a build
    keeps it in a spill file (``content.spill``) rather than in memory, through this same
    interface.
    """

    __slots__ = ()

    @property
    def markdown(self) -> str:
        raise NotImplementedError

    @property
    def html(self) -> str:
        raise NotImplementedError

    @property
    def notes(self) -> Notes:
        """Where the article's readings were made: its evidence and its places."""
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Body):
            return NotImplemented
        return (self.markdown, self.html, self.notes) == (other.markdown, other.html, other.notes)

    def __hash__(self) -> int:
        return hash((self.markdown, self.html))

    def __repr__(self) -> str:
        evidence, places = self.notes
        return f"Body({self.markdown!r}, {self.html!r}, {evidence!r}, {places!r})"

    def __reduce__(self) -> tuple[type[TextBody], tuple[object, ...]]:
        return TextBody, (self.markdown, self.html, *self.notes)


# Where each name an article is indexed under is written in its file: (name, line, col).
Places = tuple[tuple[str, int, int], ...]
Notes = tuple[tuple[Evidence, ...], Places]


class TextBody(Body):
    """A body held in memory: how an article is made, cached and sent between processes."""

    __slots__ = ("_evidence", "_html", "_markdown", "_places")

    def __init__(
        self,
        markdown: str,
        html: str,
        evidence: tuple[Evidence, ...] = (),
        places: Places = (),
    ) -> None:
        self._markdown = markdown
        self._html = html
        self._evidence = evidence
        self._places = places

    @property
    def markdown(self) -> str:
        return self._markdown

    @property
    def html(self) -> str:
        return self._html

    @property
    def notes(self) -> Notes:
        return self._evidence, self._places


DateBasis = Literal["stated", "derived", "none"]


@dataclass(frozen=True, slots=True)
class Dating(Positional):
    """A date derived from evidence, never stated: the span the evidence allows, and why.

    Kept apart from ``Article.date`` so that nothing which reads a stated date (JSON-LD,
    feeds' instants) can take a conjecture for a fact by accident; every output that shows
    a derived date asks for it by name and marks it. ``evidence`` is the sentence a
    statement page prints, e.g. "SANA post 57563 lies between post 49060 of 21 July 2015
    and post 68207 of 1 February 2016".
    """

    earliest: dt.date
    latest: dt.date
    evidence: str

    @property
    def day(self) -> dt.date | None:
        """The one day the evidence leaves, if it leaves only one."""
        return self.earliest if self.earliest == self.latest else None


@dataclass(frozen=True, slots=True)
class Article(Positional):
    """One statement in the archive: front matter layered over inference.

    ``inferred`` names the fields whose value came from the text rather than from front
    matter, so pages can mark them and archivists can review them. ``digest`` fingerprints
    the source bytes, so a build can tell an unchanged article without comparing values.
    """

    source_path: str
    slug: str
    title: str
    date: dt.date | None
    body: Body
    weekday: str | None = None
    date_text: str | None = None
    location: str | None = None
    source: str | None = None
    source_url: str | None = None
    byline: str | None = None
    speakers: tuple[Person, ...] = ()
    counterparts: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    language: str = "en"
    summary: str | None = None
    draft: bool = False
    inferred: frozenset[str] = field(default_factory=frozenset)
    digest: str = ""
    dating: Dating | None = None
    aliases: tuple[str, ...] = ()  # old permalinks that redirect here

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """Where each field in ``inferred`` was read (several for counterparts), in file
        lines; kept with the body, since only the article's own page shows it."""
        return self.body.notes[0]

    @property
    def places(self) -> Places:
        """Where each name the article is indexed under is written in its file: (name,
        line, col); kept with the body, since only a warning about a name reads it."""
        return self.body.notes[1]

    def place_of(self, name: str) -> tuple[int, int]:
        """The line and column where ``name`` is written in the source file (1, 1 if unknown)."""
        for spelled, line, col in self.places:
            if spelled == name:
                return line, col
        return 1, 1

    def with_dating(self, dating: Dating | None) -> Article:
        """This article dated by evidence (or no longer): a copy, as each build dates the
        archive afresh (one recalled from the cache stays unloaded, ``engine.recalled``)."""
        return dataclasses.replace(self, dating=dating)

    @property
    def quote_speakers(self) -> tuple[str | None, ...]:
        """Who each quotation is by: all that counting them, or a speaker's, needs (a
        statement recalled from the cache has it without its quotations' text)."""
        return tuple(quote.speaker for quote in self.quotes)

    @property
    def body_markdown(self) -> str:
        return self.body.markdown

    @property
    def body_html(self) -> str:
        return self.body.html

    @property
    def content_key(self) -> str:
        """What tells this article from an edited one: the digest of its source, or, for an
        article made without a source (tests, imports), everything it holds."""
        if not self.digest:
            return repr(self)
        # A derived date comes from other files (anchors), not from this one's bytes.
        return self.digest if self.dating is None else f"{self.digest}:{self.dating!r}"

    @property
    def date_basis(self) -> DateBasis:
        """Where the archive's date for this statement comes from."""
        if self.date is not None:
            return "stated"
        return "derived" if self.dating is not None else "none"

    @property
    def order_date(self) -> dt.date | None:
        """The day it is filed and sorted by: the stated date, else the earliest day its
        derived date allows (a scholar's "not before")."""
        if self.date is not None:
            return self.date
        return self.dating.earliest if self.dating is not None else None

    @property
    def sort_key(self) -> tuple[int, str, str]:
        """Newest first, undated last, ties broken by slug so order never depends on I/O."""
        day = self.order_date
        ordinal = day.toordinal() if day else 0
        return (-ordinal, self.slug, self.source_path)


def shared_fields(article: Article, seen: dict[object, object]) -> dict[str, object]:
    """The article's fields that many articles hold equal values of (a date, a weekday, a
    place, a speaker, a set of inferred fields), each as the one instance in ``seen``: for
    ``dataclasses.replace``. Articles arrive from the read workers each with its own copies,
    about 700 bytes of them an article that one instance per value saves."""

    def one(value: object) -> object:
        return seen.setdefault(value, value)

    return {
        "date": one(article.date),
        "weekday": one(article.weekday),
        "location": one(article.location),
        "source": one(article.source),
        "byline": one(article.byline),
        "language": one(article.language),
        "inferred": one(article.inferred),
        "speakers": one(tuple(one(p) for p in article.speakers)),
        "counterparts": one(tuple(one(n) for n in article.counterparts)),
        "topics": one(tuple(one(t) for t in article.topics)),
    }
