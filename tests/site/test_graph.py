import datetime as dt

from sana_archive.config import SiteConfig
from sana_archive.model import Article, Dating, Diagnostic, Person, TextBody
from sana_archive.site.graph import build_site, index_of, restore, rewound, update_site
from sana_archive.site.pages import plan_pages


def article(n: int, date: dt.date | None, speaker: str = "Sergey Lavrov",
            location: str = "Moscow") -> Article:
    return Article(
        source_path=f"content/{n:03d}.txt", slug=f"statement-{n:03d}", title=f"Statement {n}",
        date=date, body=TextBody("Text.", "<p>Text.</p>"),
        speakers=(Person(speaker, "Foreign Minister"),), location=location,
    )


def test_indexes_are_newest_first_with_undated_last():
    arts = [article(1, dt.date(2016, 1, 2)), article(2, None), article(3, dt.date(2017, 5, 1)),
            article(4, dt.date(2016, 1, 2), speaker="Walid al-Moallem", location="Damascus")]
    site, problems = build_site(arts)
    assert problems == []
    assert [a.slug for a in site.articles] == [
        "statement-003", "statement-001", "statement-004", "statement-002"]
    lavrov = site.term("speakers", "Sergey Lavrov")
    assert lavrov is not None and lavrov.slug == "sergey-lavrov"
    assert [site.articles[i].slug for i in lavrov.articles] == [
        "statement-003", "statement-001", "statement-002"]
    assert list(site.dates.years) == [2017, 2016]
    assert site.dates.years[2016][1][2] == (1, 2)
    assert [site.articles[i].slug for i in site.dates.undated] == ["statement-002"]


def test_pagination_splits_lists_by_page_size():
    arts = [article(n, dt.date(2015, 1, 1) + dt.timedelta(days=n)) for n in range(7)]
    site, _ = build_site(arts)
    pages = {p.url: p for p in plan_pages(site, SiteConfig(page_size=3))}
    first = pages["/speakers/sergey-lavrov/"]
    assert len(first.view["items"]) == 3 and first.view["pagination"]["pages"] == 3
    assert first.view["pagination"]["next"] == "/speakers/sergey-lavrov/page/2/"
    last = pages["/speakers/sergey-lavrov/page/3/"]
    assert len(last.view["items"]) == 1 and last.view["pagination"]["next"] is None
    # Every article is listed exactly once across the pages.
    listed = [i["url"] for u, p in pages.items() if u.startswith("/speakers/sergey-lavrov/")
              for i in p.view["items"]]
    assert sorted(listed) == sorted(site.urls)


def test_drafts_are_not_published():
    draft = Article(source_path="content/d.txt", slug="d", title="D", date=None,
                    body=TextBody("", ""), draft=True)
    site, _ = build_site([draft, article(1, None)])
    assert [a.slug for a in site.articles] == ["statement-001"]


def test_update_site_in_place_only_when_no_index_moves():
    import dataclasses

    arts = [article(n, dt.date(2016, 1, n)) for n in range(1, 6)]
    site, _ = build_site(arts)
    typo = [dataclasses.replace(a, body=TextBody("Fixed.", "")) if a.slug == "statement-003" else a
            for a in arts]
    updated = update_site(site, typo)
    assert updated is not None
    new, changed = updated
    assert new == build_site(typo)[0]
    assert [new.articles[i].slug for i in changed] == ["statement-003"]
    assert new.terms is site.terms and new.urls is site.urls  # indexes carried over
    for moved in (
        [dataclasses.replace(a, date=dt.date(2017, 1, 1)) if a.slug == "statement-003" else a
         for a in arts],
        [dataclasses.replace(a, location="Geneva") if a.slug == "statement-003" else a
         for a in arts],
        [dataclasses.replace(a, draft=True) if a.slug == "statement-003" else a for a in arts],
        arts[:-1],  # one deleted
        [*arts, article(9, None)],  # one added
    ):
        assert update_site(site, moved) is None


def _edited(arts: list[Article], slug: str, **changes: object) -> list[Article]:
    import dataclasses

    return [dataclasses.replace(a, **changes) if a.slug == slug else a for a in arts]


def test_a_site_index_takes_back_articles_whose_text_alone_changed():
    """The last build's indexes with this build's articles put back: equal to making the
    site again, and the last site is this one with the old statement swapped back."""
    span = Dating(dt.date(2016, 3, 1), dt.date(2016, 3, 4), "between two posts")
    arts = [article(n, dt.date(2016, 1, n)) for n in range(1, 6)]
    arts = [*arts, _edited([article(6, None)], "statement-006", dating=span)[0]]
    site, problems = build_site(arts)
    index = index_of(site, problems)
    before = {"content/003.txt": arts[2]}
    typo = _edited(arts, "statement-003", body=TextBody("Fixed.", "<p>Fixed.</p>"))
    restored = restore(index, typo, before)
    assert restored is not None
    new, found = restored
    assert (new, found) == build_site(typo)
    last, changed = rewound(new, index, before)
    assert last == site and [last.articles[i].slug for i in changed] == ["statement-003"]
    assert restore(index, arts, {}) == (site, [])  # nothing read again: the same site


def test_a_site_index_is_not_used_when_an_index_may_have_moved():
    arts = [article(n, dt.date(2016, 1, n)) for n in range(1, 6)]
    site, problems = build_site(arts)
    index = index_of(site, problems)
    third = {"content/003.txt": arts[2]}
    span = Dating(dt.date(2015, 1, 1), dt.date(2015, 1, 2), "between two posts")
    for moved, before in (
        (_edited(arts, "statement-003", date=dt.date(2017, 1, 1)), third),
        (_edited(arts, "statement-003", location="Geneva"), third),
        (_edited(arts, "statement-003", draft=True), third),
        (arts[:-1], {"content/005.txt": arts[4]}),  # deleted
        ([*arts, article(9, None)], {"content/009.txt": None}),  # added
        # No source read again, yet a derived date moved (the archive's anchors did).
        (_edited(arts, "statement-004", date=None, dating=span), {}),
    ):
        assert restore(index, moved, before) is None
    # A problem found at a statement read again may have moved with the edit.
    flagged = index_of(site, [Diagnostic("content/003.txt", 4, 1, "warning", "slug")])
    typo = _edited(arts, "statement-003", body=TextBody("Fixed.", "<p>Fixed.</p>"))
    assert restore(flagged, typo, third) is None
    assert restore(flagged, typo, {"content/001.txt": arts[0]}) is not None
