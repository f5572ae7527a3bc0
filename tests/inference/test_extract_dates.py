"""`extract --json` keeps its keys and, given a site with sources.yaml, adds date_derived."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.inference.test_extract import KEYS

SOURCES = """- name: NWW
  urls: ['nww.example/story?id={id}']
  anchors:
    - {id: 1000, date: 2021-01-30}
    - {id: 1100, date: 2021-02-02}
"""
STORY = """---
source_url: https://nww.example/story?id=1050
---
Harbourtown, NWW - Envoy Mira Odell said on Monday that the talks would go on.
"""


def extract(site: Path, story: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "sana_archive", "extract", "--json", "--site", str(site),
         str(story)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(done.stdout)


def test_extract_json_adds_date_derived_with_evidence_when_the_site_has_sources(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    bare = tmp_path / "bare"
    bare.mkdir()
    record = extract(bare, story)
    assert set(record) == KEYS  # no registry: the keys are exactly as before
    site = tmp_path / "site"
    (site / "content" / "_data").mkdir(parents=True)
    (site / "content" / "_data" / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    record = extract(site, story)
    assert set(record) == KEYS | {"date_derived"}
    assert record["weekday"] == "Monday" and record["date"] is None
    assert record["date_derived"] == {
        "earliest": "2021-02-01",
        "latest": "2021-02-01",
        "day": "2021-02-01",
        "evidence": "NWW post 1050 lies between post 1000 of 30 January 2021 and post 1100 "
        "of 2 February 2021; an agency posts an event the same day or the next, so between "
        "29 January and 3 February 2021; the text says Monday",
    }
