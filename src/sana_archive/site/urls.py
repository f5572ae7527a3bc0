"""Every URL and output path in one place: slug policy, collisions, relative links.

URLs are site-relative, "pretty" and end in ``/`` (``/speakers/sergey-lavrov/``); the
file behind one is its ``index.html``. Pages link to each other with relative URLs so the
same output works at a domain root, under any sub-path, and from disk.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
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
    wanted: Iterable[tuple[str, str]], what: str
) -> tuple[dict[str, str], list[Diagnostic]]:
    """Map each key to a unique slug; ``wanted`` is (key, slug) with keys sorted.

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
                        f"this article was built at /statements/{unique}/ (set a distinct slug)",
                    )
                )
            else:
                problems.append(
                    Diagnostic(
                        "content/_data/speakers.yaml" if what == "speakers" else "content",
                        1,
                        1,
                        "warning",
                        f"{what}: {key!r} and {keys[0]!r} share the URL slug {slug!r}; "
                        f"if they are one name, add an alias to the registry",
                    )
                )
    return result, problems


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
