"""Control characters: removed from everything published, escaped in everything printed.

Scraped wire copy and hostile files carry ESC, BEL, NUL and C1 controls. XML 1.0 forbids
most of them outright (one makes a whole feed unreadable), HTML calls them errors, and on
a terminal they move the cursor, clear the screen or forge a line of output. So the text
a build reads is cleaned once where it enters (content files, YAML values, file names),
and every path or message printed goes through ``printable``.
"""

from __future__ import annotations

import re

# What XML 1.0 forbids (C0 but tab, newline and return; U+FFFE, U+FFFF; lone surrogates,
# which no encoder accepts either) and what HTML forbids as text (DEL and the C1 block).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# A terminal escape sequence is removed whole, or "ESC[2J" would leave "[2J" in a title
# and "2j" in its slug: CSI (ESC [ or U+009B ... final byte), OSC (ESC ] ... BEL or ST), and
# the shorter escapes.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clear screen
    r"|\x1b\][^\x07\x1b]{0,512}(?:\x07|\x1b\\)"  # OSC: window titles, hyperlinks
    r"|\x1b[ -/]*[0-~]"  # the rest: ESC, intermediates, one final byte (ESC c resets)
)
# Vertical tab and form feed separate words: a space keeps them apart (and keeps columns).
_AS_SPACE = str.maketrans({"\x0b": " ", "\x0c": " "})


def find_forbidden(text: str) -> int | None:
    """The index of the first character no output may carry, or None."""
    found = _FORBIDDEN.search(text)
    return found.start() if found else None


def strip_forbidden(text: str) -> str:
    """``text`` without the characters no output may carry (vertical tab and form feed
    become spaces, the rest are dropped); the same object when there are none."""
    if _FORBIDDEN.search(text) is None:
        return text
    if "\x1b" in text or "\x9b" in text:
        text = _SEQUENCE.sub("", text)
    return _FORBIDDEN.sub("", text.translate(_AS_SPACE))


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: every character that is not printable (ESC,
    newline, bidi overrides, ...) is written as a Python escape, and a byte that was not
    UTF-8 in a file name (a surrogate escape) as ``\\xNN``. Plain text comes back as is."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif "\udc80" <= ch <= "\udcff":
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(ascii(ch)[1:-1])
    return "".join(out)
