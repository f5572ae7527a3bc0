"""Real edits to a served site: what the browser's event stream says and what HTTP serves."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.conftest import Page
from tests.serve.conftest import Events, article, get


def start(make_site, preview, **files: str):
    site = make_site({f"{name}.txt": text for name, text in files.items()})
    running = preview(site)
    port = running.server.server_address[1]
    return site, running, port, Events(port)


def statement_links(port: int, target: str) -> set[str]:
    status, _, body = get(port, target)
    assert status == 200, target
    return {link for link in Page(body.decode()).links if "statements/" in link}


def test_edit_reloads_and_serves_the_new_page(make_site, preview):
    site, running, port, events = start(make_site, preview, a=article("Talks go on"))
    assert b"Talks go on" in get(port, "/")[2]
    (site / "content" / "a.txt").write_text(article("Talks resume in Geneva"))
    kind, data = events.next()
    assert kind == "reload" and data["errors"] == []
    status, _, body = get(port, "/")
    assert status == 200 and b"Talks resume in Geneva" in body and b"Talks go on" not in body
    assert running.loop.builds == 2
    events.close()


def test_deleted_and_renamed_articles_leave_every_index(make_site, preview):
    site, _running, port, events = start(
        make_site,
        preview,
        a=article("First statement"),
        b=article("Second statement", speaker="Walid al-Moallem", location="Damascus"),
    )
    assert len(statement_links(port, "/locations/moscow/")) == 1
    status, _, _ = get(port, "/speakers/walid-al-moallem/")
    assert status == 200
    (site / "content" / "b.txt").unlink()
    assert events.next()[0] == "reload"
    assert get(port, "/speakers/walid-al-moallem/")[0] == 404
    assert get(port, "/locations/damascus/")[0] == 404
    assert b"Second statement" not in get(port, "/")[2]
    assert b"Second statement" not in get(port, "/dates/2015/")[2]
    os.rename(site / "content" / "a.txt", site / "content" / "renamed.md")
    assert events.next()[0] == "reload"
    assert len(statement_links(port, "/locations/moscow/")) == 1
    events.close()


def test_temp_and_swap_files_trigger_no_rebuild(make_site, preview):
    site, running, _port, events = start(make_site, preview, a=article("Talks go on"))
    content = site / "content"
    for name in (".a.txt.swp", "a.txt~", "#a.txt#", ".#a.txt", "4913", ".hidden.txt", "a.swx"):
        (content / name).write_text("junk")
    (site / "templates" / ".base.html.swp").write_text("junk")
    (site / "notes.txt").write_text("not an input")
    time.sleep(0.6)
    assert running.loop.builds == 1 and events.pending() == []
    events.close()


def test_a_burst_of_saves_is_one_or_two_rebuilds(make_site, preview):
    site, running, _port, events = start(make_site, preview, a=article("Talks go on"))
    for n in range(200):
        (site / "content" / f"burst{n:03d}.txt").write_text(
            article(f"Statement number {n}", date=f"2016-01-{n % 28 + 1:02d}")
        )
    kinds = [events.next(timeout=20)[0]]
    deadline = time.monotonic() + 20
    while running.loop.builds < 3 and time.monotonic() < deadline:
        report = running.loop.last_report
        if report is not None and report.articles == 201:
            break
        time.sleep(0.05)
    time.sleep(0.3)
    kinds += [kind for kind, _ in events.pending()]
    assert running.loop.last_report is not None and running.loop.last_report.articles == 201
    assert 2 <= running.loop.builds <= 3, running.loop.builds  # the first build + 1 or 2
    assert set(kinds) == {"reload"}
    events.close()


def test_css_change_refreshes_styles_without_reload(make_site, preview):
    site, _running, port, events = start(make_site, preview, a=article("Talks go on"))
    with open(site / "static" / "style.css", "a") as handle:
        handle.write("\n.live-edit { color: red; }\n")
    assert events.next()[0] == "css"
    assert b".live-edit" in get(port, "/static/style.css")[2]
    (site / "templates" / "partials" / "extra.html").write_text("x")
    assert events.next()[0] == "reload"
    events.close()


def test_template_error_shows_overlay_keeps_last_good_site_and_clears(make_site, preview):
    site, _running, port, events = start(make_site, preview, a=article("Talks go on"))
    before = get(port, "/")[2]
    home = site / "templates" / "home.html"
    good = home.read_text()
    home.write_text(good.replace("{% block content %}", "{% block content %}{% if %}"))
    kind, data = events.next()
    assert kind == "error"
    [error] = data["errors"]
    assert error["path"] == "templates/home.html" and error["line"] >= 1
    assert "template syntax" in error["message"]
    # The last good site is still served, and a page loaded now draws the overlay.
    status, _, body = get(port, "/")
    assert status == 200
    assert body.replace(b"\n", b"").count(b"templates/home.html") == 1
    assert strip_script(body) == strip_script(before)
    # A missing variable: a located error too, and the site is still the last good one.
    home.write_text(
        good.replace("{% block content %}", "{% block content %}{{ no_such_variable.x }}")
    )
    kind, data = events.next()
    assert kind == "error" and data["errors"][0]["path"] == "templates/home.html"
    assert "no_such_variable" in data["errors"][0]["message"]
    home.write_text(good + "\n")
    kind, data = events.next()
    assert kind == "reload" and data["errors"] == []
    assert b"templates/home.html" not in get(port, "/")[2]
    events.close()


def test_bad_yaml_is_an_error_and_the_article_stays_until_fixed(make_site, preview):
    site, _running, port, events = start(make_site, preview, a=article("Talks go on"))
    (site / "content" / "a.txt").write_text("---\ntitle: [unclosed\n---\nMoscow, SANA – x.\n")
    kind, data = events.next()
    assert kind == "error" and data["errors"][0]["path"] == "content/a.txt"
    assert b"Talks go on" in get(port, "/")[2]
    (site / "content" / "a.txt").write_text(article("Talks fixed"))
    assert events.next()[0] == "reload"
    assert b"Talks fixed" in get(port, "/")[2]
    events.close()


def test_output_files_never_contain_the_reload_script(make_site, preview):
    site, running, _port, events = start(make_site, preview, a=article("Talks go on"))
    (site / "content" / "b.txt").write_text(article("Another one"))
    assert events.next()[0] == "reload"
    output = running.output
    pages = list(output.rglob("*.html"))
    assert pages and not any(b"sana-live-reload" in p.read_bytes() for p in pages)
    events.close()


def strip_script(body: bytes) -> bytes:
    start = body.find(b'<script id="sana-live-reload">')
    if start < 0:
        return body
    end = body.index(b"</script>", start) + len(b"</script>\n")
    return body[:start] + body[end:]


def test_close_stops_everything(make_site, preview, tmp_path: Path):
    _, running, port, events = start(make_site, preview, a=article("Talks go on"))
    running.close()
    assert not running.watcher.observer.is_alive()
    events.reader.join(timeout=5)
    assert not events.reader.is_alive()  # the event stream was ended by the server
    with pytest.raises(OSError):
        get(port, "/")
    assert not (tmp_path / ".served.staging").exists()
    assert (running.output / "index.html").is_file()
