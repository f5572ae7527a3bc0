"""Every URL and output path in one place: slug policy, collisions, relative links.

URLs are site-relative, "pretty" and end in ``/`` (``/speakers/sergey-lavrov/``); the
file behind one is its ``index.html``. Pages link to each other with relative URLs so the
same output works at a domain root, under any sub-path, and from disk.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from slugify import slugify

from sana_archive.model import Diagnostic


@lru_cache(maxsize=1 << 16)
def slug_for(name: str) -> str:
    """Cached: every build slugs the same few thousand names, and slugify is slow."""
    return slugify(name, max_length=80, word_boundary=True, save_order=True) or _hash(name)[:8]


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def assign_unique(
    wanted: Iterable[tuple[str, str]],
    what: str,
    where: Mapping[str, tuple[str, int, int]] | None = None,
    proposed: Callable[[str, str], bool] | None = None,
) -> tuple[dict[str, str], list[Diagnostic]]:
    """Map each key to a unique slug; ``wanted`` is (key, slug) with keys sorted.
    ``where`` locates a name (file, line, col) for the warning about a shared slug;
    ``proposed`` says a pair is already reported as a probable duplicate (no second note).

    The first key (in sorted order) keeps a contested slug; every other gets a suffix made
    from its own key, so its URL does not depend on how many others collide.
    """
    by_slug: dict[str, list[str]] = defaultdict(list)
    for key, slug in wanted:
        by_slug[slug].append(key)
    result: dict[str, str] = {}
    problems: list[Diagnostic] = []
    taken = set(by_slug)
    for slug, keys in sorted(by_slug.items()):
        result[keys[0]] = slug
        for key in keys[1:]:
            unique = f"{slug}-{_hash(key)[:6]}"
            while unique in taken:
                unique = f"{unique}-{_hash(unique)[:2]}"
            taken.add(unique)
            result[key] = unique
            if what == "article":
                problems.append(
                    Diagnostic(
                        key,
                        1,
                        1,
                        "error",
                        f"URL /statements/{slug}/ is also wanted by {keys[0]}; "
                        f"this article was built at /statements/{unique}/ (give one of them "
                        f"a distinct slug, or rename its file)",
                    )
                )
            elif proposed is None or not proposed(key, keys[0]):
                path, line, col = (where or {}).get(key, ("content", 1, 1))
                problems.append(
                    Diagnostic(
                        path,
                        line,
                        col,
                        "warning",
                        f"{what}: {key!r} and {keys[0]!r} share the URL slug {slug!r}; "
                        f"if they are one name, add an alias to the registry",
                    )
                )
    return result, problems


def resolve_aliases(
    aliases: Iterable[tuple[str, tuple[str, ...]]], urls: Iterable[str]
) -> tuple[tuple[tuple[str, int], ...], list[Diagnostic]]:
    """Which old addresses get a redirect page: ``aliases`` is (source path, its aliases)
    in the order of ``urls``. Returns (alias URL, position) sorted by URL.

    A live permalink always wins over a redirect, and two files claiming the same old
    address are an error naming both: the first in path order keeps it, so which one does
    never depends on the order the files were read.
    """
    live = {url: index for index, url in enumerate(urls)}
    claims: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for index, (path, wanted) in enumerate(aliases):
        for alias in wanted:
            claims[alias].append((path, index))
    result: list[tuple[str, int]] = []
    problems: list[Diagnostic] = []
    for alias, claimants in sorted(claims.items()):
        claimants.sort()
        owner = live.get(alias)
        for path, index in claimants:
            if owner == index:
                continue  # an alias of its own address: nothing to redirect
            if owner is not None:
                problems.append(
                    Diagnostic(
                        path,
                        1,
                        1,
                        "error",
                        f"alias {alias} is the permalink of another statement; "
                        "no redirect written there",
                    )
                )
        rest = [(p, i) for p, i in claimants if owner is None]
        if not rest:
            continue
        first_path, first_index = rest[0]
        result.append((alias, first_index))
        for path, _ in rest[1:]:
            if path == first_path:
                continue
            problems.append(
                Diagnostic(
                    path,
                    1,
                    1,
                    "error",
                    f"alias {alias} is also claimed by {first_path}, whose redirect it keeps",
                )
            )
    return tuple(result), problems


def article_url(slug: str) -> str:
    return f"/statements/{slug}/"


def term_url(facet: str, slug: str, page: int = 1) -> str:
    return f"/{facet}/{slug}/" + (f"page/{page}/" if page > 1 else "")


def listing_url(base: str, page: int = 1) -> str:
    return base + (f"page/{page}/" if page > 1 else "")


def output_path(url: str) -> str:
    """The file an URL is served from, relative to the output folder."""
    path = url.lstrip("/")
    return path + "index.html" if (not path or path.endswith("/")) else path


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url``, both site-relative.

    Called for every link on every page, so it works on path segments directly rather
    than through ``posixpath.relpath``, which is several times slower.
    """
    fragment = ""
    if "#" in to_url:
        to_url, fragment = to_url.split("#", 1)
        fragment = "#" + fragment
    base = from_url if from_url.endswith("/") else from_url[: from_url.rfind("/") + 1]
    from_parts = base.strip("/").split("/") if base.strip("/") else []
    target = to_url or "/"
    to_parts = target.strip("/").split("/") if target.strip("/") else []
    common = 0
    for a, b in zip(from_parts, to_parts, strict=False):
        if a != b:
            break
        common += 1
    rest = to_parts[common:]
    rel = "../" * (len(from_parts) - common) + "/".join(rest)
    if rest and target.endswith("/"):
        rel += "/"
    return (rel or "./") + fragment


class Linker:
    """``relative(from_url, to)`` for one page: the page's folder is split once, not for each
    of its few dozen links, and a link the page repeats (the header's, an item's speaker)
    is worked out once. Most links leave the page's top folder (a statement's page links
    to speakers, places, dates): those are the page's way up to the root and the target's
    path, found without splitting the target."""

    __slots__ = ("_memo", "_parts", "_root", "_top", "_up")

    def __init__(self, from_url: str) -> None:
        base = from_url if from_url.endswith("/") else from_url[: from_url.rfind("/") + 1]
        stripped = base.strip("/")
        self._parts = stripped.split("/") if stripped else []
        self._up = len(self._parts)
        self._root = "../" * self._up
        # A target whose path starts elsewhere shares no folder with this page.
        self._top = self._parts[0] if self._parts else None
        self._memo: dict[str, str] = {}

    def __call__(self, to_url: str) -> str:
        found = self._memo.get(to_url)
        if found is None:
            found = self._memo[to_url] = self._link(to_url)
        return found

    def _link(self, to_url: str) -> str:
        fragment = ""
        if "#" in to_url:
            to_url, fragment = to_url.split("#", 1)
            fragment = "#" + fragment
        target = to_url or "/"
        stripped = target.strip("/")
        top = self._top
        if stripped and (
            top is None
            or not stripped.startswith(top)
            or (len(stripped) > len(top) and stripped[len(top)] != "/")
        ):
            # No folder in common: up to the root, then the whole path.
            return self._root + stripped + ("/" if target.endswith("/") else "") + fragment
        to_parts = stripped.split("/") if stripped else []
        common = 0
        for a, b in zip(self._parts, to_parts, strict=False):
            if a != b:
                break
            common += 1
        rest = to_parts[common:]
        rel = "../" * (self._up - common) + "/".join(rest)
        if rest and target.endswith("/"):
            rel += "/"
        return (rel or "./") + fragment
