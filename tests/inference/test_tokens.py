"""The tokenizer counts offsets from the gaps between tokens; held to the plain reading of
its pattern (every match with its span) on any text."""

from __future__ import annotations

import re
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st

from sana_archive.inference.tokens import _TOKEN, tokenize

_GAP = re.compile(r"[\s_]")


def _reference(text: str) -> list[tuple[str, int, int, str]]:
    return [(m.group(), m.start(), m.end(), m.group().casefold()) for m in _TOKEN.finditer(text)]


def test_every_character_opens_a_token_or_is_a_gap():
    """What the counting rests on: no character is skipped by the pattern but a gap's."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (_TOKEN.match(char) is None) == (_GAP.match(char) is not None), hex(code)


words = st.sampled_from(["Lavrov", "al-Jaafari", "he", "The", "U.S.", "A.B.", "1,000.5", "’s",
                         "Straße", "İstanbul", "e\u0301", "_", "__", " ", "  ", "\n", "\t", ",",
                         "“", "x_y", "Jo's", "-", ".", "\u2028", "\u00a0"])


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(words, max_size=30).map("".join)))
@example("")
@example("   ")
@example("a _ ")
@example("Straße Ünal said")
@example("_" * 5000)
def test_tokens_are_the_pattern_matches_with_their_spans(text: str):
    marks: list[int] = []
    tokens = tokenize(text, marks, frozenset({"he", "The"}), ("al-",))
    expected = _reference(text)
    if len(text.casefold()) == len(text):
        expected = [(w, s, e, text.casefold()[s:e]) for w, s, e, _ in expected]
    assert [tuple(t) for t in tokens] == expected
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert marks == [i for i, t in enumerate(tokens) if t.text[0].isupper()
                     or t.text in ("he", "The") or t.text.startswith("al-")]
