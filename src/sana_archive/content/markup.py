"""Article body text -> safe HTML.

Bodies are Markdown (plain wire text is valid Markdown). The result is sanitized with an
allowlist (nh3) because bodies are scraped from the web: no script, event handler or
``javascript:`` URL from content may reach a page. Plain paragraphs, which are nearly all
wire text, skip the Markdown parser: the fast path gives the same HTML at a fraction of
the cost, and a test holds the two paths equal.

The parser is markdown-it-py (CommonMark), chosen over Python-Markdown because its time is
linear in the input: Python-Markdown rescans a block from every "[", "*" or "<", so a
hostile file of 20,000 "[" took two minutes to render; here it takes a fraction of a second.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

import nh3

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
_URL_SCHEMES = {"http", "https", "mailto"}

# Characters or line starts that make Markdown do more than wrap paragraphs; any
# whitespace but space and newline (tabs, NBSP...) also goes to the parser, whose rules
# for it are subtle.
# Tested in passes, each one the regex engine (or str) can run without trying a pattern at
# every position: the characters are one class spelled out (a class holding ``[^\S \n]``
# is tested character by character, four times slower), written out below as every
# character ``str.isspace`` accepts but space and newline (a test holds the two equal);
# the line patterns are searched for after a newline put in front of the text, so the
# engine scans for that one character instead of trying ``^`` at every position.
_OTHER_SPACE = "\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPECIAL_CHARACTERS = re.compile(rf"[\\`*\[\]<>!&#|~{_OTHER_SPACE}]")
# With no other whitespace left, a line is spaces and text: a list, quote, heading rule or
# code block opens it, or two blank lines follow each other.
_SPECIAL_LINES = re.compile(r"\n(?: {0,3}(?:[-+=]|\d+[.)]|>)| {4}| *\n *(?:\n|\Z))")


def _is_plain(text: str) -> bool:
    """Text the parser would only wrap in paragraphs. One underscore is let through (the
    "SANA_" of wire datelines sent one story in eight to the parser): emphasis needs two
    delimiters and a rule three, so one alone is printed as written."""
    return (
        _SPECIAL_CHARACTERS.search(text) is None
        and text.count("_") <= 1
        and "  \n" not in text
        and not text.endswith("  ")
        and _SPECIAL_LINES.search("\n" + text) is None
    )


def _plain_paragraphs(text: str) -> str:
    """What the Markdown parser makes of text with no Markdown syntax: one <p> per block."""
    blocks = [b.strip("\n") for b in re.split(r"\n *\n", text.strip("\n")) if b.strip()]
    out = []
    for block in blocks:
        lines = [line.strip(" ") for line in block.split("\n")]
        out.append("<p>" + html.escape("\n".join(lines), quote=False) + "</p>\n")
    return "".join(out)


def _parser() -> MarkdownIt:
    # Imported here: most wire stories are plain paragraphs, and a one-story edit then
    # does without markdown-it (about 12 ms of imports).
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def render_markdown(text: str) -> str:
    """Render and sanitize, in time linear in the text; never raises on any text."""
    if _is_plain(text):
        raw = _plain_paragraphs(text)
    else:
        try:
            raw = _parser().render(text)
        except (RecursionError, ValueError):
            raw = _plain_paragraphs(text)
    return sanitize(raw)


def sanitize(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
