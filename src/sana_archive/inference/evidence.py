"""Where each inferred field was read: line, column and the passage, for a human to check.

The rules read a cleaned copy of the text (markup removed, spaces collapsed), split into
non-empty lines. Cleaning keeps every line break, so a line of the cleaned copy is the line
of the same number in the file; the column is found by looking for the passage in the
line as written, and falls back to the cleaned line when markup sat inside the passage.
"""

from __future__ import annotations

from collections.abc import Sequence

from sana_archive.model import Evidence


class Locator:
    """Finds passages in a text, by line, in reading order."""

    def __init__(self, raw: str, cleaned: str) -> None:
        self.raw = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.cleaned = cleaned.split("\n")

    def find(self, passage: str, after: int = 0) -> tuple[int, int] | None:
        """(line, col), 1-based, of the first line at or after ``after`` holding ``passage``."""
        passage = passage.strip()
        if not passage:
            return None
        for number in range(max(after, 0), len(self.cleaned)):
            line = self.cleaned[number]
            at = line.find(passage)
            if at < 0:
                continue
            raw = self.raw[number] if number < len(self.raw) else ""
            raw_at = raw.find(passage)
            return number + 1, (raw_at if raw_at >= 0 else at) + 1
        return None

    def evidence(self, field: str, value: str | None, passages: Sequence[str], rule: str,
                 weak: bool = False, after: int = 0) -> Evidence | None:
        """Evidence for ``value`` at the first of ``passages`` found; None if none is."""
        if not value:
            return None
        for passage in passages:
            place = self.find(passage, after)
            if place is not None:
                return Evidence(field, value, place[0], place[1], " ".join(passage.split()),
                                rule, weak)
        return None
