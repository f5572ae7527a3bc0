"""The views' keys by position: what one build made, the next reads back instead of
making the views again, but never for a statement read again."""

import dataclasses
import datetime as dt

from sana_archive.site.graph import build_site
from sana_archive.site.views import ArticleViews, KeyColumns
from tests.site.test_graph import article


def test_key_columns_carry_every_key_made_and_only_those():
    arts = [article(n, dt.date(2016, 1, n)) for n in range(1, 5)]
    site, _ = build_site(arts)
    views = ArticleViews(site)
    made = {0: views.item_key(0), 2: views.facts_key(2)}
    columns = KeyColumns.load(views.columns().dump())
    assert columns is not None and columns.positions == 4
    again = ArticleViews(site, known=columns)
    assert again.item_key(0) == made[0] and again.facts_key(2) == made[2]
    assert again.digest(0) == views.digest(0)
    # What the first build did not make is made, and equal to a fresh view's.
    assert again.item_key(3) == ArticleViews(site).item_key(3)
    assert KeyColumns.load(b"short") is None


def test_a_statement_read_again_is_keyed_afresh():
    arts = [article(n, dt.date(2016, 1, n)) for n in range(1, 5)]
    site, _ = build_site(arts)
    first = ArticleViews(site)
    for index in range(4):
        first.item_key(index)
        first.facts_key(index)
    edited = [dataclasses.replace(a, title="Another headline", digest="new")
              if a.slug == "statement-002" else a for a in arts]
    new_site, _ = build_site(edited)
    at = new_site.position["content/002.txt"]
    trusted = ArticleViews(new_site, known=first.columns(), stale=[at])
    fresh = ArticleViews(new_site)
    assert trusted.item_key(at) == fresh.item_key(at) != first.item_key(at)
    assert trusted.digest(at) == fresh.digest(at) != first.digest(at)
    # Known keys are trusted as they are: a wrong column shows in every unmarked position.
    wrong = ArticleViews(new_site, known=first.columns())
    assert wrong.item_key(at) == first.item_key(at)
    assert [trusted.item_key(i) for i in range(4)] == [fresh.item_key(i) for i in range(4)]
    # Columns of another length (another site) are not used at all.
    other, _ = build_site(arts[:3])
    assert ArticleViews(other, known=first.columns()).item_key(0) == ArticleViews(other).item_key(0)


def test_a_paragraph_holds_a_quotation_mark_exactly_when_its_unescaped_text_does() -> None:
    """``_quotes`` looks at the markup as written first and unescapes it only without a
    mark; the answer is that of searching the unescaped text, whatever the entities."""
    import html
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sana_archive.site.views import _quotes

    pieces = st.sampled_from(
        ["a", " ", "&amp;", "&quot;", "&#34;", "&#x22;", "&laquo;", "&#171;", "&ldquo;",
         "&rdquo;", "“", "«", '"', "'", "&", "&#", ";", "<a href=\"x\">", "</a>", "&lt;"]
    )

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=12).map("".join))
    def agrees(text: str) -> None:
        assert _quotes(text) == bool(re.search(r"[“\"«]", html.unescape(text)))

    agrees()
    assert _quotes("He said &quot;no&quot;.") and not _quotes("He said no &amp; left.")



def test_item_views_are_kept_pickled_read_back_equal_and_an_edit_makes_its_own_afresh(
    monkeypatch,
):
    """Views are kept in one buffer, not as dicts (see ``ArticleViews.item``): each is read
    back equal to the one made, as a fresh dict; views updated for an edited statement
    make its view afresh and read every other one back from the shared buffer."""
    arts = [article(n, dt.date(2016, 1, n)) for n in range(1, 5)]
    site, _ = build_site(arts)
    monkeypatch.setattr("sana_archive.site.views.RECENT", 2)  # dicts kept: the last two
    views = ArticleViews(site)
    made = {i: views.item(i) for i in range(4)}
    held = len(views._blob)
    assert held > 0 and len(views._recent) <= 2
    assert {i: views.item(i) for i in range(4)} == made == {
        i: ArticleViews(site).item(i) for i in range(4)
    }
    assert views.item(0) is not made[0]  # read back from the buffer, not kept
    assert len(views._blob) == held  # read back, not made again
    keys = [views.item_key(i) for i in range(4)]
    assert keys == [ArticleViews(site).item_key(i) for i in range(4)]

    edited = [dataclasses.replace(a, title="Another headline", digest="new")
              if a.slug == "statement-002" else a for a in arts]
    new_site, _ = build_site(edited)
    at = new_site.position["content/002.txt"]
    updated = views.updated(new_site, None, [at])
    fresh = ArticleViews(new_site)
    assert updated.item(at)["title"] == "Another headline"
    assert [updated.item(i) for i in range(4)] == [fresh.item(i) for i in range(4)]
    assert views.item(at) == made[at]  # the old views still read their own
