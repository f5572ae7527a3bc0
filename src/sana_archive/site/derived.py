"""A site together with the lookups every planner shares, made once per build.

A long-running ``serve`` keeps the last build's ``Derived`` to compare the next site with
(``regions.touched_regions``), so these lookups are also what an edit is measured against.
"""

from __future__ import annotations

from dataclasses import dataclass

from sana_archive.site.graph import Site
from sana_archive.site.related import RelatedStatements
from sana_archive.site.views import ArticleViews


@dataclass(frozen=True)
class Derived:
    site: Site
    views: ArticleViews
    related: RelatedStatements

    @classmethod
    def of(cls, site: Site, keys: dict[tuple[str, str], str] | None = None) -> Derived:
        """``keys``: a memo of view keys that outlives the build (see ``ArticleViews``);
        emptied when it holds several times the archive, so it cannot grow without end."""
        if keys is not None and len(keys) > 4 * len(site.articles) + 1000:
            keys.clear()
        return cls(site, ArticleViews(site, keys), RelatedStatements(site))
