"""One content file -> one Article: front matter layered over inference over defaults.

This is the unit of work the build parallelises and caches, so it is a pure function of
(path, bytes, registries): no clock, no environment, no file system.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from slugify import slugify

from sana_archive.content.fields import FIELDS, IGNORED
from sana_archive.content.frontmatter import SplitFile, decode, split_front_matter
from sana_archive.content.limits import cap_names
from sana_archive.content.markup import render_markdown
from sana_archive.controls import find_forbidden, line_col, strip_forbidden
from sana_archive.inference import infer
from sana_archive.inference.provenance import shifted
from sana_archive.model import (
    WEEKDAYS,
    Article,
    Diagnostic,
    Evidence,
    Inferred,
    Person,
    Positional,
    Quote,
    TextBody,
)
from sana_archive.registry import Registries, clean_name

SLUG_MAX = 80


@dataclass(frozen=True, slots=True)
class ReadResult(Positional):
    article: Article | None
    diagnostics: tuple[Diagnostic, ...]


def make_slug(text: str) -> str:
    return slugify(text, max_length=SLUG_MAX, word_boundary=True, save_order=True)


# A permalink made from a file's path is kept whole up to this length; past it, the end is
# replaced by a digest of the whole path, so two long names never meet in one slug.
PATH_SLUG_MAX = 120


def path_slug(source_path: str) -> str:
    """The permalink slug of a file that sets no ``slug``: its path under ``content/``.

    Why the path and not the headline: the path is the one thing about a statement that only
    its archivist changes. A headline repeats across years of wire copy, and one read from
    the text changes whenever the inference improves; a slug made unique by looking at the
    other files moves when they come and go. So ``content/2017/lavrov-astana.txt`` is
    ``2017-lavrov-astana`` whatever else the archive holds, and folders the file name
    already begins with are not repeated (``content/sana/sana-57563-lavrov.txt`` is
    ``sana-57563-lavrov``).
    """
    parts = list(PurePosixPath(source_path).parts)
    if parts and parts[0] == "content":
        parts = parts[1:]
    digest = hashlib.sha1(source_path.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    if not parts:
        return digest
    parts[-1] = PurePosixPath(parts[-1]).stem
    pieces = [slugify(part, save_order=True) for part in parts]
    slug = pieces[-1]
    folders = "-".join(p for p in pieces[:-1] if p)
    if folders and not (slug == folders or slug.startswith(folders + "-")):
        slug = f"{folders}-{slug}" if slug else folders
    if not slug:
        return digest
    if len(slug) > PATH_SLUG_MAX:
        slug = f"{slug[: PATH_SLUG_MAX - 9].rstrip('-')}-{digest}"
    return slug


def lead_title(body: str, words: int = 12) -> str:
    """A short form of the lead, for articles with no headline: never an invented title."""
    text = " ".join(body.split())
    text = re.sub(r"^[^–—-]{0,60}?\bSANA\s*[–—-]+\s*", "", text)
    parts = text.split(" ")
    short = " ".join(parts[:words])
    return short + ("…" if len(parts) > words else "")


def read_article(path: str, data: bytes, registries: Registries) -> ReadResult:
    """Decode, split, infer and layer. ``path`` is the site-relative POSIX path."""
    text, problems = decode(data, path)
    if text is None:
        return ReadResult(None, tuple(problems))
    text = _without_controls(text, path, problems)
    split = split_front_matter(text, path)
    problems.extend(split.diagnostics)
    meta: dict[str, Any] = {}
    for key, raw in (split.meta or {}).items():
        line = split.key_lines.get(key, 1)
        if key in IGNORED:
            continue
        normalize = FIELDS.get(key)
        if normalize is None:
            problems.append(Diagnostic(path, line, 1, "warning", f"unknown field {key!r}; ignored"))
            continue
        if raw is None:
            continue
        value, message, level = normalize(raw)
        if message:
            problems.append(Diagnostic(path, line, 1, level, message))  # type: ignore[arg-type]
        if value is not None:
            meta[key] = value
    if not split.body.strip() and not meta.get("title"):
        problems.append(
            Diagnostic(
                path, split.body_line, 1, "warning", "article has no text and no title; skipped"
            )
        )
        return ReadResult(None, tuple(problems))

    if str(meta.get("language", "en")).lower().startswith("en"):
        found = infer(split.body, registries)
    else:
        # The inference reads English wire copy: text in another script would be taken for
        # page furniture and dropped, so such a body is kept as written, nothing inferred.
        found = Inferred(body=split.body.strip())
    # The path is part of what an article is made of (a title can come from the file name).
    digest = hashlib.blake2b(
        path.encode("utf-8", "surrogatepass") + b"\0" + data, digest_size=16
    ).hexdigest()
    article = _layer(path, meta, found, registries, "date" in (split.meta or {}), digest)
    article, capped = cap_names(article, split.key_lines, split.body_line)
    problems.extend(capped)
    body = article.body
    notes = (
        _shifted(found.evidence, article.inferred, split.body_line - 1),
        _places(text, article, split, found, registries),
    )
    article = replace(article, body=TextBody(body.markdown, body.html, *notes))
    for warning in found.warnings:
        if _worth_reporting(warning, meta):
            problems.append(Diagnostic(path, split.body_line, 1, "warning", warning))
    return ReadResult(article, tuple(problems))


# Evidence is kept for the fields whose value the text gave, under the article's field names.
_EVIDENCE_FIELD = {"speaker": "speakers", "speaker_role": "speakers"}


def _shifted(evidence: tuple[Evidence, ...], inferred: frozenset[str], lines: int
             ) -> tuple[Evidence, ...]:
    """Evidence of the fields taken from the text, with lines counted from the file's top."""
    return shifted((item for item in evidence
                    if _EVIDENCE_FIELD.get(item.field, item.field) in inferred), lines)


def _raw_names(value: Any) -> list[str]:
    """The names a front-matter value spells, as written (before any normalizing)."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str):
            names.append(item)
    return names


def _places(
    text: str, article: Article, split: SplitFile, found: Inferred, registries: Registries
) -> tuple[tuple[str, int, int], ...]:
    """Where in the file each name the article is indexed under is written: (name, line,
    col). Warnings about a name (a probable duplicate, a shared slug) point there, so an
    archivist lands on the spelling, not on the top of the file."""
    meta = split.meta or {}
    spelled: dict[str, list[str]] = {}
    people = [
        *_raw_names(meta.get("speakers")),
        *_raw_names(meta.get("counterparts")),
        *(p.name for p in found.speakers),
        *found.counterparts,
    ]
    for raw in people:
        spelled.setdefault(registries.canonical_speaker(clean_name(raw)), []).append(raw)
    for raw in [*_raw_names(meta.get("location")), *([found.location] if found.location else [])]:
        spelled.setdefault(registries.canonical_location(clean_name(raw)), []).append(raw)
    for raw in [*_raw_names(meta.get("topics")), *found.topics]:
        spelled.setdefault(registries.canonical_topic(clean_name(raw)), []).append(raw)
    fields = {
        **{p.name: "speakers" for p in article.speakers},
        **{n: "counterparts" for n in article.counterparts},
        **({article.location: "location"} if article.location else {}),
        **{t: "topics" for t in article.topics},
        **({article.source: "source"} if article.source else {}),
    }
    normalized = unicodedata.normalize("NFC", text)
    places = []
    for name, field in fields.items():
        line, col = split.key_lines.get(field, split.body_line), 1
        for candidate in dict.fromkeys([*spelled.get(name, ()), name]):
            at = normalized.find(unicodedata.normalize("NFC", candidate))
            if at >= 0:
                line = normalized.count("\n", 0, at) + 1
                col = at - (normalized.rfind("\n", 0, at) + 1) + 1
                break
        places.append((name, line, col))
    return tuple(places)


def _without_controls(text: str, path: str, problems: list[Diagnostic]) -> str:
    """The text with no character an output may not carry (ESC, BEL, C1 controls ...)."""
    index = find_forbidden(text)
    if index is None:
        return text
    line, col = line_col(text, index)
    problems.append(Diagnostic(path, line, col, "warning", "control characters removed"))
    return strip_forbidden(text)


# An inference warning about a field the front matter already gives is no news.
_ANSWERED_BY = {"no dateline found": "location", "no speaker found": "speakers"}


def _worth_reporting(warning: str, meta: dict[str, Any]) -> bool:
    """Names missing from a registry are listed once per name by ``check``, not per file."""
    if warning.startswith(("speaker not in registry", "location not in registry")):
        return False
    return _ANSWERED_BY.get(warning) not in meta


def _fold_people(
    people: tuple[Person, ...], found: Inferred, registries: Registries, date: dt.date | None
) -> tuple[Person, ...]:
    """Canonical names; a role missing in front matter comes from the text, then the registry."""
    inferred_roles = {
        registries.canonical_speaker(clean_name(p.name)): p.role for p in found.speakers
    }
    out: dict[str, Person] = {}
    for person in people:
        name = registries.canonical_speaker(clean_name(person.name))
        role = person.role or inferred_roles.get(name)
        if role is None and (entry := registries.speaker(name)) is not None:
            role = entry.role_on(date)
        out.setdefault(name, Person(name, role))
    return tuple(out.values())


def _layer(
    path: str,
    meta: dict[str, Any],
    found: Inferred,
    registries: Registries,
    date_in_front_matter: bool,
    digest: str,
) -> Article:
    inferred: set[str] = set()

    def pick(field: str, fallback: Any) -> Any:
        if field in meta:
            return meta[field]
        if fallback not in (None, (), ""):
            inferred.add(field)
        return fallback

    date: dt.date | None = meta.get("date")
    date_text: str | None = None
    if not date_in_front_matter and found.date:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", found.date):
            date = dt.date.fromisoformat(found.date)
            inferred.add("date")
        else:
            date_text = found.date
    weekday = pick("weekday", found.weekday)
    if date is not None and weekday is None:
        weekday = WEEKDAYS[date.weekday()]

    speakers = _fold_people(pick("speakers", found.speakers), found, registries, date)
    location = pick("location", found.location)
    if location:
        location = registries.canonical_location(clean_name(location))
    counterparts = tuple(
        dict.fromkeys(
            registries.canonical_speaker(clean_name(n))
            for n in pick("counterparts", found.counterparts)
        )
    )
    topics = tuple(
        dict.fromkeys(
            registries.canonical_topic(clean_name(t)) for t in pick("topics", found.topics)
        )
    )
    quotes = tuple(
        Quote(q.text, registries.canonical_speaker(clean_name(q.speaker)) if q.speaker else None)
        for q in found.quotes
    )
    source = pick("source", found.source)
    if source:
        source = registries.canonical_source(clean_name(source))  # sources.yaml's aliases
    body = found.body if found.body.strip() else ""
    title = meta.get("title")
    if title is None:
        title = found.title or lead_title(body) or PurePosixPath(path).stem
        inferred.add("title")
    # The permalink depends on this file alone (see site.urls.path_slug), never on the title.
    slug = (make_slug(meta["slug"]) if "slug" in meta else "") or path_slug(path)
    return Article(
        source_path=path,
        slug=slug,
        title=title,
        date=date,
        date_text=date_text,
        weekday=weekday,
        body=TextBody(body, render_markdown(body)),
        location=location,
        source=source,
        source_url=meta.get("source_url"),
        byline=pick("byline", found.byline),
        speakers=speakers,
        counterparts=counterparts,
        topics=topics,
        quotes=quotes,
        language=meta.get("language", "en"),
        summary=meta.get("summary"),
        draft=meta.get("draft", False),
        inferred=frozenset(inferred),
        digest=digest,
        aliases=meta.get("aliases", ()),
    )
