"""Dates from evidence, rule by rule, with anchors made up for each rule.

The agency is the invented "Northwind Wire" (NWW), whose story URLs carry a post id:
https://nww.example/story?id=N.
"""

from __future__ import annotations

import datetime as dt

from sana_archive.config import SiteConfig
from sana_archive.content.registries import build_registries
from sana_archive.model import Article, Dating, Person, TextBody
from sana_archive.registry import Registries
from sana_archive.site.dating import date_articles, span_text
from sana_archive.site.graph import build_site, date_buckets
from sana_archive.site.pages import plan_pages

D = dt.date


def registry(*anchors: tuple[int, str], extra: str = "") -> tuple[Registries, list]:
    lines = "\n".join(f"    - {{id: {i}, date: {d}}}" for i, d in anchors)
    text = (
        "- name: NWW\n"
        "  aliases: [Northwind Wire]\n"
        "  urls: ['*nww.example/story?id={id}']\n"
        f"  anchors:\n{lines}\n{extra}"
    )
    return build_registries({"sources.yaml": text}, "content/_data")


def story(
    n: int,
    post: int | None,
    *,
    date: dt.date | None = None,
    weekday: str | None = None,
    date_text: str | None = None,
) -> Article:
    return Article(
        source_path=f"content/{n:03d}.txt",
        slug=f"story-{n:03d}",
        title=f"Story {n}",
        date=date,
        body=TextBody("Text.", "<p>Text.</p>"),
        weekday=weekday,
        date_text=date_text,
        speakers=(Person("Mira Odell", "Envoy"),),
        source_url=f"https://www.nww.example/story?id={post}" if post is not None else None,
    )


def dated(articles: list[Article], registries: Registries) -> tuple[dict[str, Dating | None], list]:
    out, problems = date_articles(articles, registries)
    return {a.source_path: a.dating for a in out}, [d.message for d in problems]


def test_bracket_is_the_dates_of_the_nearest_anchors_and_says_so():
    reg, problems = registry((1000, "2020-03-02"), (1500, "2020-03-20"), (2000, "2020-04-09"))
    assert problems == []
    got, warnings = dated([story(1, 1720)], reg)
    dating = got["content/001.txt"]
    # Anchors carry event dates and an agency posts an event the same day or the next: the
    # bracket reaches a day past each anchor, and the evidence says so.
    assert dating == Dating(
        D(2020, 3, 19),
        D(2020, 4, 10),
        "NWW post 1720 lies between post 1500 of 20 March 2020 and post 2000 of 9 April 2020; "
        "an agency posts an event the same day or the next, so between 19 March and "
        "10 April 2020",
    )
    assert warnings == []
    assert span_text(dating) == "between 19 March and 10 April 2020"


def test_a_post_next_to_an_anchor_can_report_the_day_before_or_after_it():
    """The rule the bracket is widened for. Anchor 1000 is an event of Tuesday 10 March
    2020, posted that day or the next; post 1001, right after it, may be posted on 10 March
    about Monday the 9th. Anchor 1100 is an event of Thursday 12 March, maybe posted on the
    13th; post 1099, right before it, may then be posted on Friday the 13th about that day.
    Post 1000 itself keeps its anchor's exact date."""
    reg, _ = registry((1000, "2020-03-10"), (1100, "2020-03-12"))
    arts = [
        story(1, 1001, weekday="Monday"),
        story(2, 1099, weekday="Friday"),
        story(3, 1050),
        story(4, 1000, weekday="Monday"),
        story(5, 1001, weekday="Sunday"),
    ]
    got, warnings = dated(arts, reg)
    assert got["content/001.txt"].day == D(2020, 3, 9)
    assert got["content/002.txt"].day == D(2020, 3, 13)
    plain = got["content/003.txt"]
    assert (plain.earliest, plain.latest) == (D(2020, 3, 9), D(2020, 3, 13))
    assert plain.evidence.endswith(
        "an agency posts an event the same day or the next, so between 9 and 13 March 2020"
    )
    assert got["content/004.txt"] == Dating(
        D(2020, 3, 10), D(2020, 3, 10), "NWW post 1000 is dated 10 March 2020 by "
        "content/_data/sources.yaml"
    )
    # One day of slack, not two: Sunday the 8th is outside.
    assert got["content/005.txt"] is None
    assert len(warnings) == 1 and "Sunday" in warnings[0] and "post 1001" in warnings[0]


def test_a_stated_date_is_checked_against_the_same_widened_bracket():
    reg, _ = registry((1000, "2020-03-10"), (1100, "2020-03-12"))
    ok = [story(1, 1001, date=D(2020, 3, 9)), story(2, 1099, date=D(2020, 3, 13))]
    assert dated(ok, reg)[1] == []
    early = story(3, 1001, date=D(2020, 3, 8))
    late = story(4, 1099, date=D(2020, 3, 14))
    _, warnings = dated([early, late], reg)
    assert len(warnings) == 2
    assert "stated date 2020-03-08" in warnings[0]
    assert "widened to 2020-03-09 to 2020-03-13" in warnings[0]
    assert "stated date 2020-03-14" in warnings[1]


def test_weekday_fixes_one_day_across_a_month_boundary():
    # 30 Jan 2021 is a Saturday, 2 Feb a Tuesday: the only Monday the story can mean is 1 Feb.
    reg, _ = registry((1000, "2021-01-30"), (1100, "2021-02-02"))
    got, warnings = dated([story(1, 1050, weekday="Monday")], reg)
    dating = got["content/001.txt"]
    assert dating is not None and dating.day == D(2021, 2, 1)
    assert dating.evidence.endswith("; the text says Monday")
    assert span_text(dating) == "Monday, 1 February 2021"
    assert warnings == []


def test_weekday_at_a_year_boundary_and_the_date_index_files_the_day():
    reg, _ = registry((5000, "2020-12-30"), (5300, "2021-01-02"))
    arts = [story(1, 5100, weekday="Thursday"), story(2, 5200, weekday="Friday"), story(3, 5150)]
    out, _ = date_articles(arts, reg)
    days = {a.source_path: a.dating.day if a.dating else None for a in out}
    assert days == {
        "content/001.txt": D(2020, 12, 31),
        "content/002.txt": D(2021, 1, 1),
        "content/003.txt": None,  # no weekday: the range stays a range
    }
    site, _ = build_site(out)
    assert site.dates.years[2021][1][1] == (site.position["content/002.txt"],)
    assert site.dates.years[2020][12][31] == (site.position["content/001.txt"],)
    # The range across the new year is filed under both years, and is not Undated.
    ranged = site.position["content/003.txt"]
    assert ranged in site.dates.years[2020][0][0] and ranged in site.dates.years[2021][0][0]
    assert site.dates.undated == ()
    urls = {spec.url for spec in plan_pages(site, SiteConfig())}
    assert {"/dates/2021/01/01/", "/dates/2020/12/31/", "/dates/2020/", "/dates/2021/"} <= urls
    assert not any("/00/" in u for u in urls)


def test_range_within_a_month_is_filed_on_the_month_page_only():
    reg, _ = registry((100, "2019-06-03"), (300, "2019-06-20"))
    out, _ = date_articles([story(1, 200)], reg)
    assert date_buckets(out[0]) == ((2019, 6, 0),)


def test_weekday_is_not_applied_to_a_bracket_wider_than_a_week():
    reg, _ = registry((100, "2019-06-03"), (300, "2019-06-20"))
    got, warnings = dated([story(1, 200, weekday="Monday")], reg)
    dating = got["content/001.txt"]
    assert dating is not None
    assert (dating.earliest, dating.latest) == (D(2019, 6, 2), D(2019, 6, 21))
    assert "Monday" not in dating.evidence and warnings == []


def test_anchors_a_week_apart_let_a_weekday_pick_a_day_or_the_range_between_two():
    # Monday 1 June to Monday 8 June 2020: the bracket is Sunday 31 May to Tuesday 9 June
    # (9 days, WEEKDAY_SPAN). A Wednesday is one day; a Monday is two, and the result is
    # the range between them, not a guess. Anchors 8 days apart (10 days) are too far.
    reg, _ = registry((100, "2020-06-01"), (200, "2020-06-08"), (300, "2020-06-16"))
    arts = [
        story(1, 150, weekday="Wednesday"),
        story(2, 160, weekday="Monday"),
        story(3, 250, weekday="Wednesday"),
    ]
    got, warnings = dated(arts, reg)
    assert got["content/001.txt"].day == D(2020, 6, 3)
    two = got["content/002.txt"]
    assert (two.earliest, two.latest) == (D(2020, 6, 1), D(2020, 6, 8))
    assert two.evidence.endswith("; the text says Monday")
    wide = got["content/003.txt"]
    assert (wide.earliest, wide.latest) == (D(2020, 6, 7), D(2020, 6, 17))
    assert "Wednesday" not in wide.evidence and warnings == []


def test_id_outside_all_anchors_gets_no_date():
    reg, _ = registry((1000, "2020-03-02"), (2000, "2020-04-09"))
    got, warnings = dated([story(1, 999, weekday="Monday"), story(2, 2001)], reg)
    assert got == {"content/001.txt": None, "content/002.txt": None}
    assert warnings == []


def test_out_of_order_anchors_are_reported_by_name_and_date_nothing_between_them():
    reg, _ = registry((100, "2020-05-10"), (200, "2020-05-01"), (300, "2020-05-20"))
    warnings = date_articles([], reg)[1]
    assert len(warnings) == 1
    assert warnings[0].path == "content/_data/sources.yaml" and warnings[0].line == 6
    assert "post 200 (2020-05-01)" in warnings[0].message
    assert "post 100 (2020-05-10)" in warnings[0].message
    got, messages = dated([story(1, 150), story(2, 250)], reg)
    assert got["content/001.txt"] is None
    assert any("post 150" in m and "out of order" in m for m in messages)
    # 250 lies between 200 (1 May) and 300 (20 May): still dated.
    assert got["content/002.txt"] is not None


def test_weekday_that_contradicts_the_bracket_dates_nothing_and_warns():
    # 5 May 2020 is a Tuesday, 6 May a Wednesday; the bracket is Monday 4 to Thursday 7 May.
    reg, _ = registry((100, "2020-05-05"), (200, "2020-05-06"))
    got, warnings = dated([story(1, 150, weekday="Saturday"), story(2, 160, weekday="Monday")], reg)
    assert got["content/001.txt"] is None
    assert len(warnings) == 1 and "Saturday" in warnings[0] and "post 150" in warnings[0]
    assert got["content/002.txt"] is not None and got["content/002.txt"].day == D(2020, 5, 4)


def test_yearless_date_picks_its_year_and_a_missing_one_warns():
    reg, _ = registry((100, "2019-03-01"), (200, "2020-02-01"))
    arts = [story(1, 150, date_text="--05-04"), story(2, 160, date_text="--02-20")]
    got, warnings = dated(arts, reg)
    assert got["content/001.txt"] is not None and got["content/001.txt"].day == D(2019, 5, 4)
    assert "the dateline gives 4 May" in got["content/001.txt"].evidence
    assert got["content/002.txt"] is None and "20 February" in warnings[0]


def test_stated_dates_are_never_replaced_and_serve_as_anchors():
    reg, _ = registry((100, "2020-01-01"), (900, "2020-03-01"))
    anchor = story(1, 500, date=D(2020, 2, 10))
    after = story(2, 520, weekday="Tuesday")  # between 10 Feb (Mon) and 1 Mar: too wide
    before = story(3, 480, weekday="Sunday")
    got, warnings = dated([anchor, after, before], reg)
    assert got["content/001.txt"] is None  # the stated date stands, nothing derived
    assert (got["content/002.txt"].earliest, got["content/002.txt"].latest) == (
        D(2020, 2, 9),
        D(2020, 3, 2),
    )
    assert (got["content/003.txt"].earliest, got["content/003.txt"].latest) == (
        D(2019, 12, 31),
        D(2020, 2, 11),
    )
    assert "post 500 of 10 February 2020" in got["content/003.txt"].evidence
    assert warnings == []


def test_a_stated_date_outside_its_bracket_points_at_the_id_or_anchor():
    reg, _ = registry((100, "2020-01-01"), (900, "2020-03-01"))
    wrong = story(1, 500, date=D(2021, 2, 10))
    got, warnings = dated([wrong, story(2, 600)], reg)
    assert got["content/001.txt"] is None
    assert len(warnings) == 1
    assert "2021-02-10" in warnings[0] and "post 100" in warnings[0] and "post 900" in warnings[0]
    # ... and it is not trusted as an anchor: 600 keeps the registry's bracket.
    assert (got["content/002.txt"].earliest, got["content/002.txt"].latest) == (
        D(2019, 12, 31),
        D(2020, 3, 2),
    )


def test_url_shapes_and_aliases():
    reg, _ = registry((1, "2020-01-01"))
    entry = reg.sources[0]
    assert entry.post_id("http://nww.example/story?id=42") == 42
    assert entry.post_id("https://cdn.nww.example/story?id=42#top") == 42
    assert entry.post_id("https://nww.example/story?id=42x") is None
    assert entry.post_id("https://elsewhere.example/nww.example/story?id=42") is None
    assert reg.canonical_source("northwind  wire") == "NWW"


def test_bad_anchor_and_url_are_reported_with_their_line():
    reg, problems = registry(
        (1, "2020-01-01"),
        extra="- name: Other\n  urls: ['other.example/no-id']\n  anchors: [{id: 7, date: soon}]\n",
    )
    messages = [(d.line, d.message) for d in problems]
    assert any(line == 6 and "needs exactly one {id}" in m for line, m in messages)
    assert any(line == 8 and "bad anchor" in m for line, m in messages)
    assert [a.id for a in reg.sources[0].anchors] == [1]


def test_sample_archive_dates_both_seeds_around_their_true_dates():
    """The sample's sources.yaml leaves out the seeds' own pairs (57563 -> 2015-10-12,
    105044 -> 2017-04-26, from ../shared/dates/sana_anchors.tsv): the ranges derived from
    the other anchors must hold those dates."""
    from pathlib import Path

    from sana_archive.build import check

    repo = Path(__file__).resolve().parents[2]
    report = check(repo)
    assert report.errors == 0 and report.site is not None
    truth = {"57563": D(2015, 10, 12), "105044": D(2017, 4, 26)}
    # Their anchors (21 July 2015 to 1 February 2016; 5 April to 29 August 2017), a day
    # wider at each end.
    ends = {"57563": (D(2015, 7, 20), D(2016, 2, 2)), "105044": (D(2017, 4, 4), D(2017, 8, 30))}
    anchors = {a.id for a in registry_of(repo).sources[0].anchors}
    assert anchors and not anchors & {57563, 105044}
    seen = set()
    for article in report.site.articles:
        post = article.source_url.rsplit("=", 1)[1]
        assert article.date is None and article.dating is not None
        assert article.dating.earliest <= truth[post] <= article.dating.latest
        assert (article.dating.earliest, article.dating.latest) == ends[post]
        assert f"SANA post {post} lies between" in article.dating.evidence
        seen.add(post)
    assert seen == set(truth)
    assert not [d for d in report.diagnostics if "anchor" in d.message]


def registry_of(repo) -> Registries:
    from sana_archive.content.load import load_inputs

    return load_inputs(repo).registries


def test_a_memo_gives_back_the_same_dated_object_while_nothing_changed():
    """``serve`` keeps the memo: an unchanged statement is not seen as edited every build."""
    reg, _ = registry((1000, "2020-03-02"), (2000, "2020-04-09"))
    raw = [story(1, 1500), story(2, 1600)]
    memo: dict = {}
    first, _ = date_articles(raw, reg, memo=memo)
    again, _ = date_articles(raw, reg, memo=memo)
    assert all(a is b for a, b in zip(first, again, strict=True))
    moved, _ = registry((1000, "2020-03-02"), (1550, "2020-03-20"), (2000, "2020-04-09"))
    third, _ = date_articles(raw, moved, memo=memo)
    assert third[0].dating.latest == D(2020, 3, 21) and third[0] is not first[0]
    date_articles(raw[:1], reg, memo=memo)
    assert set(memo) == {"content/001.txt"}


def test_anchors_too_far_apart_date_nothing_and_say_so():
    # A typo in the newest stated date must not spread a century-wide range over the posts
    # between: the real SANA anchors are at most 272 days apart.
    reg, _ = registry()
    typo = story(1, 5000, date=D(2105, 6, 4))
    got, warnings = dated([story(2, 4000), typo, story(3, 1000, date=D(2018, 6, 4))], reg)
    assert got["content/002.txt"] is None
    assert any("too far to date from" in w and "post 4000" in w for w in warnings)


def test_dates_at_the_edge_of_the_calendar_do_not_crash():
    reg, _ = registry()
    edge = [story(1, 999_999_999, date=D(9999, 12, 31)), story(2, 999_999_998),
            story(3, 999_999_997, date=D(9999, 12, 30)), story(4, 2, date=D(1, 1, 1)),
            story(5, 3), story(6, 4, date=D(1, 1, 2))]
    got, _ = dated(edge, reg)
    assert got["content/002.txt"] is not None and got["content/002.txt"].latest == D.max
    assert got["content/005.txt"] is not None and got["content/005.txt"].earliest == D.min
