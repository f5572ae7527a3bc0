"""Property tests over everything that reads untrusted text: for any input, a value or a
located problem, quickly, and never any other exception."""

from __future__ import annotations

import re
import sys
import time

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from sana_archive.content.fields import FIELDS
from sana_archive.content.frontmatter import decode, split_front_matter
from sana_archive.content.markup import (
    _SPECIAL_CHARACTERS,
    _is_plain,
    _parser,
    _plain_paragraphs,
    render_markdown,
    sanitize,
)
from sana_archive.content.reader import read_article
from sana_archive.inference import infer
from sana_archive.model import Diagnostic, Inferred
from sana_archive.registry import Registries
from sana_archive.site.urls import assign_unique, slug_for
from sana_archive.yamlload import load_yaml
from tests.conftest import Page

FAST = settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
EMPTY = Registries.build()
PATH = "content/fuzz.md"

# Text biased towards what matters here: fences, YAML syntax, Markdown, wire-story words.
pieces = st.sampled_from([
    "---", "+++", "...", "\n", "\r\n", "\t", "  ", ": ", "- ", "&a ", "*a", "!!python/name:x",
    "[", "]", "{", "}", "\"", "'", "#", "<script>", "`", "*", "_", "\u202e", "\u2028", "\x00",
    "title", "date", "speakers", "2017-02-30", "2017-04-12T23:30:00+03:00", "SANA", " – ",
    "Moscow, ", "said", "Minister ", "Sergey Lavrov", "“", "”", "Monday", "é", "ب",
])
texts = st.one_of(st.text(max_size=300), st.lists(pieces, max_size=60).map("".join))
yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
              st.text(max_size=40)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


def located(diagnostics) -> None:
    for d in diagnostics:
        assert isinstance(d, Diagnostic) and d.path == PATH
        assert d.line >= 1 and d.col >= 1 and d.level in ("error", "warning") and d.message


@FAST
@given(texts)
@example("---\na: &a [1]\nb: *a\n---\n")
@example("---\ntitle: !!python/object/apply:os.system ['true']\n---\n")
def test_split_front_matter_never_raises(text: str):
    split = split_front_matter(text, PATH)
    assert split.meta is None or isinstance(split.meta, dict)
    assert split.body_line >= 1
    located(split.diagnostics)


@FAST
@given(texts)
def test_load_yaml_returns_plain_data_or_a_located_error(text: str):
    doc = load_yaml(text, PATH, first_line=2)
    located(doc.diagnostics)
    if doc.diagnostics:
        assert doc.value is None

    def plain(value) -> bool:
        if isinstance(value, dict):
            return all(plain(k) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return isinstance(value, str | int | float | bool | bytes | type(None))

    assert plain(doc.value)


@FAST
@given(st.sampled_from(sorted(FIELDS)), yaml_values)
def test_field_normalizers_return_a_value_or_a_message(field: str, raw):
    value, message, level = FIELDS[field](raw)
    assert level in ("error", "warning")
    assert value is not None or message


@FAST
@given(st.one_of(st.binary(max_size=400), texts.map(lambda t: t.encode("utf-8", "surrogatepass"))))
@example(b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n\x00body")
@example("---\ntitle: \u202ex\n---\nb".encode())
def test_read_article_never_raises(data: bytes):
    started = time.process_time()
    result = read_article(PATH, data, EMPTY)
    assert time.process_time() - started < 2
    located(result.diagnostics)
    if result.article is not None:
        assert result.article.slug and "/" not in result.article.slug
        assert "\x00" not in result.article.title


@FAST
@given(texts)
def test_infer_is_total(text: str):
    assert isinstance(infer(text, EMPTY), Inferred)


@FAST
@given(st.text(max_size=120))
def test_slug_for_is_a_safe_path_segment(name: str):
    slug = slug_for(name)
    assert slug and len(slug) <= 80
    assert slug not in (".", "..") and "/" not in slug and "\x00" not in slug
    assert slug == slug.strip("-") and slug.isascii()


@FAST
@given(st.lists(st.tuples(st.text(max_size=12), st.sampled_from(["a", "b", "a-1", "x"])),
                max_size=12, unique_by=lambda kv: kv[0]))
def test_assign_unique_gives_distinct_slugs(wanted: list[tuple[str, str]]):
    wanted = sorted(wanted)
    result, problems = assign_unique(wanted, "article")
    assert set(result) == {k for k, _ in wanted}
    assert len(set(result.values())) == len(result)
    assert len(problems) == len(wanted) - len({s for _, s in wanted})
    for problem in problems:
        assert problem.level == "error" and "is also wanted by" in problem.message


plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r")
    | st.just("\n"),
    max_size=200,
).filter(_is_plain)


# The one pattern _is_plain used to search with; it now searches in passes, and lets one
# underscore through.
_ONE_PATTERN = re.compile(
    r"[\\`*\[\]<>!&#|~]|[^\S \n]|^\s{0,3}(?:[-+=]|\d+[.)]|>)|^ {4}|  $|^\s*$\n^\s*$",
    re.MULTILINE,
)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"   \n\n\ta1.)-+=>*_#|~&<[]`!\\",
                                         "\u00a0", "\u2028", "\x85", "\x1c", "\r"]),
               max_size=40))
@example("a\n   - b")
@example("a\n    b")
@example("a  \nb")
@example("a  ")
@example("a\n \n\nb")
@example("a\n\n \n")
@example("\n\nb")
@example("- a")
@example("a\n12) b")
@example("a\u00a0b")
@example("a\u3000b")
@example("a_b")
@example("a_b_c")
@example("plain words, nothing more.\n\nA second paragraph.")
def test_plain_check_in_passes_agrees_with_one_pattern(text: str):
    assert _is_plain(text) == (_ONE_PATTERN.search(text) is None and text.count("_") <= 1)


def test_plain_check_names_every_other_space():
    """The class of other whitespace is written out; it must be all that ``\\s`` holds."""
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()} - {" ", "\n"}
    assert all(not _is_plain(f"a{c}b") for c in spaces)
    assert {c for c in spaces if _SPECIAL_CHARACTERS.search(c)} == spaces


@pytest.mark.parametrize("text", [
    "Damascus, SANA_ The minister said the talks went well.\n\nHe added more.",
    "_lead word", "last word_", "a _b", "a_ b", "snake_case", "one\n_\ntwo", "SANA _ x",
])
def test_one_underscore_is_printed_as_the_parser_prints_it(text: str):
    assert _is_plain(text)
    assert sanitize(_plain_paragraphs(text)) == sanitize(_parser().render(text))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["SANA_", "_", "a", "b,", " ", " ", "\n", "\n\n", "1.",
                                 "'", "’", "(", ")", "-", "x_y"]), max_size=16).map("".join)
       .filter(_is_plain).filter(lambda t: "_" in t))
def test_underscore_fast_path_equals_the_markdown_parser(text: str):
    plain = text.replace("_", "a")
    # Held to the parser only where the same text without the underscore is.
    assume(sanitize(_plain_paragraphs(plain)) == sanitize(_parser().render(plain)))
    assert sanitize(_plain_paragraphs(text)) == sanitize(_parser().render(text))


@FAST
@given(plain_text)
def test_plain_fast_path_equals_the_markdown_parser(text: str):
    assert sanitize(_plain_paragraphs(text)) == sanitize(_parser().render(text))


@FAST
@given(texts)
def test_render_markdown_never_lets_script_through(text: str):
    page = Page(render_markdown(text + "\n\n<img src=x onerror=alert(1)> [a](javascript:x)"))
    for tag, attrs in page.tags:
        assert tag not in ("script", "img", "iframe", "style")
        assert not [name for name in attrs if name.startswith("on")]
        assert not (attrs.get("href") or "").lower().startswith("javascript")


@pytest.mark.parametrize("data", [b"", b"\xff\xfe\x00\x00", b"---\n", b"+++\n", b"\x00" * 10])
def test_decode_edge_cases_are_values(data: bytes):
    text, problems = decode(data, PATH)
    assert text is None or isinstance(text, str)
    located(problems)
