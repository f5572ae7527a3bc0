"""What `sana-archive extract` and `sana-archive import` do with a wire story.

``extract_record`` shows what inference reads from a file; ``import_file`` turns a raw
dispatch into an archive file whose front matter holds those readings, marked
``review: inferred`` so an archivist checks them, above the original bytes untouched.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any

import yaml
from slugify import slugify

from sana_archive.controls import strip_forbidden
from sana_archive.inference import infer
from sana_archive.inference.provenance import evidence_json, shifted, summary_lines, yaml_comment
from sana_archive.model import Evidence, Inferred
from sana_archive.registry import Registries
from sana_archive.site.dating import (
    find_bracket,
    narrow,
    post_of,
    registry_anchors,
    sorted_anchors,
)
from sana_archive.yamlload import load_yaml

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAX_SLUG = 80


def strip_front_matter(text: str) -> tuple[str, bool]:
    """(body, had front matter): inference reads the story, never the archivist's notes."""
    match = _FRONT_MATTER.match(text)
    return (text[match.end():], True) if match else (text, False)


def date_derived(text: str, got: Inferred, registries: Registries) -> dict[str, Any] | None:
    """The date sources.yaml's anchors give a story that states none: its post id (from
    the front matter's ``source_url``) between anchors, narrowed by the text's weekday or
    year-less date. Only the registry's anchors are used, not the archive's stated dates."""
    match = _FRONT_MATTER.match(text)
    url = None
    if match:
        block = text[match.start() : match.end()].split("\n", 1)
        inner = block[1].rsplit("---", 1)[0] if len(block) == 2 else ""
        meta = load_yaml(inner, "front matter").value
        url = meta.get("source_url") if isinstance(meta, dict) else None
    if got.date and _FULL_DATE.match(got.date):
        return None  # a stated date is never replaced
    post = post_of(url if isinstance(url, str) else None, registries)
    if post is None:
        return None
    entry, post_id = post
    bracket = find_bracket(sorted_anchors(registry_anchors(entry)), post_id)
    if bracket is None:
        return None
    month_day = (int(got.date[2:4]), int(got.date[5:7])) if got.date else None
    outcome = narrow(entry.name, post_id, bracket, got.weekday, month_day)
    if outcome.dating is None:
        return {"problem": outcome.problem}
    dating = outcome.dating
    return {
        "earliest": dating.earliest.isoformat(),
        "latest": dating.latest.isoformat(),
        "day": dating.day.isoformat() if dating.day else None,
        "evidence": dating.evidence,
    }


def _line_count(text: str) -> int:
    """Line breaks in ``text``, counted the way inference counts them (CRLF, CR or LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n")


def extract_record(path: str, text: str, registries: Registries) -> dict[str, Any]:
    body, _ = strip_front_matter(text)
    got = infer(body, registries)
    record = _record(path, got)
    # Inference read the text below the front matter; a person opens the whole file.
    evidence = shifted(got.evidence, _line_count(text[:len(text) - len(body)]))
    record["evidence"] = evidence_json(evidence)
    if registries.sources:
        record["date_derived"] = date_derived(text, got, registries)
    return record


def _record(path: str, got: Inferred) -> dict[str, Any]:
    return {
        "path": path,
        "title": got.title,
        "date": got.date,
        "weekday": got.weekday,
        "location": got.location,
        "source": got.source,
        "speakers": [{"name": p.name, "role": p.role} for p in got.speakers],
        "counterparts": list(got.counterparts),
        "byline": got.byline,
        "quotes": [{"text": q.text, "speaker": q.speaker} for q in got.quotes],
        "topics": list(got.topics),
        "body": got.body,
        "warnings": list(got.warnings),
    }


def format_summary(record: dict[str, Any]) -> str:
    """A few aligned lines per file, the way an archivist scans a batch before importing."""
    def show(value: Any) -> str:
        return "—" if value in (None, "", []) else str(value)

    speakers = "; ".join(f"{s['name']} ({s['role']})" if s.get("role") else s["name"]
                         for s in record.get("speakers", []))
    lines = [
        f"{record['path']}",
        f"  title:        {show(record.get('title'))}",
        f"  date:         {show(record.get('date'))}   weekday: {show(record.get('weekday'))}",
        f"  dateline:     {show(record.get('location'))}   source: {show(record.get('source'))}",
        f"  speakers:     {show(speakers)}",
        f"  counterparts: {show(', '.join(record.get('counterparts', [])))}",
        f"  byline:       {show(record.get('byline'))}",
        f"  topics:       {show(', '.join(record.get('topics', [])))}",
        f"  quotes:       {len(record.get('quotes', []))}",
    ]
    for quote in record.get("quotes", [])[:5]:
        text = quote["text"] if len(quote["text"]) <= 90 else quote["text"][:87] + "..."
        lines.append(f"    “{text}” — {show(quote.get('speaker'))}")
    if record.get("evidence"):
        lines.append("  evidence:     line:col  passage  rule")
        lines.extend(summary_lines(record["evidence"]))
    lines.extend(f"  warning: {w}" for w in record.get("warnings", []))
    return "\n".join(lines)


def front_matter(got: Inferred) -> dict[str, Any]:
    """The non-empty readings, in the fields the front-matter reader accepts."""
    values: dict[str, Any] = {
        "title": got.title,
        "date": got.date if got.date and _FULL_DATE.match(got.date) else None,
        "weekday": got.weekday,
        "location": got.location,
        "source": got.source,
        "speakers": [{"name": p.name, "role": p.role} if p.role else {"name": p.name}
                     for p in got.speakers],
        "counterparts": list(got.counterparts),
        "byline": got.byline,
        "topics": list(got.topics),
    }
    values = {key: value for key, value in values.items() if value not in (None, "", [])}
    values["review"] = "inferred"
    return values


def _dump(value: Any) -> list[str]:
    """``value`` as block YAML lines, letters of every script written as they are.

    PyYAML writes a NEL or line separator raw inside a quoted scalar, where reading folds
    it into a space (and the site's reader turns U+2028 into a line break): a value holding
    any character that doesn't print is dumped with escapes instead, which read back exact.
    """
    for plain in (True, False):
        text = yaml.safe_dump(value, allow_unicode=plain, sort_keys=False,
                              default_flow_style=False, width=1000)
        lines = text.rstrip("\n").split("\n")
        if all(line.isprintable() for line in lines):
            break
    return lines


def commented_front_matter(values: dict[str, Any], evidence: tuple[Evidence, ...],
                           bom: bool = False) -> str:
    """``---`` … ``---``: the values as YAML, each inferred one with a comment saying where
    it was read, in lines and columns of the file that this header will top.

    The layout is settled first and the line numbers filled in after, since they depend on
    how many lines the header itself takes. A value whose YAML spans several lines gets its
    comment on a line of its own above it (a comment can't follow a block scalar's header).
    A BOM kept at the start of the story sits before its first column.
    """
    by_field: dict[str, list[Evidence]] = {}
    for item in evidence:
        by_field.setdefault(item.field, []).append(item)

    def first(field: str, value: Any) -> Evidence | None:
        return next((e for e in by_field.get(field, []) if e.value == value), None)

    rows: list[tuple[str, Evidence | None]] = [
        ("# Read from the story below; lines and columns count in this file.", None)]

    def add(lines: list[str], item: Evidence | None) -> None:
        if item is not None and len(lines) > 1:
            rows.append(("", item))
            item = None
        rows.extend((line, item if n == 0 else None) for n, line in enumerate(lines))

    for key, value in values.items():
        if key == "speakers":
            rows.append(("speakers:", None))
            for person in value:
                lines = _dump([person])
                found = [first("speaker", person["name"]), first("speaker_role",
                                                                 person.get("role"))]
                if len(lines) != len(person):  # a value spans lines: comments above it
                    rows.extend(("", item) for item in found if item is not None)
                    found = [None] * len(lines)
                for line, item in zip(lines, found, strict=False):
                    add([line], item)
        elif key == "counterparts":
            rows.append(("counterparts:", None))
            for name in value:
                add(_dump([name]), first("counterparts", name))
        else:
            add(_dump({key: value}), first(key, value))

    below = len(rows) + 2  # the rows and the two fences

    def placed(item: Evidence) -> Evidence:
        col = item.col + 1 if bom and item.line == 1 else item.col
        return Evidence(item.field, item.value, item.line + below, col, item.text, item.rule,
                        item.weak)

    lines = ["---"]
    for line, item in rows:
        if item is None:
            lines.append(line)
        elif line:
            lines.append(f"{line}  {yaml_comment(placed(item))}")
        else:
            lines.append(f"# {item.field}: {yaml_comment(placed(item))[2:]}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def import_file(src: Path, into: Path, registries: Registries
                ) -> tuple[Path | None, str | None]:
    """Write ``into/<slug>.txt``: inferred front matter, then the source's bytes unchanged.

    Never overwrites: an existing file is an archivist's work, and a second import of the
    same story should be noticed, not silently merged.
    """
    try:
        raw = src.read_bytes()
    except OSError as exc:
        return None, f"cannot read {src} ({exc.strerror or exc})"
    text = strip_forbidden(raw.decode("utf-8-sig", errors="replace"))  # as the build reads it
    if strip_front_matter(text)[1]:
        return None, "already has front matter; copy it into the archive as it is"
    got = infer(text, registries)
    slug = slugify(got.title or src.stem, max_length=_MAX_SLUG, word_boundary=True) or "story"
    target = into / f"{slug}.txt"
    header = commented_front_matter(front_matter(got), got.evidence,
                                    bom=raw.startswith(b"\xef\xbb\xbf"))
    payload = header.encode("utf-8") + raw
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        # Wire headlines repeat for years: another story of the same headline gets its own
        # file (the name is its permalink), told apart by a digest of its bytes; the same
        # story imported twice is refused, so a re-import is noticed.
        if _holds(target, raw):
            return None, f"{target} already holds this story; not imported again"
        target = into / f"{slug}-{hashlib.blake2b(raw, digest_size=3).hexdigest()}.txt"
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return None, f"{target} already exists; not overwritten"
        except OSError as exc:
            return None, f"cannot write {target} ({exc.strerror or exc})"
    except OSError as exc:
        return None, f"cannot write {target} ({exc.strerror or exc})"
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)
    return target, None


def _holds(existing: Path, raw: bytes) -> bool:
    """Whether a file already in the archive is this story (its bytes under the header)."""
    try:
        return existing.read_bytes().endswith(raw)
    except OSError:
        return False
