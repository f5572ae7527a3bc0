"""One person, one page: names are normalized before they are compared or slugged, topics
differing only by case are one topic, and probable duplicates are proposed with the files
where each spelling is written and the registry line that would fold them.

All people here are invented.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

from sana_archive.build import build, check
from sana_archive.site.duplicates import skeleton
from tests.conftest import REPO, parse_page

REGISTRY = """\
- name: Nadim al-Khoury
  aliases: [Nadim Khoury]
  roles:
    - {title: Foreign Minister, from: 2001-01-01}
- name: Rania Haddad Said
"""


def story(speaker: str, marker: str, *, topics: str = "[Trade]", extra: str = "") -> str:
    return (
        f"---\ntitle: {marker} talks\ndate: 2019-03-04\nspeakers: [{speaker}]\n"
        f"location: Damascus\ntopics: {topics}\n{extra}---\n"
        f"Damascus, SANA – {speaker} said on Monday that the {marker} talks went well.\n"
    )


NFC = unicodedata.normalize("NFC", "Fayçal Tamer")
NFD = unicodedata.normalize("NFD", "Fayçal Tamer")


def names_site(make_site) -> Path:
    site = make_site({
        "nadim.txt": story("Nadim al-Khoury", "Alpha"),
        "nadim-variant.txt": story("Nadim al-Khouri", "Beta"),
        "tarek-1.txt": story("Tarek Shoukri", "Gamma"),
        "tarek-2.txt": story("Tarek Shoukri", "Delta"),
        "tarek-3.txt": story("Tarek Shokry", "Epsilon"),
        "rania.txt": story("Rania Said", "Zeta"),
        "faycal-nfc.txt": story(NFC, "Eta", topics="[chemical weapons]"),
        "faycal-nfd.txt": story(NFD, "Theta", topics="[Chemical weapons]"),
        "faycal-plain.txt": story("Faycal Tamer", "Iota", topics="[Chemical weapons]"),
        "zero-width.txt": story("Omar\u200b Bitar", "Kappa"),
        "full-width.txt": story("Ｏｍａｒ Bitar", "Lambda"),
        "plain.txt": story("Omar Bitar", "Mu"),
        "arabic.txt": story("عمر البيطار", "Nu"),
    }, registries=False)
    data = site / "content" / "_data"
    data.mkdir()
    (data / "speakers.yaml").write_text(REGISTRY, encoding="utf-8")
    return site


def test_skeletons_fold_transliterations_but_not_different_names():
    assert skeleton("Walid al-Moallem") == skeleton("Walid Moaalem")
    assert skeleton("Bahram Qasemi") == skeleton("Bahram Ghasemi")
    assert skeleton("Deir Ezzor") == skeleton("Deir ez-Zor")
    assert skeleton("Idleb") == skeleton("Idlib")
    assert skeleton("Hassan Ali") != skeleton("Hussein Ali")


def test_unicode_forms_of_one_name_make_one_page(make_site, tmp_path):
    site = names_site(make_site)
    report = build(site, tmp_path / "out")
    assert report.errors == 0, [d.format() for d in report.diagnostics]
    speakers = {t.name: t for t in report.site.facets["speakers"]}
    assert NFD not in speakers and len(speakers[NFC].articles) == 2
    assert len(speakers["Omar Bitar"].articles) == 3
    assert not [n for n in speakers if "\u200b" in n or "Ｏ" in n]
    page = parse_page(tmp_path / "out" / "speakers" / "omar-bitar" / "index.html")
    for marker in ("Kappa", "Lambda", "Mu"):
        assert f"{marker} talks" in page.text


def test_topics_differing_only_by_case_are_one_topic(make_site, tmp_path):
    site = names_site(make_site)
    report = build(site, tmp_path / "out")
    topics = [t.name for t in report.site.facets["topics"]]
    assert topics.count("Chemical weapons") == 1 and "chemical weapons" not in topics
    page = parse_page(tmp_path / "out" / "topics" / "chemical-weapons" / "index.html")
    for marker in ("Eta", "Theta", "Iota"):
        assert f"{marker} talks" in page.text
    assert not list((tmp_path / "out" / "topics").glob("chemical-weapons-*"))
    assert not [d for d in report.diagnostics if "hemical" in d.message]


def test_probable_duplicates_are_proposed_with_files_and_the_registry_line(make_site, tmp_path):
    site = names_site(make_site)
    report = check(site)
    notes = {d.message: d for d in report.diagnostics if "probable duplicate" in d.message}
    by_spelling = {m.split("'")[1]: d for m, d in notes.items()}

    nadim = by_spelling["Nadim al-Khouri"]
    assert nadim.path == "content/nadim-variant.txt"
    assert (nadim.line, nadim.col) == (4, 12)  # where the spelling is written
    assert "'Nadim al-Khoury' (content/nadim.txt)" in nadim.message
    assert "in content/_data/speakers.yaml: add 'Nadim al-Khouri' to the aliases of " \
        "'Nadim al-Khoury'" in nadim.message

    tarek = by_spelling["Tarek Shokry"]  # the less used spelling is folded into the other
    assert tarek.path == "content/tarek-3.txt"
    assert "'Tarek Shoukri' (content/tarek-1.txt, content/tarek-2.txt)" in tarek.message
    assert "- {name: Tarek Shoukri, aliases: [Tarek Shokry]}" in tarek.message

    faycal = by_spelling["Faycal Tamer"]
    assert "accents, case or punctuation" in faycal.message

    rania = by_spelling["Rania Said"]
    assert "same first name and surname as a registry entry" in rania.message
    assert "'Rania Haddad Said'" in rania.message

    assert "Omar Bitar" not in by_spelling and NFD not in by_spelling
    assert len(notes) == 4, sorted(notes)


def test_every_warning_names_a_real_file_and_line(make_site, tmp_path):
    site = names_site(make_site)
    (site / "content" / "oil.txt").write_text(
        story("Omar Bitar", "Xi", topics="[Oil gas]"), encoding="utf-8"
    )
    (site / "content" / "oil-and.txt").write_text(
        story("Omar Bitar", "Pi", topics="[Oil & gas]"), encoding="utf-8"
    )
    for report in (check(site), build(site, tmp_path / "out")):
        assert report.diagnostics
        for d in report.diagnostics:
            path = site / d.path
            assert path.is_file(), d.format()
            lines = path.read_text(encoding="utf-8").split("\n")
            assert 1 <= d.line <= len(lines) and 1 <= d.col <= len(lines[d.line - 1]) + 1, (
                d.format()
            )
    (shared,) = [d for d in report.diagnostics if "share the URL slug" in d.message]
    assert (shared.path, shared.line, shared.col) == ("content/oil.txt", 6, 10)


def test_build_reports_proposals_as_warnings_and_strict_fails(make_site, tmp_path):
    site = names_site(make_site)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sana_archive", *args, "--site", str(site)],
            capture_output=True, text=True, timeout=300, cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        )

    relaxed = run("build", "--output", str(tmp_path / "a"), "--no-search")
    assert relaxed.returncode == 0, relaxed.stderr
    assert "content/tarek-3.txt:4:12: warning: probable duplicate speaker: 'Tarek Shokry'" in (
        relaxed.stderr
    )
    strict = run("build", "--strict", "--output", str(tmp_path / "b"), "--no-search")
    assert strict.returncode == 1


def test_names_that_may_be_right_to_left_are_isolated(make_site, tmp_path):
    site = names_site(make_site)
    build(site, tmp_path / "out")
    html = (tmp_path / "out" / "statements" / "arabic" / "index.html").read_text(encoding="utf-8")
    assert "<bdi>عمر البيطار</bdi>" in html
    speakers = (tmp_path / "out" / "speakers" / "index.html").read_text(encoding="utf-8")
    assert "<bdi>عمر البيطار</bdi>" in speakers
