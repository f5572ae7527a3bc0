"""Evidence shown to people: the ``evidence`` key of ``extract --json``, the "why?" list of a
statement page, the review queue of ``check`` and the comments ``import`` writes.

Inference says where it read each field (``model.Evidence``); this module only words that
for each audience, so the four surfaces say the same thing the same way. The passage is
text from a scraped page: whatever goes to a terminal or into a YAML comment has its
non-printable characters escaped, so a control character can neither hide a line of the
queue nor end a comment early and smuggle a key into front matter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sana_archive.controls import printable
from sana_archive.model import Article, Diagnostic, Evidence

# Fields that hold several values, each with its own evidence: always a list in JSON.
MANY = frozenset({"counterparts"})


def shifted(evidence: Iterable[Evidence], lines: int) -> tuple[Evidence, ...]:
    """Evidence counted from ``lines`` further down: inference saw only the text below the
    front matter, a person opens the whole file."""
    return tuple(Evidence(e.field, e.value, e.line + lines, e.col, e.text, e.rule, e.weak)
                 for e in evidence)


def evidence_json(evidence: Iterable[Evidence]) -> dict[str, Any]:
    """``{field: {value, line, col, text, rule, weak}}``; a list per field in ``MANY``.

    A single-valued field keeps its first reading, which is the one inference chose.
    """
    out: dict[str, Any] = {}
    for item in evidence:
        if item.field in MANY:
            out.setdefault(item.field, []).append(item.to_dict())
        else:
            out.setdefault(item.field, item.to_dict())
    return out


def where(item: Evidence) -> str:
    """``line 3, col 1: “Moscow, SANA –” (dateline)``: the place and the passage, for a page."""
    return f"line {item.line}, col {item.col}: “{item.text}” ({item.rule})"


def page_items(evidence: Iterable[Evidence]) -> list[dict[str, Any]]:
    """What the statement page's "why?" list shows, one plain dict per reading."""
    return [{"field": e.field.replace("_", " "), "value": e.value, "where": where(e),
             "weak": e.weak} for e in evidence]


def summary_lines(evidence: dict[str, Any]) -> list[str]:
    """The ``extract`` summary's evidence block, from the record's ``evidence`` key: one
    aligned line per reading, weak ones marked for review."""
    lines = []
    for field, found in evidence.items():
        for item in found if isinstance(found, list) else [found]:
            lines.append(f"    {field + ':':<14}{item['line']}:{item['col']}  "
                         f"“{printable(item['text'])}”  {item['rule']}"
                         + ("  (review)" if item["weak"] else ""))
    return lines


def yaml_comment(item: Evidence) -> str:
    """``# line 3, col 1: "Moscow, SANA –" (dateline)``, safe to end a line of YAML with."""
    flag = ", review" if item.weak else ""
    return f"# line {item.line}, col {item.col}: \"{printable(item.text)}\" " \
           f"({printable(item.rule)}{flag})"


def review_items(articles: Iterable[Article]) -> list[Diagnostic]:
    """The low-confidence readings of every article, sorted: ``check``'s review queue.

    They are Diagnostics of level ``review`` so they carry a place like every other
    problem, but they are not warnings: a reading to confirm is not a fault in the input,
    so the queue never changes an exit status, with or without ``--strict``.
    """
    items = {
        Diagnostic(article.source_path, e.line, e.col, "review",
                   f"{e.field} {e.value} — {e.rule} “{e.text}”")
        for article in articles
        for e in article.evidence
        if e.weak
    }
    return sorted(items)


def format_review(item: Diagnostic) -> str:
    """A review line as printed: ``path:line:col: review: …``, escaped for a terminal."""
    return printable(item.format())
