"""Related statements and meetings: deterministic choices, and page keys that follow them."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

from sana_archive.build import build
from sana_archive.model import Article, Person, TextBody
from sana_archive.site.graph import build_site
from sana_archive.site.related import RelatedStatements, meetings
from tests.conftest import parse_page
from tests.discovery import SEED, story


def tree(root: Path) -> dict[str, str]:
    """Output digests, the search index's included."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def related_titles(out: Path, slug: str) -> dict[str, list[str]]:
    page = parse_page(out / "statements" / slug / "index.html")
    text = (out / "statements" / slug / "index.html").read_text()
    groups = {}
    for key in ("speaker-topic", "counterpart", "speaker"):
        if f'id="related-{key}"' in text:
            section = text.split(f'aria-labelledby="related-{key}"', 1)[1].split("</ul>", 1)[0]
            groups[key] = [line.split('">', 1)[1].split("</a>")[0]
                           for line in section.split("<li><a href=")[1:]]
    assert page.text
    return groups


def test_related_groups_are_nearest_in_time_and_never_repeat(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site(SEED, config="search: false\n"), out)
    assert related_titles(out, "lavrov-zannier") == {
        "speaker-topic": ["Lavrov on Astana", "Lavrov, date unknown"],
    }
    assert related_titles(out, "jubeir-riyadh") == {}  # no other statement by al-Jubeir


def test_ties_are_broken_by_slug_whatever_the_file_order(make_site, tmp_path):
    files = {
        f"{name}.txt": story(f"Title {name}", "Moscow, SANA – text.", date="2016-01-10", slug=name)
        for name in ("zeta", "alpha", "mid")
    }
    files["x.txt"] = story("Centre", "Moscow, SANA – centre.", date="2016-01-10", slug="centre")
    out = tmp_path / "out"
    build(make_site(files, config="search: false\n"), out)
    titles = related_titles(out, "centre")["speaker-topic"]
    assert titles == ["Title alpha", "Title mid", "Title zeta"]


def article(slug: str, date: str | None, counterparts=(), location="Moscow", topics=("T",)):
    return Article(
        source_path=f"{slug}.txt", slug=slug, title=slug,
        date=dt.date.fromisoformat(date) if date else None, body=TextBody("", ""),
        speakers=(Person("Sergey Lavrov"),), counterparts=tuple(counterparts),
        location=location, topics=tuple(topics), digest=slug,
    )


def test_nearest_in_time_by_days_then_slug():
    site, _ = build_site([
        article("a", "2016-01-01"), article("b", "2016-01-20"), article("c", "2016-01-10"),
        article("d", "2016-01-12"), article("e", "2015-01-01"), article("f", None),
    ])
    related = RelatedStatements(site)
    index = site.position["c.txt"]
    (key, _, positions), (rest, _, others) = related.groups(index)
    assert key == "speaker-topic" and rest == "speaker"
    assert [site.articles[i].slug for i in positions] == ["d", "a", "b"]
    assert [site.articles[i].slug for i in others] == ["e", "f"]  # undated last
    undated = related.groups(site.position["f.txt"])[0][2]
    assert [site.articles[i].slug for i in undated] == ["a", "b", "c"]  # no distance: by slug


def test_meetings_count_counterparts_and_places():
    site, _ = build_site([
        article("a", "2016-01-01", ["Zannier"], "Moscow"),
        article("b", "2016-02-01", ["Zannier", "Kerry"], "Geneva"),
        article("c", None, ["Kerry"], "Moscow"),
        article("d", "2017-01-01", ["Zannier"], "Moscow"),
    ])
    rows = meetings(site, site.term("speakers", "Sergey Lavrov"))
    assert [(r["name"], r["count"]) for r in rows] == [("Zannier", 3), ("Kerry", 2)]
    assert [(p["name"], p["count"]) for p in rows[0]["places"]] == [("Moscow", 2), ("Geneva", 1)]
    assert (rows[0]["first"], rows[0]["last"]) == ("2016-01-01", "2017-01-01")
    assert (rows[1]["first"], rows[1]["last"]) == ("2016-02-01", "2016-02-01")


def test_meetings_table_on_speaker_page(make_site, tmp_path):
    out = tmp_path / "out"
    build(make_site(SEED, config="search: false\n"), out)
    page = parse_page(out / "speakers" / "sergey-lavrov" / "index.html")
    assert "Who Sergey Lavrov met" in page.text
    text = (out / "speakers" / "sergey-lavrov" / "index.html").read_text()
    table = text.split('aria-labelledby="meetings-title"', 1)[1].split("</table>", 1)[0]
    assert table.index("Lamberto Zannier") < table.index("Adel al-Jubeir")  # 2 meetings before 1
    assert "<td>2</td>" in table and "Moscow</bdi></a> (2)" in table


def test_incremental_rebuild_updates_related_on_other_pages(make_site, tmp_path):
    site = make_site(SEED, config="search: false\n")
    out = tmp_path / "out"
    build(site, out)
    path = site / "content" / "b.txt"
    path.write_text(path.read_text().replace("title: \"Lavrov on Astana\"", "title: \"Renamed\""))
    report = build(site, out)
    assert report.mode == "in-place"
    assert related_titles(out, "lavrov-zannier")["speaker-topic"][0] == "Renamed"
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(site, clean, use_cache=False)
    assert tree(out) == tree(clean)
