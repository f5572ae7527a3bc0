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
