"""Bytes of a content file -> front matter values + body, with located problems.

Files arrive from scrapers and editors: with or without a BOM, with CRLF line ends, in
cp1252, with stray NULs. They are decoded leniently (with a warning) rather than rejected,
because a readable article with a warning is worth more to an archivist than a skipped one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sana_archive.model import Diagnostic
from sana_archive.yamlload import load_yaml

_FENCE = "---"
# Embeddings, overrides and isolates (U+202A-E, U+2066-9): invisible, and an unclosed one
# reverses whatever the page prints after it, so a name could pose as another. The marks
# LRM, RLM and ALM carry no such scope and are kept for Arabic text.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class SplitFile:
    """A decoded file: front matter (or None), the body, and where the body starts."""

    meta: dict[str, Any] | None
    body: str
    body_line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()


def decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode bytes to text with normalised line ends; None when the file is not text."""
    problems: list[Diagnostic] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    sample = data[:4096]
    nuls = sample.count(b"\x00")
    if sample and (nuls > max(4, len(sample) // 100) or _binary_ratio(sample) > 0.1):
        return None, [Diagnostic(path, 1, 1, "error", "not a text file (binary content); skipped")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        text = data.decode("cp1252", errors="replace")
        problems.append(
            Diagnostic(path, line, col, "warning", "not valid UTF-8; read as Windows-1252 (cp1252)")
        )
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        problems.append(Diagnostic(path, line, 1, "warning", "NUL characters removed"))
        text = text.replace("\x00", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    found = _BIDI_CONTROLS.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        col = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        problems.append(
            Diagnostic(
                path,
                line,
                col,
                "warning",
                "bidirectional override characters removed (they can make text read backwards)",
            )
        )
        text = _BIDI_CONTROLS.sub("", text)
    return text, problems


# Control bytes that text does not contain (tab, newline, form feed and return excepted).
_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _binary_ratio(sample: bytes) -> float:
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    return controls / len(sample)


def split_front_matter(text: str, path: str) -> SplitFile:
    """Split ``---`` YAML front matter from the body; anything else is all body."""
    lines = text.split("\n")
    first = lines[0].rstrip() if lines else ""
    if first == "+++":
        end = _closing(lines, "+++")
        body_start = (end + 1) if end is not None else 1
        return SplitFile(
            None,
            "\n".join(lines[body_start:]),
            body_start + 1,
            {},
            (
                Diagnostic(
                    path,
                    1,
                    1,
                    "error",
                    "TOML front matter (+++) is not supported; use YAML between --- lines",
                ),
            ),
        )
    if first != _FENCE:
        return SplitFile(None, text, 1)
    end = _closing(lines, _FENCE, "...")
    if end is None:
        return SplitFile(
            None,
            "\n".join(lines[1:]),
            2,
            {},
            (
                Diagnostic(
                    path,
                    1,
                    1,
                    "error",
                    "front matter opened with --- is never closed; the whole file was read as body",
                ),
            ),
        )
    doc = load_yaml("\n".join(lines[1:end]), path, first_line=2)
    body = "\n".join(lines[end + 1 :])
    problems = list(doc.diagnostics)
    meta: dict[str, Any] | None = None
    if isinstance(doc.value, dict):
        meta = {str(k): v for k, v in doc.value.items()}
    elif doc.value is not None:
        problems.append(
            Diagnostic(path, 2, 1, "error", "front matter must be a mapping of field: value")
        )
    return SplitFile(meta, body, end + 2, doc.key_lines, tuple(problems))


def _closing(lines: list[str], *fences: str) -> int | None:
    for index in range(1, len(lines)):
        if lines[index].rstrip() in fences:
            return index
    return None
