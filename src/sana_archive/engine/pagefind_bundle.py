"""[I/O] Make a Pagefind bundle reproducible: the same pages give the same bytes.

Pagefind writes each filter's values in the order of a Rust hash map, which is seeded
afresh in every run, so two runs over the same pages name and fill their filter files
differently, and with them the metadata file and ``pagefind-entry.json`` that point at
them. Everything else it writes (fragments, index chunks, wasm) is already stable. So after
Pagefind has run, the filter values are put in sorted order, the filter list of the
metadata by name, and each rewritten file is named by a digest of its own bytes, the way
Pagefind names it: ``<language>_<hex>``. The order of values carries no meaning for a
search (the browser reads them into maps), so results and counts are unchanged; the
browser tests search the rewritten bundles.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
FILTER_HEX = 7  # the length of Pagefind's own names: en_1ea8ec8.pf_filter
META_HEX = 10  # pagefind.en_1563c68a45.pf_meta


class BundleFormatError(ValueError):
    """The bundle is not shaped as the Pagefind 1.x this code knows writes it."""


def _decode(path: Path) -> object:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise BundleFormatError(f"{path.name} does not start with {SIGNATURE.decode()}")
    return cbor2.loads(data[len(SIGNATURE) :])


def _encode(value: object) -> bytes:
    # mtime 0 and the highest level: the header Pagefind itself writes.
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def _name(language: str, data: bytes, digits: int) -> str:
    return f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"


def _is_filter_list(value: object, filters: dict[str, Path]) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(
            isinstance(item, list) and len(item) == 2 and isinstance(item[1], str)
            and item[1] in filters
            for item in value
        )
    )


def _sorted_filter(path: Path) -> bytes:
    value = _decode(path)
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)):
        raise BundleFormatError(f"{path.name} is not a [name, values] pair")
    name, values = value
    if not all(isinstance(v, list) and v and isinstance(v[0], str) for v in values):
        raise BundleFormatError(f"{path.name} has a value that is not [text, pages]")
    return _encode([name, sorted(values, key=lambda v: v[0])])


def make_reproducible(bundle: Path) -> None:
    """Rewrite ``bundle``'s filter files, metadata and entry in a canonical order.

    Raises BundleFormatError (a ValueError) when the bundle is not shaped as expected, and
    OSError, EOFError or zlib.error when a file cannot be read back.
    """
    entry_path = bundle / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    languages = entry.get("languages")
    if not isinstance(languages, dict):
        raise BundleFormatError(f"{ENTRY} lists no languages")
    for language, info in sorted(languages.items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _decode(meta_path)
        if not isinstance(meta, list):
            raise BundleFormatError(f"{meta_path.name} is not a list")
        filters = {
            p.name.removesuffix(".pf_filter"): p
            for p in (bundle / "filter").glob(f"{language}_*.pf_filter")
        }
        # Everything is read before anything is written: a new name may be an old one.
        rewritten = {old: _sorted_filter(path) for old, path in sorted(filters.items())}
        renamed = {old: _name(language, data, FILTER_HEX) for old, data in rewritten.items()}
        for path in filters.values():
            path.unlink()
        for old, data in rewritten.items():
            (bundle / "filter" / f"{renamed[old]}.pf_filter").write_bytes(data)
        for index, value in enumerate(meta):
            if _is_filter_list(value, filters):
                meta[index] = sorted([name, renamed[old]] for name, old in value)
        meta_data = _encode(meta)
        meta_hash = _name(language, meta_data, META_HEX)
        meta_path.unlink()
        (bundle / f"pagefind.{meta_hash}.pf_meta").write_bytes(meta_data)
        info["hash"] = meta_hash
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def index_chunks(bundle: Path) -> list[tuple[str, str]]:
    """The first and last word (as Pagefind shortens them) of every index chunk of ``bundle``.

    Pagefind matches a word's longer forms only among the index chunks it has loaded, and
    loads just the chunk where the typed word falls; the browser loads the chunks that
    start with the word too (static/search-index.js), so prefix matching is complete.
    """
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    bounds: list[tuple[str, str]] = []
    for _, info in sorted((entry.get("languages") or {}).items()):
        meta = _decode(bundle / f"pagefind.{info['hash']}.pf_meta")
        chunks = meta[2] if isinstance(meta, list) and len(meta) > 2 else None
        if not isinstance(chunks, list) or any(
            not isinstance(c, list) or len(c) != 3 for c in chunks
        ):
            raise BundleFormatError("the metadata lists no index chunks")
        bounds.extend((str(c[0]), str(c[1])) for c in chunks)
    return bounds
