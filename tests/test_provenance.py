"""Evidence for inferred fields, on every surface: extract, the statement page, check, import.

The fixtures in tests/fixtures/provenance are invented stories; the assertions hold the
place each reading names against the file itself, so they test where the passage really is,
not what a rule happens to be called today.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sana_archive.build import build
from sana_archive.cli import main
from sana_archive.content.frontmatter import split_front_matter
from sana_archive.content.reader import read_article
from sana_archive.extract import (
    commented_front_matter,
    extract_record,
    front_matter,
    import_file,
)
from sana_archive.inference import infer
from sana_archive.inference.provenance import evidence_json, printable, review_items
from sana_archive.model import Article, Evidence, TextBody
from sana_archive.registry import Registries
from tests.test_incremental import tree

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "provenance"
RIVER = (FIXTURES / "river_talks.txt").read_text(encoding="utf-8")
FRONT = "---\nsource_url: https://example.org/river\ntopics: [Water]\n---\n"  # four lines
# A story whose speaker the sample registry knows and whose counterpart it does not: a
# reading to review without any warning.
KNOWN = (
    "Lavrov and a visiting envoy discuss grain corridors\n\n"
    "Moscow, SANA – Russian Foreign Minister Sergey Lavrov met on Thursday his counterpart "
    "Odile Varnet and said that the grain corridors would stay open.\n\n"
    "Lavrov added that inspectors from both sides would meet next week.\n"
)


def passage_at(text: str, line: int, col: int) -> str:
    """The file's text from ``line``:``col`` to the end of that line, spaces collapsed."""
    row = text.replace("\r\n", "\n").split("\n")[line - 1]
    return " ".join(row[col - 1:].split())


def each(evidence: dict) -> list[tuple[str, dict]]:
    return [(field, item) for field, found in evidence.items()
            for item in (found if isinstance(found, list) else [found])]


# --- extract ---------------------------------------------------------------------------

def test_extract_json_has_evidence_pointing_into_the_file_given(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "river.txt"
    story.write_text(FRONT + RIVER, encoding="utf-8")
    assert main(["extract", "--json", "--site", str(tmp_path), str(story)]) == 0
    record = json.loads(capsys.readouterr().out)
    bare = extract_record(str(story), RIVER, Registries())
    # Today's keys are unchanged by the new one, and by the front matter above the story.
    assert {k: v for k, v in record.items() if k != "evidence"} == \
        {k: v for k, v in bare.items() if k != "evidence"}
    evidence = record["evidence"]
    assert evidence["location"] == {**evidence["location"], "value": "Moscow", "line": 7,
                                    "col": 1, "text": "Moscow, SANA –", "weak": False}
    assert evidence["location"]["rule"]
    assert evidence["title"]["line"] == 5 and evidence["title"]["col"] == 1
    assert evidence["byline"]["value"] == "Tomas Brell" and evidence["byline"]["line"] == 13
    assert evidence["speaker"]["value"] == "Anselm Kettering"
    assert evidence["speaker"]["weak"] is True  # no registry knows him
    assert [c["value"] for c in evidence["counterparts"]] == ["Rosalind Ferrow"]
    # Every reading names a place in the file where its passage is written.
    text = story.read_text(encoding="utf-8")
    for field, item in each(evidence):
        assert passage_at(text, item["line"], item["col"]).startswith(item["text"]), field
    # Without front matter the same readings sit four lines higher.
    shifted = {f: i["line"] for f, i in each(bare["evidence"])}
    assert shifted == {f: i["line"] - 4 for f, i in each(evidence)}


def test_extract_summary_shows_evidence_compactly(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "river.txt"
    story.write_text(RIVER, encoding="utf-8")
    assert main(["extract", "--site", str(tmp_path), str(story)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^ +location: +3:1 +“Moscow, SANA –”", out, re.M)
    assert re.search(r"^ +counterparts: +3:\d+ +“Rosalind Ferrow” .*\(review\)$", out, re.M)


def test_evidence_json_keeps_one_reading_per_field_and_a_list_of_counterparts() -> None:
    items = [Evidence("location", "Oslo", 2, 1, "OSLO –", "dateline"),
             Evidence("counterparts", "A B", 3, 4, "A B", "met"),
             Evidence("counterparts", "C D", 3, 9, "C D", "met", weak=True)]
    out = evidence_json(items)
    assert out["location"]["text"] == "OSLO –"
    assert [c["value"] for c in out["counterparts"]] == ["A B", "C D"]
    assert out["counterparts"][1]["weak"] is True


# --- the statement page ----------------------------------------------------------------

class Why(HTMLParser):
    """The items of the page's "why?" list, as text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.summary = ""
        self.items: list[str] = []
        self.inside: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "details" and "evidence" in classes:
            self.depth = 1
        elif self.depth:
            self.inside.append(tag)
            if tag == "li":
                self.items.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "details" and self.depth:
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if not self.depth:
            return
        if self.items:
            self.items[-1] += data
        else:
            self.summary += data


def statement(out: Path, name: str) -> str:
    pages = sorted((out / "statements").glob(f"{name}*/index.html"))
    assert len(pages) == 1, pages
    return pages[0].read_text(encoding="utf-8")


def test_statement_page_names_the_evidence_escaped_and_only_when_inferred(
        make_site, tmp_path: Path) -> None:
    hostile = ("Ports pact cuts tariffs to < 5% & fees\n\n" + KNOWN.split("\n\n", 1)[1])
    curated = ("---\ntitle: A curated statement\nlocation: Moscow\nsource: SANA\n"
               "speakers: [{name: Sergey Lavrov}]\nbyline: Desk\nweekday: Monday\n"
               "topics: [Terrorism]\ncounterparts: [Odile Varnet]\n---\n"
               + KNOWN.split("\n\n", 1)[1])
    site = make_site({"river.txt": FRONT + RIVER, "ports.txt": hostile,
                      "curated.txt": curated})
    out = tmp_path / "out"
    report = build(site, out, search=False)
    assert report.errors == 0

    page = Why(statement(out, "river"))
    assert "Why?" in page.summary
    assert "location: Moscow — line 7, col 1: “Moscow, SANA –” (" in "\n".join(page.items)
    by_field = {item.split(":", 1)[0]: item for item in page.items}
    assert by_field["byline"].startswith("byline: Tomas Brell — line 13, col 1: “Tomas Brell”")
    assert "to be confirmed" in by_field["counterparts"]  # an unknown name: weak
    assert "to be confirmed" not in by_field["location"]
    text = (site / "content" / "river.txt").read_text(encoding="utf-8")
    for item in page.items:
        line, col, passage = re.search(r"line (\d+), col (\d+): “(.*)” \(", item).groups()
        assert passage_at(text, int(line), int(col)).startswith(passage), item

    html = statement(out, "ports")
    assert "“Ports pact cuts tariffs to &lt; 5% &amp; fees” (" in html
    assert any(item.startswith("title: Ports pact cuts tariffs to < 5% & fees — line 1, col 1")
               for item in Why(html).items)

    # Front matter gave every field: nothing was read, so no list and no note.
    html = statement(out, "curated")
    assert Why(html).items == [] and 'class="provenance' not in html


def test_a_front_matter_edit_moves_the_evidence_and_incremental_equals_clean(
        make_site, tmp_path: Path) -> None:
    site = make_site({"river.txt": RIVER, "known.txt": KNOWN})
    out = tmp_path / "out"
    build(site, out, search=False)
    assert "line 3, col 1: “Moscow, SANA –”" in statement(out, "river")
    (site / "content" / "river.txt").write_text(FRONT + RIVER, encoding="utf-8")
    # The counterpart joins the registry: its reading is no longer one to confirm.
    speakers = site / "content" / "_data" / "speakers.yaml"
    speakers.write_text(speakers.read_text(encoding="utf-8")
                        + "\n- name: Odile Varnet\n", encoding="utf-8")
    build(site, out, search=False)
    assert "line 7, col 1: “Moscow, SANA –”" in statement(out, "river")
    known = Why(statement(out, "known"))
    assert not any("to be confirmed" in item for item in known.items)
    clean = tmp_path / "clean"
    assert build(site, clean, search=False, use_cache=False).mode == "staged"
    assert tree(out) == tree(clean)


# --- check -----------------------------------------------------------------------------

def test_check_lists_weak_readings_as_a_review_queue_after_the_diagnostics(
        make_site, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site({"b/river.txt": FRONT + RIVER, "a/known.txt": KNOWN})
    assert main(["check", "--site", str(site)]) == 0
    captured = capsys.readouterr()
    err = captured.err.splitlines()
    queue = [line for line in err if ": review: " in line]
    counterpart = next(line for line in queue if "Rosalind Ferrow" in line)
    line, col = map(int, re.match(r"content/b/river\.txt:(\d+):(\d+): review: "
                                  r"counterparts Rosalind Ferrow — .+ “Rosalind Ferrow”$",
                                  counterpart).groups())
    text = (site / "content" / "b" / "river.txt").read_text(encoding="utf-8")
    assert passage_at(text, line, col).startswith("Rosalind Ferrow")
    assert any(re.match(r"content/a/known\.txt:3:\d+: review: counterparts Odile Varnet — ",
                        item) for item in queue)
    assert any(": review: speaker Anselm Kettering — " in item for item in queue)
    assert not any("Sergey Lavrov" in item for item in queue)  # the registry knows him
    assert queue == sorted(queue, key=lambda s: tuple(
        int(p) if p.isdigit() else p for p in s.split(":", 3)[:3]))
    first_review = err.index(queue[0])
    assert all(": review: " in line for line in err[first_review:])
    assert any(": warning: " in line for line in err[:first_review])
    assert captured.out.rstrip().endswith(f"; {len(queue)} readings to review")


def test_review_items_do_not_change_the_exit_status_even_with_strict(
        make_site, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site({"known.txt": KNOWN})
    assert main(["check", "--site", str(site), "--strict"]) == 0
    captured = capsys.readouterr()
    assert re.search(r"^content/known\.txt:3:\d+: review: counterparts Odile Varnet",
                     captured.out + captured.err, re.M)
    assert "0 warnings, 0 errors" in captured.out


def test_review_lines_escape_what_a_terminal_would_not_show(
        make_site, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site({"bell\x07\x1b[31m.txt": KNOWN, "plain.txt": KNOWN})
    main(["check", "--site", str(site)])
    lines = capsys.readouterr().err.splitlines()
    assert lines and all(line.isprintable() for line in lines)
    # A file name holding control characters is refused before it is read (#16, case 3):
    # named escaped, it can neither forge a line of the queue nor drive the terminal.
    assert ("content/bell\\x07\\x1b[31m.txt:1:1: error: file name holds control characters; "
            "skipped (rename it)") in lines
    assert [line for line in lines
            if line.startswith("content/plain.txt:3:") and ": review: " in line]


def test_review_items_come_from_weak_evidence_only_sorted() -> None:
    def article(path: str, *evidence: Evidence) -> Article:
        return Article(path, path, "t", None, body=TextBody("", "", evidence))

    items = review_items([
        article("b.txt", Evidence("speaker", "X Y", 9, 2, "X Y", "lead subject", weak=True)),
        article("a.txt", Evidence("location", "Oslo", 1, 1, "OSLO –", "dateline"),
                Evidence("date", "2020-01-02", 1, 1, "2 Jan 2020", "page stamp", weak=True)),
    ])
    assert [i.format() for i in items] == [
        "a.txt:1:1: review: date 2020-01-02 — page stamp “2 Jan 2020”",
        "b.txt:9:2: review: speaker X Y — lead subject “X Y”",
    ]


def test_printable_escapes_controls_and_line_separators_keeps_letters() -> None:
    assert printable("Dimashq – دمشق “ok”") == "Dimashq – دمشق “ok”"
    assert printable("a\tb\x1b[2J\u2028c\u202ed\U000e0001") == \
        "a\\tb\\x1b[2J\\u2028c\\u202ed\\U000e0001"


# --- import ----------------------------------------------------------------------------

def imported(tmp_path: Path, data: bytes, registries: Registries) -> tuple[Path, bytes]:
    src = tmp_path / "incoming.txt"
    src.write_bytes(data)
    into = tmp_path / "content"
    into.mkdir(exist_ok=True)
    written, problem = import_file(src, into, registries)
    assert problem is None and written is not None
    return written, data


COMMENT = re.compile(r'  # line (\d+), col (\d+): "(.*)" \(([^()]*)\)$')


@pytest.mark.parametrize("variant", ["plain", "bom-crlf"])
def test_import_writes_evidence_comments_that_point_into_the_imported_file(
        tmp_path: Path, variant: str) -> None:
    registries = Registries()
    raw = RIVER.encode()
    if variant == "bom-crlf":
        raw = b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n")
    written, raw = imported(tmp_path, raw, registries)
    data = written.read_bytes()
    assert data.endswith(raw)
    text = data.decode("utf-8")
    header = text[:len(text) - len(raw.decode("utf-8"))]
    commented = [line for line in header.splitlines() if COMMENT.search(line)]
    keys = {line.split(":", 1)[0].strip("- ") for line in commented}
    assert {"title", "location", "source", "weekday", "name", "role", "byline"} <= keys
    assert any(line.startswith("- Rosalind Ferrow  # ") and line.endswith(", review)")
               for line in commented)
    location = next(line for line in commented if line.startswith("location: "))
    assert location.startswith('location: Moscow  # line ')
    assert COMMENT.search(location).group(3) == "Moscow, SANA –"
    for line in commented:
        number, col, passage, _ = COMMENT.search(line).groups()
        assert passage_at(text, int(number), int(col)).startswith(passage), line

    # The header re-reads, through the site's own front-matter reader, to the same values.
    split = split_front_matter(text, "x.txt")
    assert not split.diagnostics
    assert split.meta == yaml.safe_load(yaml.safe_dump(front_matter(infer(RIVER, registries))))
    assert split.meta["location"] == "Moscow" and split.meta["review"] == "inferred"
    article = read_article("content/x.txt", data, registries).article
    assert article is not None and article.location == "Moscow"
    assert article.counterparts == ("Rosalind Ferrow",)


def test_import_comments_survive_hostile_headlines_and_stay_valid_yaml(tmp_path: Path) -> None:
    registries = Registries()
    story = ('Ministers: "talks # resume" at 10:30 — \'maybe\' & more\n\n'
             + RIVER.split("\n\n", 1)[1])
    written, _ = imported(tmp_path, story.encode(), registries)
    text = written.read_text(encoding="utf-8")
    split = split_front_matter(text, "x.txt")
    assert not split.diagnostics
    assert split.meta["title"] == infer(story, registries).title
    assert "# resume" in split.meta["title"]
    title_line = next(line for line in text.splitlines() if line.startswith("title: "))
    assert COMMENT.search(title_line)


_ANY_TEXT = st.text(min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(title=_ANY_TEXT, place=_ANY_TEXT, names=st.lists(_ANY_TEXT, min_size=1, max_size=3,
                                                       unique=True),
       passage=_ANY_TEXT, long=st.booleans())
def test_commented_front_matter_is_yaml_of_the_same_values_whatever_the_passage(
        title: str, place: str, names: list[str], passage: str, long: bool) -> None:
    """No passage, however hostile (line separators, '#', '---', controls), can end its
    comment early and add or change a value; values YAML folds onto several lines get their
    comment on a line of its own."""
    if long:
        title = " ".join([title] * 200)  # past the dump width: a multi-line scalar
    values = {"title": title, "location": place,
              "speakers": [{"name": names[0], "role": place}], "counterparts": names,
              "review": "inferred"}
    evidence = (Evidence("title", title, 1, 1, passage, "headline"),
                Evidence("location", place, 3, 1, passage + "\u2028x: 1", "dateline"),
                Evidence("speaker", names[0], 3, 5, passage, "lead subject", weak=True),
                Evidence("speaker_role", place, 3, 5, passage, "title before the name"),
                *(Evidence("counterparts", n, 4, 2, "\n---\n" + passage, "met") for n in names))
    header = commented_front_matter(values, evidence)
    assert header.startswith("---\n") and header.endswith("\n---\n")
    assert yaml.safe_load(header[4:-4]) == values
    assert len(re.findall(r"# (?:\w+: )?line \d+, col \d+: ", header)) == len(evidence)
