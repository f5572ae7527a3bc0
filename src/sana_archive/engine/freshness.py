"""Is the output already what these inputs would build? Then a rebuild is a stat walk.

Everything a build reads is summed up cheaply: the code, the configuration, the
registries, every template, and the size and change time of every content and static file. When
that sum equals the one recorded after the last complete build into the same output, the
output is exactly what a build would write, so the build reports the last result again
(its problems included, so ``--strict`` answers the same) instead of re-planning 40,000
pages to find that none changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sana_archive.content.load import SiteInputs
from sana_archive.engine.cache import code_fingerprint, fingerprint
from sana_archive.engine.sources import source_context
from sana_archive.engine.writers import static_files
from sana_archive.model import Diagnostic


@dataclass(frozen=True)
class LastBuild:
    """What a complete build found, kept to be reported again while nothing changes."""

    articles: int
    pages: int
    diagnostics: tuple[Diagnostic, ...]
    output_mtime_ns: int = 0

    @classmethod
    def load(cls, raw: str, inputs_key: str, mtime_ns: int) -> LastBuild | None:
        """The result recorded in ``raw``, if recorded for ``inputs_key`` and an output
        folder whose top level has not moved since (``output_mtime``)."""
        try:
            last = json.loads(raw)
            if last["key"] != inputs_key or last["output_mtime_ns"] != mtime_ns:
                return None
            return cls(
                last["articles"],
                last["pages"],
                tuple(Diagnostic(*d) for d in last["diagnostics"]),
                last["output_mtime_ns"],
            )
        except (ValueError, KeyError, TypeError):
            return None

    def dump(self, inputs_key: str) -> str:
        return json.dumps(
            {
                "key": inputs_key,
                "articles": self.articles,
                "pages": self.pages,
                "output_mtime_ns": self.output_mtime_ns,
                "diagnostics": [
                    [d.path, d.line, d.col, d.level, d.message] for d in self.diagnostics
                ],
            }
        )


def inputs_key(site_root: Path, inputs: SiteInputs, templates: dict[str, str]) -> str:
    parts = [code_fingerprint(), repr(inputs.config), source_context(inputs)]
    parts.extend(f"t:{name}={digest}" for name, digest in sorted(templates.items()))
    # The content files as one part, each kept apart as ``fingerprint`` keeps parts apart:
    # hashed in one call, where 100,000 separate parts cost two hash updates each.
    parts.append("\0".join(f"c:{s.rel}:{s.size}:{s.changed_ns}" for s in inputs.sources))
    for rel, path in static_files(site_root / "static"):
        info = path.stat()
        parts.append(f"s:{rel}:{info.st_size}:{info.st_ctime_ns}")
    parts.extend(d.format() for d in inputs.diagnostics)
    return fingerprint(*parts)


def output_mtime(output: Path) -> int:
    """The output folder's mtime: it moves when anything is added to or removed from its
    top level (a deleted ``pagefind/``, say). Deeper hand edits to the output are not seen
    by this shortcut; ``build --no-cache`` rewrites everything."""
    try:
        return output.stat().st_mtime_ns
    except OSError:
        return -1
