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
    def of(cls, site: Site) -> Derived:
        return cls(site, ArticleViews(site), RelatedStatements(site))
