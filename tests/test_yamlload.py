from sana_archive.yamlload import load_yaml


def test_plain_mapping_with_key_lines():
    doc = load_yaml("title: A\ndate: 2017-04-12\n", "f.md", first_line=2)
    assert doc.value == {"title": "A", "date": "2017-04-12"}  # dates stay text
    assert doc.key_lines == {"title": 2, "date": 3}
    assert doc.diagnostics == ()


def test_syntax_error_is_located_in_the_file():
    doc = load_yaml("title: A\nspeakers: [a, b\n", "f.md", first_line=2)
    assert doc.value is None
    (d,) = doc.diagnostics
    assert (d.path, d.level) == ("f.md", "error")
    assert d.line >= 3


def test_duplicate_key_is_reported_with_both_lines():
    doc = load_yaml("title: A\ntitle: B\n", "f.md", first_line=2)
    (d,) = doc.diagnostics
    assert d.line == 3 and "duplicate key 'title'" in d.message and "line 2" in d.message


def test_python_tags_never_construct_objects():
    doc = load_yaml("x: !!python/object/apply:os.system ['echo pwned']\n", "f.md")
    assert doc.value is None
    assert "unsupported YAML tag" in doc.diagnostics[0].message


def test_aliases_are_refused_so_bombs_cannot_expand():
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
    doc = load_yaml(bomb, "f.md")
    assert doc.value is None
    assert "anchors" in doc.diagnostics[0].message or "aliases" in doc.diagnostics[0].message


def test_tab_indentation_is_named():
    doc = load_yaml("speakers:\n\t- A\n", "f.md", first_line=2)
    (d,) = doc.diagnostics
    assert (d.line, d.col) == (3, 1) and "tab" in d.message
