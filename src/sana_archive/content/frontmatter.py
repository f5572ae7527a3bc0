"""Bytes of a content file -> front matter values + body, with located problems.

Files arrive from scrapers and editors: with or without a BOM, with CRLF line ends, in
cp1252, with stray NULs. They are decoded leniently (with a warning) rather than rejected,
because a readable article with a warning is worth more to an archivist than a skipped one.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

from sana_archive.content.fields import FIELDS, IGNORED
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
    """Decode bytes to text with normalised line ends; None when the file is not published.

    UTF-8 is the rule. A byte-order mark names UTF-16 or UTF-32 without doubt, so such a
    file is read as it says. Anything else that is not UTF-8 is never guessed at (GB18030
    read as Windows-1252 publishes mojibake under the archive's name): it is an error at
    the first byte that does not decode, unless the front matter names the encoding
    (``encoding: windows-1252``), which then wins.
    """
    problems: list[Diagnostic] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                return None, [
                    Diagnostic(
                        path,
                        1,
                        1,
                        "error",
                        f"starts with a {codec.upper()} byte-order mark but byte "
                        f"{exc.start + len(bom)} does not decode; not published",
                    )
                ]
            return _clean(text, path, problems)
    sample = data[:4096]
    nuls = sample.count(b"\x00")
    if sample and (nuls > max(4, len(sample) // 100) or _binary_ratio(sample) > 0.1):
        return None, [Diagnostic(path, 1, 1, "error", "not a text file (binary content); skipped")]
    declared = _declared_encoding(data)
    if declared is not None:
        name, line = declared
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            return None, [
                Diagnostic(path, line, 1, "error", f"unknown encoding {name!r}; not published")
            ]
        if codec not in ("utf-8", "utf-8-sig"):
            if not data.isascii() and _is_utf8(data):
                problems.append(
                    Diagnostic(
                        path,
                        line,
                        1,
                        "warning",
                        f"the file is valid UTF-8 but declares {name}; read as {name}",
                    )
                )
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                return None, [_undecodable(data, path, exc, "byte {byte} is not " + name
                                              + f" (as line {line} declares); not published")]
            return _clean(text, path, problems)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [_undecodable(data, path, exc, "not UTF-8 (byte {byte}); not published: "
                                   "save the file as UTF-8, or name its encoding in the front "
                                   "matter (encoding: windows-1252)")]
    return _clean(text, path, problems)


# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ENCODING_LINE = re.compile(rb"^encoding[ \t]*:[ \t]*[\"']?([A-Za-z0-9_.:-]{1,40})[\"']?[ \t]*\r?$")


def _declared_encoding(data: bytes) -> tuple[str, int] | None:
    """``encoding:`` in the front matter, read from the bytes before they are text (front
    matter keys are ASCII in every encoding an archive meets): (name, line)."""
    lines = data[:8192].split(b"\n")
    if not lines or lines[0].rstrip() != b"---":
        return None
    for number, line in enumerate(lines[1:], 2):
        if line.rstrip() in (b"---", b"..."):
            return None
        match = _ENCODING_LINE.match(line)
        if match:
            return match.group(1).decode("ascii"), number
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _undecodable(data: bytes, path: str, exc: UnicodeDecodeError, message: str) -> Diagnostic:
    """The error for the first byte the encoding can't read, located where it stands;
    ``{byte}`` in ``message`` becomes that byte ("0xe9")."""
    row, col = _byte_position(data, exc.start)
    byte = f"0x{data[exc.start]:02x}"
    return Diagnostic(path, row, col, "error", message.replace("{byte}", byte))


def _byte_position(data: bytes, index: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, index) + 1
    return line, index - (data.rfind(b"\n", 0, index) + 1) + 1


def _clean(text: str, path: str, problems: list[Diagnostic]) -> tuple[str, list[Diagnostic]]:
    """Line ends, NULs and bidirectional overrides, whatever the encoding was."""
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        problems.append(Diagnostic(path, line, 1, "warning", "NUL characters removed"))
        text = text.replace("\x00", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    found = None if text.isascii() else _BIDI_CONTROLS.search(text)  # isascii: no scan
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
    if end is None or not _looks_like_yaml(lines[1:end]):
        # No closing fence, or the "closing" one is a rule inside the story (scrapes put
        # "---" above "Check Also"): what follows the opening fence is the story itself.
        return _unclosed(lines, path)
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


# A line a front-matter mapping can hold: a key, an indented or list continuation, a comment.
_YAML_LINE = re.compile(
    r"""^(?:\s*$|\s*#|[ \t]|- |-$|["']?[\w][\w .-]{0,60}["']?[ \t]*:(?:\s|$))"""
)
_FIELD_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:\s|$)")


def _looks_like_yaml(block: list[str]) -> bool:
    return all(_YAML_LINE.match(line) for line in block)


def _unclosed(lines: list[str], path: str) -> SplitFile:
    """Front matter opened with ``---`` and never closed: the fields that follow the fence
    are read as front matter (a known field name, then its indented or listed values), and
    the story from the first line that is not one. Never a page built from the wrong part
    of the file, and never the story dropped: the error says where the reading switched.
    """
    end = 1
    while end < len(lines):
        line = lines[end]
        field = _FIELD_LINE.match(line)
        known = field is not None and field.group(1) in FIELDS.keys() | IGNORED
        # After a field: its indented or listed values, and comments.
        value = end > 1 and line.strip() != "" and line[0] in " \t-#"
        if not (known or value):
            break
        end += 1
    body = "\n".join(lines[end:])
    if end == 1:
        message = (
            "front matter opened with --- is never closed and no field follows it; "
            "the story is read from line 2"
        )
        return SplitFile(None, body, 2, {}, (Diagnostic(path, 1, 1, "error", message),))
    doc = load_yaml("\n".join(lines[1:end]), path, first_line=2)
    read = "line 2 was" if end == 2 else f"lines 2-{end} were"
    problems = [
        Diagnostic(
            path,
            1,
            1,
            "error",
            f"front matter opened with --- is never closed; {read} read as front matter and "
            f"the story from line {end + 1} (add a --- line after line {end})",
        ),
        *doc.diagnostics,
    ]
    meta = {str(k): v for k, v in doc.value.items()} if isinstance(doc.value, dict) else None
    return SplitFile(meta, body, end + 1, doc.key_lines, tuple(problems))


def _closing(lines: list[str], *fences: str) -> int | None:
    for index in range(1, len(lines)):
        if lines[index].rstrip() in fences:
            return index
    return None
