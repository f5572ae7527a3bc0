"""How much one content file may weigh on the build.

An archive page is made for every speaker, counterpart and topic an article names, and
each of those pages lists the article with all its names: one file naming 3,000 speakers
wrote 3,000 pages of 193 KB each (1.2 GB, two minutes), and a 50 MB file took a gigabyte
of memory. No wire story comes near either, so past these limits a file is cut down (or,
for size, skipped) with a message saying where, and the rest of the archive is unaffected.
"""

from __future__ import annotations

import dataclasses

from sana_archive.model import Article, Diagnostic

# A long wire story is 20 KB; a 5 MB file is a paste gone wrong or an attack.
MAX_SOURCE_BYTES = 5 * 1024 * 1024
# Names per facet per article: a summit statement lists a few dozen delegations at most.
MAX_NAMES = 100


def size_problem(path: str, size: int) -> Diagnostic | None:
    """An error for a file too large to be an article, or None."""
    if size <= MAX_SOURCE_BYTES:
        return None
    return Diagnostic(
        path,
        1,
        1,
        "error",
        f"file is {size / 1024 / 1024:.1f} MB, more than the "
        f"{MAX_SOURCE_BYTES // 1024 // 1024} MB an article may be; skipped (split or trim it)",
    )


def cap_names(
    article: Article, key_lines: dict[str, int], body_line: int
) -> tuple[Article, list[Diagnostic]]:
    """The article with at most MAX_NAMES speakers, counterparts and topics (the first
    ones, in the order written), and a warning at the field's line for each list cut."""
    changes: dict[str, tuple[object, ...]] = {}
    problems: list[Diagnostic] = []
    for name in ("speakers", "counterparts", "topics"):
        values: tuple[object, ...] = getattr(article, name)
        if len(values) <= MAX_NAMES:
            continue
        changes[name] = values[:MAX_NAMES]
        line = key_lines.get(name, body_line)
        problems.append(
            Diagnostic(
                article.source_path,
                line,
                1,
                "warning",
                f"{len(values)} {name} in one article; only the first {MAX_NAMES} are indexed",
            )
        )
    if not changes:
        return article, problems
    return dataclasses.replace(article, **changes), problems  # type: ignore[arg-type]
