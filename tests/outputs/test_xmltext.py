"""Our XML text and attribute escaping is the standard library's, character for character."""

from __future__ import annotations

from xml.sax import saxutils

from hypothesis import example, given
from hypothesis import strategies as st

from sana_archive.outputs.xmltext import escape, quoteattr

_TRICKY = st.text(alphabet=st.sampled_from("&<>\"'\n\r\t a;#é\u2028"), max_size=30)


@given(st.one_of(_TRICKY, st.text()))
@example("")
@example("Tom & Jerry's \"show\" <b>\n\t\r")
@example("'single' only")
@example('"double" only')
def test_escape_and_quoteattr_equal_saxutils(text: str) -> None:
    assert escape(text) == saxutils.escape(text)
    assert quoteattr(text) == saxutils.quoteattr(text)
