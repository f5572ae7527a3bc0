from sana_archive.build import build


def story(n: int) -> str:
    return f"Statement {n}\n\nMoscow, SANA – Foreign Minister Sergey Lavrov said on Monday {n}.\n"


def test_a_template_error_on_every_page_is_reported_once(make_site, tmp_path):
    site = make_site({f"{n}.txt": story(n) for n in range(5)}, config="search: false\n")
    template = site / "templates" / "article.html"
    template.write_text(template.read_text().replace("{{ page.title }}", "{{ page.no_such }}", 1))
    report = build(site, tmp_path / "out")
    errors = [d for d in report.diagnostics if d.level == "error"]
    assert len(errors) == 1, [d.format() for d in errors]
    assert errors[0].path == "templates/article.html" and "no_such" in errors[0].message
    assert not (tmp_path / "out" / "statements").exists()  # no page pretends to be whole


def test_pages_drawn_in_workers_are_the_pages_drawn_in_one_process(
    make_site, tmp_path, monkeypatch
):
    """Workers hand each page to the engine's sink, which writes it there and then: the tree
    is the one a single process writes, on a cold build (staged) and after a template edit
    that redraws every page but changes the bytes of some (probed against the live site)."""
    from sana_archive.engine import outputs
    from tests.test_incremental import tree

    site = make_site({f"{n}.txt": story(n) for n in range(8)}, config="search: false\n")
    sinks = []

    def spy(specs, stale, renderer, jobs, sink):
        sinks.append(sink)
        return render_in_workers(specs, stale, renderer, jobs, sink)

    from sana_archive.render import parallel  # imported by render_pages when it forks

    render_in_workers = parallel.render_in_workers
    monkeypatch.setattr(parallel, "render_in_workers", spy)
    monkeypatch.setattr(outputs, "PARALLEL_RENDER_MIN", 1)
    # However few pages change, no in-place update: the rebuild goes through workers too.
    monkeypatch.setattr("sana_archive.engine.redraw.IN_PLACE_MIN", 0)
    monkeypatch.setattr("sana_archive.engine.redraw.IN_PLACE_SHARE", 0.0)
    serial, forked = tmp_path / "serial", tmp_path / "forked"
    assert build(site, serial, jobs=1).errors == 0 and not sinks
    assert build(site, forked, jobs=2).errors == 0 and sinks[-1].probe is None
    assert tree(forked) == tree(serial)

    home = (forked / "index.html").stat().st_ino
    template = site / "templates" / "article.html"
    template.write_text(template.read_text().replace("</article>", "</article>\n<!-- v2 -->", 1))
    (site / "templates" / "base.html").write_text(
        (site / "templates" / "base.html").read_text() + "{# no bytes change #}\n"
    )
    assert build(site, serial, jobs=1).errors == 0
    assert build(site, forked, jobs=2).errors == 0 and sinks[-1].probe == forked
    assert tree(forked) == tree(serial)
    assert "<!-- v2 -->" in next(forked.glob("statements/*/index.html")).read_text()
    assert (forked / "index.html").stat().st_ino == home  # same bytes: left as it was
