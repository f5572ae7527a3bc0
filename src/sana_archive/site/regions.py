"""Regions of the plan: every planned output belongs to one region.

A region is the home page, one statement's page, one term's paginated listing, one day's
listing, one feed, the data downloads... and is planned as a whole. The planners here and in
the output modules tag each ``PageSpec`` with its region; which regions an edit reaches is
the engine's question (``engine/redraw.py``).
"""

from __future__ import annotations

Region = tuple[object, ...]

HOME: Region = ("home",)
DATES: Region = ("dates",)
UNDATED: Region = ("undated",)
FEED: Region = ("feed",)
DOWNLOADS: Region = ("downloads",)
SEARCH: Region = ("search",)


def article_region(source_path: str) -> Region:
    return ("article", source_path)


def facet_region(facet: str) -> Region:
    return ("facet", facet)


def term_region(facet: str, name: str) -> Region:
    return ("term", facet, name)


def feed_region(facet: str, name: str) -> Region:
    return ("feed", facet, name)


def alias_region(url: str) -> Region:
    """A redirect page: its own region, since the statement it serves can change hands."""
    return ("alias", url)
