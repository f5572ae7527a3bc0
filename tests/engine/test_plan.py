"""Planning only the touched regions gives every output the fingerprint a whole plan gives.

Random edit sequences (adds, deletes, edits, renames, drafts, date moves, new and vanishing
terms, names whose slugs collide so a slug moves to another term) are planned both ways
after each step, and the partial plans are chained, as ``serve`` chains them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from sana_archive.config import SiteConfig
from sana_archive.engine.plan import LastPlan, Plan
from sana_archive.engine.redraw import changed_statements, plan_build
from sana_archive.model import Article, Person, TextBody
from sana_archive.outputs.data import RowMemo
from sana_archive.site.derived import Derived
from sana_archive.site.graph import build_site, update_site

# "Al Masri" and "Al-Masri" want the same slug; the first in sorted order keeps it, so a
# term appearing or vanishing moves the other's URL.
SPEAKERS = ["Sergey Lavrov", "Al Masri", "Al-Masri", "Walid Muallem"]
PLACES = ["Moscow", "Damascus", "Geneva", None]
TOPICS = ["Talks", "Aid", "Terrorism"]
COUNTERPARTS = ["Zannier", "Kerry", "De Mistura"]
CONFIG = SiteConfig(page_size=3, home_size=4, search=True)
TEMPLATES = {"article.html": "t1", "term.html": "t2", "home.html": "t3", "date.html": "t4"}


@st.composite
def articles(draw: st.DrawFn, path: str) -> Article:
    day = draw(st.none() | st.integers(0, 40))
    speakers = draw(st.lists(st.sampled_from(SPEAKERS), min_size=0, max_size=2, unique=True))
    article = Article(
        source_path=path,
        slug=draw(st.sampled_from(["a", "b", "c", path.removesuffix(".txt")])),
        title=draw(st.sampled_from(["Talks", "Aid", path])),
        date=dt.date(2016, 1, 1) + dt.timedelta(days=day) if day is not None else None,
        body=TextBody("body", "<p>body</p>"),
        speakers=tuple(Person(n, draw(st.sampled_from([None, "Minister"]))) for n in speakers),
        counterparts=tuple(draw(st.lists(st.sampled_from(COUNTERPARTS), max_size=2, unique=True))),
        location=draw(st.sampled_from(PLACES)),
        topics=tuple(draw(st.lists(st.sampled_from(TOPICS), max_size=2, unique=True))),
        draft=draw(st.booleans().map(lambda b: b and draw(st.integers(0, 9)) == 0)),
    )
    return content_digest(article)


def content_digest(article: Article) -> Article:
    """As a real digest is of the file's bytes: the same digest only for the same article."""
    text = repr(dataclasses.replace(article, digest=""))
    return dataclasses.replace(article, digest=hashlib.blake2b(text.encode()).hexdigest())


def whole(derived: Derived) -> Plan:
    return plan_build(derived, CONFIG, "global", TEMPLATES, RowMemo())


def chained(previous: Plan, before: Derived, after: Derived) -> Plan:
    last = LastPlan("key", "generation", before, previous.fingerprints, previous.regions)
    return plan_build(after, CONFIG, "global", TEMPLATES, RowMemo(), last)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_partial_plans_equal_whole_plans(data: st.DataObject) -> None:
    count = data.draw(st.integers(5, 40))
    current = {
        f"{n}.txt": data.draw(articles(f"{n}.txt")) for n in range(count)
    }
    derived = Derived.of(build_site(current.values())[0])
    plan = whole(derived)
    for step in range(data.draw(st.integers(1, 8))):
        action = data.draw(st.sampled_from(["add", "delete", "edit", "rename", "retitle"]))
        paths = sorted(current)
        if action == "add" or not paths:
            path = f"new{step}.txt"
            current[path] = data.draw(articles(path))
        else:
            path = data.draw(st.sampled_from(paths))
            if action == "delete":
                del current[path]
            elif action == "edit":
                current[path] = data.draw(articles(path))
            elif action == "rename":
                moved = current.pop(path)
                target = f"renamed{step}.txt"
                current[target] = content_digest(dataclasses.replace(moved, source_path=target))
            else:  # a title-only edit: same terms and date, new content
                current[path] = content_digest(
                    dataclasses.replace(
                        current[path], title=f"Retitled {step}", body=TextBody(f"Edited {step}", "")
                    )
                )
        after = Derived.of(build_site(current.values())[0])
        partial = chained(plan, derived, after)
        full = whole(after)
        assert partial.fingerprints == full.fingerprints
        assert partial.regions == full.regions
        updated = update_site(derived.site, list(current.values()))
        if updated is not None:  # serve's in-place model: the same site, the same plan
            site, changed = updated
            assert site == after.site
            in_place = Derived.of(site, None, derived, changed)
            assert chained(plan, derived, in_place).fingerprints == full.fingerprints
        # A change to the site plans something; no change (a draft added) plans nothing.
        assert bool(partial.specs) == bool(changed_statements(derived.site, after.site))
        plan, derived = partial, after


def test_an_unchanged_site_plans_nothing() -> None:
    site, _ = build_site(
        Article(f"{n}.txt", f"s{n}", f"T{n}", dt.date(2016, 1, 1 + n), TextBody("", ""),
                digest=str(n))
        for n in range(20)
    )
    derived = Derived.of(site)
    again = Derived.of(build_site(site.articles)[0])
    assert chained(whole(derived), derived, again).specs == []


def test_an_edit_plans_far_fewer_pages_than_the_archive() -> None:
    """One statement's title changes: its page, its neighbours, its lists; not the rest."""
    site, _ = build_site(
        Article(
            f"{n}.txt",
            f"s{n}",
            f"T{n}",
            dt.date(2016, 1, 1) + dt.timedelta(days=n),
            TextBody("", ""),
            speakers=(Person(SPEAKERS[n % 4]),),
            topics=(TOPICS[n % 3],),
            location=PLACES[n % 3],
            digest=str(n),
        )
        for n in range(400)
    )
    derived = Derived.of(site)
    plan = whole(derived)
    edited = [
        dataclasses.replace(a, title="New title", digest="new") if a.source_path == "200.txt" else a
        for a in site.articles
    ]
    after = Derived.of(build_site(edited)[0])
    partial = chained(plan, derived, after)
    assert partial.fingerprints == whole(after).fingerprints
    urls = {s.url for s in partial.specs}
    assert site.urls[site.position["200.txt"]] in urls
    assert len(partial.specs) < len(plan.specs) / 4
