import datetime as dt

from sana_archive.config import SiteConfig
from sana_archive.model import Article, Person
from sana_archive.site.graph import build_site
from sana_archive.site.pages import plan_pages


def article(n: int, date: dt.date | None, speaker: str = "Sergey Lavrov",
            location: str = "Moscow") -> Article:
    return Article(
        source_path=f"content/{n:03d}.txt", slug=f"statement-{n:03d}", title=f"Statement {n}",
        date=date, body_markdown="Text.", body_html="<p>Text.</p>",
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
                    body_markdown="", body_html="", draft=True)
    site, _ = build_site([draft, article(1, None)])
    assert [a.slug for a in site.articles] == ["statement-001"]
