"""Build the real sample archive and check what a reader would see, page by page."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from sana_archive.build import build
from tests.conftest import parse_page


def tree(root: Path) -> dict[str, str]:
    """Every output file's digest, the search index's included."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("e2e") / "build"
    report = build(repo, out)
    assert report.errors == 0, [d.format() for d in report.diagnostics]
    assert report.articles == 2
    return out


def article_pages(built: Path) -> list[Path]:
    """Statement pages, not the redirect pages left at the seeds' old addresses."""
    return sorted(
        p
        for p in (built / "statements").glob("*/index.html")
        if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")
    )


def test_lavrov_speaker_page_lists_both_statements(built: Path):
    page = parse_page(built / "speakers" / "sergey-lavrov" / "index.html")
    targets = {link for link in page.links if "statements/" in link}
    assert len(targets) == 2
    assert "Sergey Lavrov" in page.text
    assert "Russian Foreign" in page.text  # roles as written


def test_moscow_page_lists_both_statements(built: Path):
    page = parse_page(built / "locations" / "moscow" / "index.html")
    assert len({link for link in page.links if "statements/" in link}) == 2


def test_seeds_are_in_the_date_index_with_derived_marked_dates(built: Path):
    """Neither seed states a date; sources.yaml's SANA anchors date both from their post ids
    (the seeds' own pairs are left out of the registry), so Undated is empty and the year
    pages list them, marked as derived."""
    undated = parse_page(built / "dates" / "undated" / "index.html")
    assert not {link for link in undated.links if "statements/" in link}
    assert "never invents" in undated.text
    for year, wanted in (("2015", 1), ("2016", 1), ("2017", 1)):
        page = parse_page(built / "dates" / year / "index.html")
        assert len({link for link in page.links if "statements/" in link}) == wanted, year
        assert "(derived)" in page.text
    evidence = set()
    for path in article_pages(built):
        page = parse_page(path)
        assert "Date unknown" not in page.text
        assert page.first("time") is None  # a range, not a day: no machine-readable day
        text = " ".join(page.text.split())
        assert "(derived: SANA post " in text
        evidence.update(n for n, said in SEED_DATINGS.items() if said in text)
    assert evidence == {"57563", "105044"}


# Each seed's derived range as its page states it: the anchors around its post id, a day
# wider at each end (anchors carry event dates; SANA posts the same day or the next). The
# true dates, 12 October 2015 and 26 April 2017, lie inside.
SEED_DATINGS = {
    "57563": "between 20 July 2015 and 2 February 2016 (derived: SANA post 57563 lies between "
    "post 49060 of 21 July 2015 and post 68207 of 1 February 2016; an agency posts an event "
    "the same day or the next, so between 20 July 2015 and 2 February 2016)",
    "105044": "between 4 April and 30 August 2017 (derived: SANA post 105044 lies between "
    "post 103647 of 5 April 2017 and post 112822 of 29 August 2017; an agency posts an event "
    "the same day or the next, so between 4 April and 30 August 2017)",
}


def test_seed_article_shows_its_metadata_and_body(built: Path):
    pages = {p.parent.name: parse_page(p) for p in article_pages(built)}
    first = next(p for slug, p in pages.items() if slug.startswith("sana-57563-"))
    assert "Lavrov: Moscow to conduct more communications regarding crisis in Syria" in first.text
    assert "Lamberto Zannier" in first.text and "Hazem Sabbagh" in first.text
    assert "Check Also" not in first.text and "Dagestan" not in first.text
    assert any(link == "https://sana.sy/en/?p=57563" for link in first.links)
    second = next(p for slug, p in pages.items() if not slug.startswith("sana-57563-"))
    assert "Adel al-Jubeir" in second.text and "Manar/Mazen" in second.text
    assert "quote-1" in second.ids


def test_every_internal_link_and_asset_resolves(built: Path):
    checked = 0
    for path in sorted(built.rglob("*.html")):
        if path.name == "404.html":
            continue  # links there are rooted at the base path, checked below
        page = parse_page(path)
        base = "http://site/" + path.relative_to(built).as_posix()
        for href in page.links + page.assets:
            absolute, _ = urldefrag(urljoin(base, href))
            parts = urlsplit(absolute)
            if parts.netloc != "site":
                continue
            target = built / parts.path.lstrip("/")
            if parts.path.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), f"{path.relative_to(built)} links to missing {href}"
            checked += 1
    assert checked > 50


def test_404_links_are_rooted_at_the_base_path(built: Path):
    page = parse_page(built / "404.html")
    assert all(link.startswith(("/", "#")) for link in page.links)
    assert (built / "sitemap.xml").read_text().count("<loc>http://localhost:8000/") > 5


def test_second_build_is_byte_identical(built: Path, tmp_path: Path):
    """Built again in another process, under another string-hash seed, so an output that
    leans on set or dict order (Python's, or Pagefind's own hash maps) would show here."""
    repo = Path(__file__).resolve().parents[1]
    again = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    command = [sys.executable, "-m", "sana_archive", "build", "--site", str(repo),
               "--output", str(again)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert any(p.suffix == ".pf_filter" for p in again.rglob("*")), "no search index built"
    assert tree(again) == tree(built)


def test_sub_path_base_url_changes_only_absolute_urls(tmp_path: Path):
    repo = Path(__file__).resolve().parents[1]
    out = tmp_path / "sub"
    build(repo, out, base_url="https://example.org/archive")
    sitemap = (out / "sitemap.xml").read_text()
    assert "https://example.org/archive/statements/" in sitemap
    page = parse_page(out / "404.html")
    assert any(link.startswith("/archive/") for link in page.links)
    home = parse_page(out / "index.html")
    assert all(not link.startswith("/") for link in home.links)
