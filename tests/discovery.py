"""Small, fully specified statements for the discovery tests (search, feeds, data, cite)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path


def story(
    title: str,
    body: str,
    *,
    date: str | None = None,
    speaker: str = "Sergey Lavrov",
    role: str = "Russian Foreign Minister",
    location: str = "Moscow",
    topics: tuple[str, ...] = ("Terrorism",),
    counterparts: tuple[str, ...] = (),
    source: str = "SANA",
    slug: str | None = None,
) -> str:
    lines = ["---", f"title: {json.dumps(title)}"]
    if date:
        lines.append(f"date: {date}")
    lines += [
        "speakers:",
        f"  - {{name: {speaker}, role: {role}}}",
        f"location: {location}",
        f"source: {source}",
        f"topics: [{', '.join(topics)}]",
        f"counterparts: [{', '.join(counterparts)}]",
    ]
    if slug:
        lines.append(f"slug: {slug}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body + "\n"


SEED = {
    "a.txt": story(
        "Lavrov meets Zannier",
        "Moscow, SANA – Lavrov discussed the crisis with Zannier.\n\n"
        "He said “dialogue about Khan Sheikhoun is the only way” to reporters.",
        date="2015-10-19",
        counterparts=("Lamberto Zannier",),
        slug="lavrov-zannier",
    ),
    "b.txt": story(
        "Lavrov on Astana",
        "Moscow, SANA – Lavrov spoke about the Astana meetings and zebrafish.",
        date="2017-04-12",
        topics=("Astana process", "Terrorism"),
        counterparts=("Adel al-Jubeir",),
        slug="lavrov-astana",
    ),
    "c.txt": story(
        "Lavrov, date unknown",
        "Moscow, SANA – Lavrov said on Wednesday that talks continue.",
        counterparts=("Lamberto Zannier",),
        slug="lavrov-undated",
    ),
    "d.txt": story(
        "Jubeir in Riyadh",
        "Riyadh, SANA – Adel al-Jubeir spoke about the region.",
        date="2017-05-02",
        speaker="Adel al-Jubeir",
        role="Saudi Foreign Minister",
        location="Riyadh",
        topics=("Astana process",),
        slug="jubeir-riyadh",
    ),
}


def fragments(out: Path) -> list[dict]:
    """What Pagefind stored for each indexed page, in every shard (gzipped JSON fragments)."""
    found = []
    for path in sorted((out / "pagefind").glob("*/fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        found.append(json.loads(data[len(b"pagefind_dcd") :]))
    return found
