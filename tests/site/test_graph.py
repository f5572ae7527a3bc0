import datetime as dt

from sana_archive.config import SiteConfig
from sana_archive.model import Article, Person, TextBody
from sana_archive.site.graph import build_site, update_site
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
