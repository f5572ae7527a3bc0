"""The CLI surface: records for `extract`, files for `import` (never overwriting, bytes kept)."""

from __future__ import annotations

from pathlib import Path

import yaml

from sana_archive.extract import extract_record, format_summary, import_file
from sana_archive.registry import Registries

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "inference"
KEYS = {"path", "title", "date", "weekday", "location", "source", "speakers", "counterparts",
        "byline", "quotes", "topics", "body", "warnings", "evidence"}


def test_extract_record_has_exactly_the_documented_keys(registries: Registries) -> None:
    text = (FIXTURES / "reuters_ankara.txt").read_text(encoding="utf-8")
    record = extract_record("in/reuters.txt", text, registries)
    # The sample's sources.yaml adds date_derived (None: this story carries no post id).
    assert set(record) == KEYS | {"date_derived"} and record["date_derived"] is None
    assert record["speakers"][0] == {"name": "Mevlut Cavusoglu",
                                     "role": "Turkish Foreign Minister"}
    assert record["quotes"][0]["speaker"] == "Mevlut Cavusoglu"
    summary = format_summary(record)
    assert "in/reuters.txt" in summary and "Ankara" in summary and "Cavusoglu" in summary


def test_front_matter_is_ignored_for_extraction(registries: Registries) -> None:
    text = "---\ntitle: Archivist title\nlocation: Paris\n---\n" + (
        FIXTURES / "reuters_ankara.txt").read_text(encoding="utf-8")
    record = extract_record("x.txt", text, registries)
    assert record["location"] == "Ankara"
    assert record["title"] == "Turkey says it will keep talking to Moscow on Syria"
    assert "Archivist" not in record["body"]


def test_import_writes_front_matter_then_original_bytes(tmp_path: Path,
                                                        registries: Registries) -> None:
    raw = "\ufeff".encode() + (FIXTURES / "kazinform.txt").read_bytes().replace(b"\n", b"\r\n")
    src = tmp_path / "incoming.txt"
    src.write_bytes(raw)
    into = tmp_path / "content"
    into.mkdir()
    written, problem = import_file(src, into, registries)
    assert problem is None and written is not None
    assert written.name == "guarantor-states-agree-on-next-round-of-astana-talks.txt"
    data = written.read_bytes()
    assert data.startswith(b"---\n") and data.endswith(raw)
    header = data[:len(data) - len(raw)].decode("utf-8")
    meta = yaml.safe_load(header.split("---\n")[1])
    assert meta["review"] == "inferred"
    assert meta["date"] == "2019-04-26" and meta["location"] == "Nur-Sultan"
    assert meta["speakers"] == [
        {"name": "Beibut Atamkulov", "role": "Kazakhstan's Foreign Minister"}]
    assert "weekday" not in meta  # empty values are left out


def test_import_never_overwrites_and_drops_partial_dates(tmp_path: Path,
                                                         registries: Registries) -> None:
    src = tmp_path / "Zarif Story.txt"
    src.write_bytes((FIXTURES / "xinhua_beijing.txt").read_bytes())
    first, problem = import_file(src, tmp_path, registries)
    assert first is not None and problem is None
    assert first.name == "zarif-story.txt"  # no headline: the file stem names it
    meta = yaml.safe_load(first.read_text(encoding="utf-8").split("---\n")[1])
    assert "date" not in meta  # "--03-02" has no year
    before = first.read_bytes()
    again, problem = import_file(src, tmp_path, registries)
    assert again is None and problem and "already holds this story" in problem
    assert first.read_bytes() == before


def test_the_summary_escapes_terminal_controls_in_names_and_text(tmp_path, capsys) -> None:
    from sana_archive.cli import main

    story = tmp_path / "rv_\x1b[31mZ.txt"
    story.write_text("Veldia, SANA – Foreign Minister Ilse Varga said “hi \u009b31m there” on "
                     "Monday.\n", encoding="utf-8")
    main(["extract", str(story)])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u009b" not in out
    assert "\\x1b[31mZ.txt" in out


def test_import_keeps_a_repeated_headline_apart_and_refuses_the_same_story(tmp_path) -> None:
    from sana_archive.extract import import_file
    from sana_archive.registry import Registries

    raw = tmp_path / "raw"
    raw.mkdir()
    into = tmp_path / "content"
    into.mkdir()
    first, second = raw / "a.txt", raw / "b.txt"
    head = "President receives credentials of new ambassadors\n\nVeldia, SANA – President "
    first.write_text(head + "Ilse Varga received on Monday the envoy of Eastland.\n")
    second.write_text(head + "Ilse Varga received on Tuesday the envoy of Westmark.\n")
    one, problem = import_file(first, into, Registries.build())
    assert problem is None and one is not None
    two, problem = import_file(second, into, Registries.build())
    assert problem is None and two is not None and two != one
    assert two.name.startswith(one.stem + "-") and two.read_bytes().endswith(second.read_bytes())
    again, problem = import_file(first, into, Registries.build())
    assert again is None and "already holds this story" in (problem or "")
    assert sorted(p.name for p in into.iterdir()) == sorted([one.name, two.name])


def test_extract_reads_the_text_as_the_build_does(tmp_path, capsys) -> None:
    import json

    from sana_archive.cli import main

    story = tmp_path / "ctl.txt"
    story.write_text("Veldia, SANA – Foreign Minister Ilse Varga said “hi \x1b[31mred” on "
                     "Monday.\n", encoding="utf-8")
    main(["extract", "--json", str(story)])
    record = json.loads(capsys.readouterr().out)
    assert record["quotes"][0]["text"] == "hi red"
