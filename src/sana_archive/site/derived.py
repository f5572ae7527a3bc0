"""A site together with the lookups every planner shares, made once per build.

A long-running ``serve`` keeps the last build's ``Derived`` to compare the next site with
(``engine.redraw.touched_regions``), so these lookups are also what an edit is measured against.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sana_archive.site.graph import Site
from sana_archive.site.related import RelatedStatements
from sana_archive.site.views import ArticleViews, KeyColumns


@dataclass(frozen=True)
class Derived:
    site: Site
    views: ArticleViews
    related: RelatedStatements

    @classmethod
    def of(
        cls,
        site: Site,
        keys: dict[tuple[str, str], str] | None = None,
        previous: Derived | None = None,
        changed: Collection[int] = (),
        known: KeyColumns | None = None,
    ) -> Derived:
        """``keys``: a memo of view keys that outlives the build (see ``ArticleViews``);
        emptied when it holds several times the archive, so it cannot grow without end.
        ``previous``: the lookups of a site this one was updated from in place (same
        positions, URLs and indexes; see ``update_site``), whose caches stay valid for
        every position but ``changed``. ``known``: without ``previous``, the keys the last
        build made of the same statements in the same indexes, but for ``changed``."""
        if keys is not None and len(keys) > 4 * len(site.articles) + 1000:
            keys.clear()
        if previous is None:
            views = ArticleViews(site, keys, known, changed)
            return cls(site, views, RelatedStatements(site))
        return cls(
            site,
            previous.views.updated(site, keys, changed),
            previous.related.updated(site),
        )
