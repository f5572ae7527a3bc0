"""A Pagefind bundle made reproducible: filter order no longer shows in the bytes."""

from __future__ import annotations

import gzip
import hashlib
import shutil
from pathlib import Path

import cbor2
import pytest

from sana_archive.build import build
from sana_archive.engine.pagefind_bundle import (
    SIGNATURE,
    BundleFormatError,
    index_chunks,
    make_reproducible,
)
from tests.discovery import SEED


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _write(path: Path, value: object) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(value)))


def _read(path: Path) -> object:
    return cbor2.loads(gzip.decompress(path.read_bytes())[len(SIGNATURE) :])


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "site"
    report = build(Path(__file__).resolve().parents[2], out)
    assert report.errors == 0
    bundles = sorted(p.parent for p in (out / "pagefind").rglob("pagefind-entry.json"))
    assert bundles
    return bundles[0]


def _shuffled(bundle: Path, where: Path) -> Path:
    """A copy of ``bundle`` as another Pagefind run may write it: every filter's values
    reversed, under new file names, the metadata pointing at them."""
    copy = where / "shuffled"
    shutil.copytree(bundle, copy)
    meta_path = next(copy.glob("pagefind.*.pf_meta"))
    meta = _read(meta_path)
    renames = {}
    for n, path in enumerate(sorted((copy / "filter").glob("*.pf_filter"))):
        name, values = _read(path)
        path.unlink()
        new = f"en_{n:07d}"
        _write(copy / "filter" / f"{new}.pf_filter", [name, list(reversed(values))])
        renames[path.stem] = new
    for i, value in enumerate(meta):
        if isinstance(value, list) and value and all(
            isinstance(v, list) and len(v) == 2 and v[1] in renames for v in value
        ):
            meta[i] = [[name, renames[old]] for name, old in reversed(value)]
    _write(meta_path, meta)
    return copy


def test_two_orders_of_the_same_filters_give_the_same_bytes(bundle: Path, tmp_path: Path):
    shuffled = _shuffled(bundle, tmp_path)
    assert _digests(shuffled) != _digests(bundle)
    make_reproducible(shuffled)
    assert _digests(shuffled) == _digests(bundle)  # the build already made it canonical
    topic = next(
        _read(p) for p in (shuffled / "filter").glob("*.pf_filter") if _read(p)[0] == "topic"
    )
    values = [v[0] for v in topic[1]]
    assert len(values) > 3 and values == sorted(values)


def test_a_filter_file_of_another_shape_is_refused(bundle: Path, tmp_path: Path):
    copy = tmp_path / "odd"
    shutil.copytree(bundle, copy)
    _write(next((copy / "filter").glob("*.pf_filter")), {"not": "a pair"})
    with pytest.raises(BundleFormatError, match="not a \\[name, values\\] pair"):
        make_reproducible(copy)


def test_index_chunks_are_read_and_an_odd_list_is_refused(bundle: Path, tmp_path: Path):
    chunks = index_chunks(bundle)
    meta = _read(next(bundle.glob("pagefind.*.pf_meta")))
    assert chunks == [(c[0], c[1]) for c in meta[2]] and chunks
    assert len(chunks) == len(list((bundle / "index").glob("*.pf_index")))
    copy = tmp_path / "odd"
    shutil.copytree(bundle, copy)
    meta_path = next(copy.glob("pagefind.*.pf_meta"))
    meta = _read(meta_path)
    meta[2] = [["only", "two"]]
    _write(meta_path, meta)
    with pytest.raises(BundleFormatError, match="no index chunks"):
        index_chunks(copy)


def test_a_site_search_index_is_the_same_from_two_runs(make_site, tmp_path: Path):
    site = make_site(SEED)
    first, second = tmp_path / "one", tmp_path / "two"
    assert build(site, first, use_cache=False).errors == 0
    assert build(site, second, use_cache=False).errors == 0
    assert _digests(first / "pagefind") == _digests(second / "pagefind")
