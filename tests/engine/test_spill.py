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
    conn.send((body.markdown, body.html))


def test_a_forked_worker_reads_the_same_body() -> None:
    store = BodyStore()
    kept = store.keep(_read(SEED_LIKE)).article
    assert kept is not None and isinstance(kept.body, StoredBody)
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_child, args=(kept.body, child))
    process.start()
    assert parent.recv() == (kept.body_markdown, kept.body_html)
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
