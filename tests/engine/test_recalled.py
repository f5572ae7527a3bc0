"""A statement recalled from the cache by its head: the article it stands for in every way
that can be observed, unpickled only when more than its head is read."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import pickle
from pathlib import Path

from sana_archive.build import build
from sana_archive.content.reader import ReadResult
from sana_archive.engine import recalled
from sana_archive.engine.recalled import Recalled, head_of, recall
from sana_archive.model import Article, Diagnostic, Person, Quote, TextBody
from tests.test_incremental import built, clean_build, tree

ARTICLE = Article(
    "content/talks.txt",
    "talks",
    "Ministers meet on the river treaty",
    dt.date(2016, 4, 12),
    TextBody("The talks went on.", "<p>The talks went on.</p>"),
    weekday="Tuesday",
    location="Amman",
    source="Wire",
    source_url="https://wire.example/?p=4410",
    speakers=(Person("Hala Mansour", "Minister of Water"),),
    counterparts=("Idris Kamali",),
    topics=("Water",),
    quotes=(Quote("We will share the river.", "Hala Mansour"), Quote("Not yet.")),
    summary="A meeting.",
    inferred=frozenset({"location"}),
    digest="0f" * 16,
    aliases=("/old/talks/",),
)
PROBLEMS = (Diagnostic("content/talks.txt", 3, 1, "warning", "no dateline found"),)


def recalled_with_loads() -> tuple[Article, tuple[Diagnostic, ...], list[bytes]]:
    row = pickle.dumps(ARTICLE)
    loads: list[bytes] = []
    head = head_of(ReadResult(ARTICLE, PROBLEMS), row)
    assert head is not None
    made = recall(ARTICLE.source_path, head, row, lambda r: loads.append(r) or pickle.loads(r))
    assert made is not None
    return *made, loads


def test_the_head_answers_what_files_orders_and_counts_a_statement_without_loading_it():
    article, problems, loads = recalled_with_loads()
    assert isinstance(article, Recalled) and isinstance(article, Article)
    assert problems == PROBLEMS
    assert (article.source_path, article.slug, article.date, article.draft) == (
        "content/talks.txt", "talks", dt.date(2016, 4, 12), False)
    assert article.content_key == ARTICLE.content_key
    assert article.sort_key == ARTICLE.sort_key
    assert article.quote_speakers == ("Hala Mansour", None) == ARTICLE.quote_speakers
    assert article.source_url == ARTICLE.source_url and article.dating is None
    assert loads == []
    assert article.title == ARTICLE.title
    assert len(loads) == 1
    assert article.body_html == "<p>The talks went on.</p>" and len(loads) == 1  # once


def test_a_recalled_article_is_the_article_it_stands_for():
    article, _, _ = recalled_with_loads()
    names = [f.name for f in dataclasses.fields(Article)]
    assert [getattr(article, n) for n in names] == [getattr(ARTICLE, n) for n in names]
    assert article == ARTICLE and hash(article) == hash(ARTICLE)
    assert ARTICLE == article  # noqa: SIM300 (Article's own __eq__, then the reflected one)
    assert article != dataclasses.replace(ARTICLE, title="Another title")
    # Copied or pickled, it is a plain article again.
    for copied in (dataclasses.replace(article, draft=True), pickle.loads(pickle.dumps(article)),
                   copy.copy(article)):
        assert type(copied) is Article
    assert dataclasses.replace(article, draft=True) == dataclasses.replace(ARTICLE, draft=True)
    assert pickle.loads(pickle.dumps(article)) == ARTICLE


def test_every_field_of_an_article_is_in_the_head_or_read_from_the_whole():
    """A field added to Article and forgotten here would read as unset: each one is either
    kept in the head or a property of Recalled that loads the article."""
    article, _, _ = recalled_with_loads()
    for field in dataclasses.fields(Article):
        kept = isinstance(Recalled.__dict__.get(field.name), property)
        assert kept or field.name in (*recalled._HEAD, "source_path", "dating"), field.name
        assert getattr(article, field.name) == getattr(ARTICLE, field.name), field.name


def test_a_damaged_row_or_head_is_not_recalled_but_loaded_whole_or_parsed_again():
    row = pickle.dumps(ARTICLE)
    head = head_of(ReadResult(ARTICLE, ()), row)
    assert head is not None
    assert recall(ARTICLE.source_path, head, row[:-1] + b"!", pickle.loads) is None
    assert recall(ARTICLE.source_path, b"not a head", row, pickle.loads) is None
    dated = dataclasses.replace(ARTICLE, dating=None, date=None)
    assert recall(ARTICLE.source_path, head_of(ReadResult(dated, ()), row) or b"", row,
                  pickle.loads) is not None
    assert head_of(ReadResult(None, PROBLEMS), row) is None


LONG = (
    "---\ntitle: A long account of the river talks\ndate: 2017-02-14\n"
    "speakers: [{name: Hala Mansour, role: Minister of Water}]\nlocation: Amman\n---\n"
    + "\n\n".join(f"Paragraph {n} of the account says what the talks covered." for n in range(30))
    + "\n"
)


def test_a_cli_edit_loads_only_the_statements_it_draws(make_site, tmp_path: Path, monkeypatch):
    """A sentence added at the end of a long statement changes its own page only (its
    excerpt, and so every listing, stays the same): the build reads every other statement's
    head and loads whole only those that the pages it plans show (its own, its neighbours',
    the home page's latest and undated), a number the archive's size does not change."""
    site, out = built(make_site, tmp_path, 240, seed=11, config="search: false\n")
    path = site / "content" / "long.txt"
    path.write_text(LONG, encoding="utf-8")
    assert build(site, out).errors == 0
    wholes: list[str] = []
    real_whole = Recalled.whole
    monkeypatch.setattr(Recalled, "whole", lambda a: wholes.append(a.source_path) or
                        real_whole(a))
    path.write_text(LONG + "\nOne sentence more, far past the excerpt.\n", encoding="utf-8")
    report = build(site, out)
    assert report.errors == 0 and report.parsed == 1 and report.mode == "in-place"
    assert report.rendered < 20
    assert 0 < len(set(wholes)) < 241 / 4, sorted(set(wholes))
    assert tree(out) == clean_build(site, tmp_path)
