"""Bodies spilled to disk read back exactly, in this process, after pickling and in a fork."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import pickle
from multiprocessing.connection import Connection
from pathlib import Path

from sana_archive.build import build
from sana_archive.content.reader import ReadResult, read_article
from sana_archive.engine.spill import BodyStore, StoredBody
from sana_archive.model import TextBody
from sana_archive.registry import Registries

SEED_LIKE = (
    "Moscow, SANA – Russian Foreign Minister Sergey Lavrov said on Monday that "
    "“terrorism must be fought”.\n\nHe added that talks would go on in Genève.\n"
)


def _read(text: str, path: str = "content/a.txt") -> ReadResult:
    return read_article(path, text.encode("utf-8"), Registries.build())


def test_a_kept_body_reads_back_the_same_text_and_compares_equal() -> None:
    store = BodyStore()
    results = [_read(SEED_LIKE), _read("Damascus, SANA – Ünal spoke.\n", "content/b.txt")]
    kept = [store.keep(r) for r in results]
    for before, after in zip(results, kept, strict=True):
        assert before.article is not None and after.article is not None
        assert isinstance(after.article.body, StoredBody)
        assert after.article.body_markdown == before.article.body_markdown
        assert after.article.body_html == before.article.body_html
        assert after.article == before.article
        assert hash(after.article.body) == hash(before.article.body)
    assert kept[0].article is not None and "Genève" in kept[0].article.body_html
    assert store.keep(kept[0]) is kept[0]  # already spilled: left as it is


def test_evidence_and_places_are_kept_with_the_body_and_read_back_the_same() -> None:
    """Only an article's own page and a warning about one of its names read where its
    readings were made, so they wait in the spill file with the text, not in memory."""
    store = BodyStore()
    before = _read(SEED_LIKE).article
    assert before is not None
    assert before.evidence and before.places  # the dateline, the speaker ... were read
    after = store.keep(ReadResult(before, ())).article
    assert after is not None and isinstance(after.body, StoredBody)
    assert after.body._notes_size > 0
    assert after.evidence == before.evidence and after.places == before.places
    assert after.place_of("Sergey Lavrov") == before.place_of("Sergey Lavrov") == (1, 41)
    # No field of the article itself holds them any more.
    assert not {"evidence", "places"} & {f.name for f in dataclasses.fields(after)}
    # An edit that moves only a reading makes a different article.
    moved = TextBody(before.body_markdown, before.body_html, before.evidence[1:], before.places)
    assert dataclasses.replace(before, body=moved) != after


def test_articles_kept_with_one_table_share_their_repeated_values() -> None:
    store, seen = BodyStore(), {}
    first = store.keep(_read(SEED_LIKE, "content/a.txt"), seen).article
    second = store.keep(_read(SEED_LIKE, "content/b.txt"), seen).article
    alone = store.keep(_read(SEED_LIKE, "content/c.txt")).article
    assert first is not None and second is not None and alone is not None
    assert first.location == second.location == "Moscow"
    assert second.location is first.location and second.speakers is first.speakers
    assert second.inferred is first.inferred and second.weekday is first.weekday
    assert alone.speakers is not first.speakers  # without a table, nothing is shared
    assert (first.title, first.speakers, first.inferred) == (
        alone.title, alone.speakers, alone.inferred)


def test_a_lone_surrogate_survives_the_round_trip() -> None:
    store = BodyStore()
    article = _read("Text.\n").article
    assert article is not None
    odd = dataclasses.replace(article, body=TextBody("a\udcff", "<p>a</p>"))
    kept = store.keep(ReadResult(odd, ()))
    assert kept.article is not None and kept.article.body_markdown == "a\udcff"


def test_a_stored_body_pickles_as_text_so_the_cache_holds_the_words() -> None:
    store = BodyStore()
    kept = store.keep(_read(SEED_LIKE))
    again = pickle.loads(pickle.dumps(kept))
    assert again.article is not None and kept.article is not None
    assert isinstance(again.article.body, TextBody)
    assert again.article == kept.article


def _child(body: StoredBody, conn: Connection) -> None:
    conn.send((body.markdown, body.html, body.notes))


def test_a_forked_worker_reads_the_same_body() -> None:
    store = BodyStore()
    kept = store.keep(_read(SEED_LIKE)).article
    assert kept is not None and isinstance(kept.body, StoredBody)
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_child, args=(kept.body, child))
    process.start()
    assert parent.recv() == (kept.body_markdown, kept.body_html, (kept.evidence, kept.places))
    process.join()


def test_the_spill_file_has_no_name_on_disk() -> None:
    store = BodyStore()
    store.keep(_read(SEED_LIKE))
    assert os.fstat(store._fd).st_nlink == 0  # unlinked: nothing to leave behind


def test_a_build_keeps_bodies_on_disk_and_pages_show_them(make_site, tmp_path: Path) -> None:
    site = make_site({"2016/a.txt": SEED_LIKE})
    report = build(site, tmp_path / "out", search=False)
    assert report.errors == 0 and report.site is not None
    article = report.site.articles[0]
    assert isinstance(article.body, StoredBody)
    pages = [p.read_text() for p in (tmp_path / "out").rglob("index.html")]
    assert any("talks would go on in Genève" in p for p in pages)
