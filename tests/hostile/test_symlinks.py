"""Case 8 of issue 16: a symlink in the site folder cannot publish what the build ignores,
nor read a registry or settings file from outside the site folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PUBLIC = ("---\ntitle: Public statement\ndate: 2017-03-01\n---\n"
          "Damascus, SANA – Foreign Minister Faisal Mekdad said the talks went well.\n")


def secret(word: str) -> str:
    return f"---\ntitle: {word} secret\n---\nDamascus, SANA – {word} secret text.\n"


def test_symlinks_to_ignored_or_outside_files_are_skipped_with_a_warning(
    make_site, tmp_path: Path
):
    site = make_site({"public.md": PUBLIC, ".hidden.md": secret("Hidden"),
                      ".private/inner.md": secret("Private"), "notes.yaml": secret("Yaml"),
                      "draft.md.bak": secret("Backup")})
    content = site / "content"
    (content / "visible.md").symlink_to(".hidden.md")
    (content / "pub").symlink_to(content / ".private", target_is_directory=True)
    (content / "notes.md").symlink_to("notes.yaml")
    (content / "restored.md").symlink_to("draft.md.bak")
    (content / "registry.md").symlink_to(content / "_data" / "speakers.yaml")
    outside = tmp_path / "passwd"
    outside.write_text("- {name: Outside Topic, keywords: [talks]}\n")
    (content / "_data" / "topics.yaml").unlink()
    (content / "_data" / "topics.yaml").symlink_to(outside)
    (site / "site.yaml").symlink_to(tmp_path / "passwd")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "sana_archive", "build", "--site", str(site), "--output",
         str(out), "--no-search"], capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    lines = result.stderr.splitlines()
    for rel, target in (("visible.md", ".hidden.md"), ("pub", ".private"),
                        ("notes.md", "notes.yaml"), ("restored.md", "draft.md.bak"),
                        ("registry.md", "_data/speakers.yaml")):
        assert (f"content/{rel}:1:1: warning: symlink points at content/{target}, which the "
                "build ignores; not followed") in lines, (rel, lines)
    assert ("content/_data/topics.yaml:1:1: warning: symlink points outside the site folder; "
            "not read") in lines
    assert "site.yaml:1:1: warning: symlink points outside the site folder; not read" in lines
    published = " ".join(p.read_text() for p in out.rglob("*.html"))
    assert "Public statement" in published
    for word in ("Hidden", "Private", "Yaml", "Backup", "Outside Topic", "Lavrov"):
        assert word not in published, word
    assert not (out / "topics" / "outside-topic").exists()
