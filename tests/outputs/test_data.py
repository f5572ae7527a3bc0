"""Data downloads: CSV and JSON round-trip, a matching datapackage, spreadsheet-safe cells."""

from __future__ import annotations

import csv
import io
import json

import frictionless
import pytest

from sana_archive.build import build
from sana_archive.outputs.data import STATEMENT_FIELDS, spreadsheet_safe
from tests.conftest import parse_page
from tests.discovery import SEED, story

NO_SEARCH = "search: false\n"


def read_csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralized(cell):
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["2017-04-12", "Lavrov", "a=b", "", "'quoted"])
def test_ordinary_cells_are_kept(cell):
    assert spreadsheet_safe(cell) == cell


def test_statements_csv_and_json_round_trip(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site(SEED, config=NO_SEARCH), out, base_url="https://example.org/a/")
    rows = read_csv(out / "data" / "statements.csv")
    records = json.loads((out / "data" / "statements.json").read_text())
    names = [f.name for f in STATEMENT_FIELDS]
    assert list(rows[0]) == names and list(records[0]) == names
    assert [r["slug"] for r in rows] == [r["slug"] for r in records] == [
        "jubeir-riyadh", "lavrov-astana", "lavrov-zannier", "lavrov-undated"
    ]
    astana = next(r for r in records if r["slug"] == "lavrov-astana")
    assert astana["permalink"] == "https://example.org/a/statements/lavrov-astana/"
    assert astana["date"] == "2017-04-12" and astana["speakers"] == ["Sergey Lavrov"]
    assert astana["topics"] == ["Astana process", "Terrorism"]
    row = next(r for r in rows if r["slug"] == "lavrov-astana")
    assert row["topics"] == "Astana process; Terrorism" and row["speaker_roles"] == (
        "Russian Foreign Minister"
    )
    undated = next(r for r in records if r["slug"] == "lavrov-undated")
    assert undated["date"] is None
    assert next(r for r in rows if r["slug"] == "lavrov-undated")["date"] == ""


def test_quotes_csv_has_one_row_per_quote(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site(SEED, config=NO_SEARCH), out)
    rows = read_csv(out / "data" / "quotes.csv")
    assert len(rows) == 1
    (row,) = rows
    assert "Khan Sheikhoun" in row["text"]
    assert row["statement"] == "lavrov-zannier" and row["date"] == "2015-10-19"
    assert row["permalink"].endswith("/statements/lavrov-zannier/")


def test_formula_title_is_neutralized_in_csv_but_exact_in_json(make_site, tmp_path):
    out = tmp_path / "out"
    evil = story('=HYPERLINK("http://evil.example","x")', "Moscow, SANA – text.", slug="evil")
    build(make_site({"e.txt": evil}, config=NO_SEARCH), out)
    (row,) = read_csv(out / "data" / "statements.csv")
    assert row["title"] == '\'=HYPERLINK("http://evil.example","x")'
    (record,) = json.loads((out / "data" / "statements.json").read_text())
    assert record["title"] == '=HYPERLINK("http://evil.example","x")'


def test_datapackage_describes_the_files(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site(SEED, config=NO_SEARCH), out)
    package = json.loads((out / "data" / "datapackage.json").read_text())
    resources = {r["name"]: r for r in package["resources"]}
    for name in ("statements", "quotes"):
        resource = resources[name]
        header = next(csv.reader((out / "data" / resource["path"]).open(encoding="utf-8-sig")))
        assert [f["name"] for f in resource["schema"]["fields"]] == header
    assert (out / "data" / resources["statements-json"]["path"]).is_file()


def test_about_page_and_home_link_the_downloads(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site(SEED, config=NO_SEARCH), out)
    about = parse_page(out / "about" / "data" / "index.html")
    for name in ("statements.csv", "statements.json", "quotes.csv", "datapackage.json"):
        assert f"../../data/{name}" in about.links
    assert "quote_count" in about.text and "apostrophe" in about.text
    home = parse_page(out / "index.html")
    assert "data/statements.csv" in home.links and "about/data/" in home.links


def test_data_package_passes_frictionless_validate(make_site, tmp_path):
    """What `frictionless validate data/datapackage.json` checks: the descriptor's profile,
    every resource against its schema, row by row."""
    out = tmp_path / "out"
    files = {
        **SEED,
        "q.txt": story("Al-Mu’allem’s “quoted” remark", "Damascus, SANA – He said “it’s "
                       "the end” to reporters.", date="2016-02-03", location="Damascus",
                       slug="quoted"),
    }
    build(make_site(files, config=NO_SEARCH), out)
    report = frictionless.validate(str(out / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [task.name for task in report.tasks] == ["statements", "quotes", "statements-json"]
    package = frictionless.Package(str(out / "data" / "datapackage.json"))
    rows = package.get_resource("statements").read_rows()
    assert "Al-Mu’allem’s “quoted” remark" in [row["title"] for row in rows]
    assert rows[0].field_names[0] == "slug"  # the byte order mark is not part of the name


def test_csv_files_open_in_excel_as_utf8(make_site, tmp_path):
    """Excel decodes a CSV as UTF-8 only when it starts with a byte order mark."""
    out = tmp_path / "out"
    build(make_site(SEED, config=NO_SEARCH), out)
    for name in ("statements.csv", "quotes.csv"):
        data = (out / "data" / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    about = parse_page(out / "about" / "data" / "index.html")
    assert "byte order mark" in about.text


def test_a_build_without_cache_keeps_no_rows_and_writes_the_same_files(make_site, tmp_path):
    """``--no-cache`` keeps no memo for a later build, so nothing holds every statement's
    rows until the build ends; the files are the same as a cached build's."""
    from sana_archive.engine.memory import MemoryState
    from sana_archive.outputs.data import RowMemo

    site = make_site(SEED, config=NO_SEARCH)
    scratch = MemoryState(durable=False)
    assert build(site, tmp_path / "scratch", use_cache=False, state=scratch).errors == 0
    kept = scratch.kept_memos.rows
    assert kept.keep is False and kept.entries == {}
    assert build(site, tmp_path / "cached").errors == 0
    for name in ("statements.csv", "statements.json", "quotes.csv"):
        made = (tmp_path / "scratch" / "data" / name).read_bytes()
        assert made == (tmp_path / "cached" / "data" / name).read_bytes() and len(made) > 100
    assert RowMemo().keep  # a memo kept for the next build still keeps its rows


def test_files_made_afresh_in_small_batches_are_the_cached_builds_bytes(
    make_site, tmp_path, monkeypatch
):
    """A build without a cache makes each data file on its own, its CSV text encoded a few
    lines at a time (two here, 512 in use): statements with quotations, lists, formula-like
    and empty cells give the bytes the cached rows give."""
    import random

    import sana_archive.outputs.data as data
    from tests.test_incremental import wire_story

    rng = random.Random(11)
    files = {f"{n:03d}.txt": wire_story(n, rng) for n in range(9)}
    files["formula.txt"] = story("=SUM(A1) talks", "Damascus, SANA – He said \"-1 + 2\".",
                                 date="2020-02-02", location="Damascus")
    site = make_site({**SEED, **files}, config=NO_SEARCH)
    monkeypatch.setattr(data, "_CSV_BATCH", 2)
    assert build(site, tmp_path / "scratch", use_cache=False).errors == 0
    assert build(site, tmp_path / "cached").errors == 0
    for name in ("statements.csv", "statements.json", "quotes.csv"):
        made = (tmp_path / "scratch" / "data" / name).read_bytes()
        assert made == (tmp_path / "cached" / "data" / name).read_bytes()
    lines = (tmp_path / "scratch" / "data" / "statements.csv").read_bytes().split(b"\r\n")
    assert len(lines) > 12 and any(b",'=SUM(A1) talks," in line for line in lines)
    assert (tmp_path / "scratch" / "data" / "quotes.csv").read_bytes().count(b"\r\n") > 3


def test_rows_kept_in_small_chunks_give_a_clean_builds_files_after_each_edit(
    make_site, tmp_path, monkeypatch
):
    """The cached rows are kept by position in chunks (4 statements here, 1,024 in use): an
    edit re-makes its chunk, statements that moved are found by key in any chunk, and the
    files joined from the chunks are the bytes a build without a cache writes."""
    import random

    import sana_archive.outputs.data as data
    from tests.test_incremental import count_row_encodings, wire_story

    monkeypatch.setattr(data, "CHUNK", 4)
    rng = random.Random(17)
    site = make_site({f"{n:03d}.txt": wire_story(n, rng) for n in range(18)}, config=NO_SEARCH)
    out = tmp_path / "out"
    assert build(site, out).errors == 0
    content = site / "content"
    names = ("statements.csv", "statements.json", "quotes.csv")
    steps = [
        ("sentence", lambda: _append(content / "005.txt", "\nHe said talks go on.\n"), {"005"}),
        ("quote", lambda: _append(content / "009.txt", "\nHe said “we will return”.\n"), {"009"}),
        ("create", lambda: (content / "0105.txt").write_text(wire_story(105, rng)), {"0105"}),
        ("delete", lambda: (content / "002.txt").unlink(), set()),
        ("rename", lambda: (content / "016.txt").rename(content / "zz.txt"), {"zz"}),
        ("last", lambda: _append(content / "zz.txt", "\nHe said “soon”.\n"), {"zz"}),
    ]
    for name, change, edited in steps:
        encoded = count_row_encodings(monkeypatch)
        change()
        assert build(site, out).errors == 0, name
        # Only the edited or new statements are encoded again, not their chunk's others.
        assert {p.split("/")[-1].removesuffix(".txt") for p in encoded} <= edited, name
        clean = tmp_path / "clean"
        assert build(site, clean, use_cache=False).errors == 0
        for file in names:
            made = (out / "data" / file).read_bytes()
            assert made == (clean / "data" / file).read_bytes(), (name, file)
        records = json.loads((out / "data" / "statements.json").read_text())
        assert len(records) == len(list(content.glob("*.txt"))), name


def _append(path, text):
    path.write_text(path.read_text() + text)
