import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

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


# The direct walk of plain trees (yamlload._plain) against PyYAML's own constructor.
def _constructed(text: str):
    from sana_archive.yamlload import _FAST_LOADER

    loader = _FAST_LOADER(text)
    loader.first_line = 1
    try:
        node = loader.get_single_node()
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


_WALKED = [
    'title: "A"\ndate: 2017-04-12\nspeakers:\n  - name: Jo Roe\n    role: "Envoy"\n',
    "a: 1\nb: [x, 'y', 2.5, true, null, ~, 0x1f, 1:30, 017, +1_000, .nan, -.Inf]\n",
    "c:\n  d: e\n  f: [{g: h}, [i, [j]]]\nk: |\n  two\n  lines\nl: >\n  folded\n  text\n",
    "1: a\n2.5: b\nnull: c\nfalse: d\n", "a: !!str 12\nb: !!int '7'\nc: !!float 1\n",
    "- a\n- b\n", "just text", "d: 2010-06-30\nt: 12:30:45\n",
]


@pytest.mark.parametrize("text", _WALKED)
def test_plain_trees_walked_as_the_constructor_builds_them(text: str):
    doc = load_yaml(text, "f.md")
    assert doc.diagnostics == ()
    assert repr(doc.value) == repr(_constructed(text))  # repr: nan != nan


@pytest.mark.parametrize("text, value", [
    ("a: !!binary aGk=\n", {"a": b"hi"}),            # a tag the walk leaves alone
    ("a: !!set {x}\n", {"a": {"x"}}),
    ("<<: {a: 1}\nb: 2\n", None),                      # a merge key: an error
    ("? [a]\n: b\n", None),                            # a list as a key: an error
    ("a: \"\\x07bell\"\n", {"a": "bell"}),             # an escape makes a control character
])
def test_other_trees_go_to_the_constructor(text: str, value):
    assert load_yaml(text, "f.md").value == value


@given(st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=12)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.text(max_size=6), st.integers()),
                                            inner, max_size=4)),
    max_leaves=15,
))
@settings(max_examples=300, deadline=None)
def test_any_dumped_value_loads_as_the_constructor_builds_it(value):
    text = yaml.safe_dump(value, allow_unicode=True)
    doc = load_yaml(text, "f.md")
    if not doc.diagnostics:
        assert doc.value == _constructed(text)
