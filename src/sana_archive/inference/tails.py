"""Scraped tails and page chrome: the text around a story that is not the story.

Scrapers keep whatever the page showed: the next story's teaser under "Check Also",
"Read also" lists, comment widgets, photo credits, breadcrumbs. Anything in them (a city,
a weekday, an official) belongs to another story, so they are cut before any field is read.
"""

from __future__ import annotations

import re

# Line openings that start a tail running to the end of the text, with the tail's label.
_TAIL_MARKERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), label) for pattern, label in (
        (r"^check also\b", "check-also"),
        (r"^(?:read also|read more|see also|also read|related(?: articles| news| posts| "
         r"stories)?|more on this|you may also like|recommended)\s*:?$", "read-also"),
        (r"^(?:most (?:visited|read|viewed|popular)|top stories|top \w+ stories|popular"
         r"(?: news| posts)?|latest news|trending|news partner)\b.{0,30}$", "popular"),
        (r"^(?:newsfeed|to participate in the discussion|log in or register|comments?|"
         r"leave a (?:comment|reply)|post a comment|share (?:this|on)\b|share:|chats|add comment)\b"
         r".{0,40}$",
         "comments"),
        (r"^tags?\s*:", "tags"),
        (r"^(?:our standards\b|follow us on\b|all rights reserved|copyright\b|enditem$|"
         r"news (?:id|code)\b)",
         "footer"),
    )
)

_PHOTO = re.compile(r"^(?:©|\(c\)\s|photo(?:graph)?\s*(?:credit)?\s*:|image\s*:|file photo\b)",
                    re.IGNORECASE)
# "UN Photo/Eva Lind", "REUTERS/Janis Ozols" alone on a line
_PHOTO_ALONE = re.compile(r"^(?:UN Photo|REUTERS|Reuters|AFP|AP Photo|EPA|Getty Images|SANA|TASS"
                          r"|Sputnik)\s*/\s*[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}\.?$")
_PHOTO_AGENCY = (r"(?:AP|AFP|EPA|Reuters|REUTERS|TASS|Xinhua|IRNA|SANA|Sputnik|Getty Images"
                 r"|UN Photo)")
_CAPTION = re.compile(
    r"\s[–—-]\s(?:Sputnik|RT|TASS|Xinhua|IRNA|SANA)\b[\w ]{0,20}$"
    # "... in Beijing. Jane Roe / AP", "... in New York. REUTERS/John Doe", "UN Photo/Jo Roe"
    rf"|[.)]\s+(?:[A-Z][\w.'’-]+ ){{1,3}}/ ?{_PHOTO_AGENCY}\s*$"
    rf"|[.)]\s+{_PHOTO_AGENCY}\s*/\s*[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){{0,3}}\.?\s*$")

# Whole lines of page furniture met before the headline.
_CHROME_LINE = re.compile(
    r"^(?:breaking(?: news)?|latest|world|news|home|main page|subscribe|menu|search|"
    r"social media profiles|follow us|advertisement|print|email|share|video|photos?|"
    r"skip to content|login|log in|sign in|register|listen|close)\s*[:>|]?$"
    r"|^(?:news id|news code|code|publish(?:ed)? date|date|published|updated|time|views?|"
    r"visits?|print date|service)\s*:"
    r"|^.{0,60}[>|]\s*$|^[\W\d_]+$",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan\w*|feb\w*|mar\w*|apr\w*|may|june?|"
    r"july?|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|\d+(?:st|nd|rd|th)?|[,.:\-–|/]|am|pm|\d+:\d+)$",
    re.IGNORECASE,
)
_FOREIGN_SCRIPT = re.compile(r"[\u0400-\u04ff\u0600-\u06ff]")


# All markers in one pattern, one named group per label: one match per line, not five.
_ANY_TAIL = re.compile("|".join(f"(?P<g{k}>{p.pattern})" for k, (p, _) in enumerate(_TAIL_MARKERS)),
                       re.IGNORECASE)


# A strong marker this far down ends the story even before a first long line is seen; higher
# up it is a widget in the page header ("Read also" between headline and dateline).
_HEADER_REACH = 8
# Markers no page header carries: they end the story wherever they appear after line one.
_STRONG = frozenset({"check-also", "read-also"})


def tail_start(lines: list[str], first: int) -> tuple[int, str | None]:
    """Index of the first line that opens a tail, and its label; menu-like markers
    ("Popular", "Latest news") only count after ``first``, the story's first real line."""
    for index in range(1, len(lines)):
        line = lines[index]
        if len(line) > 80:
            continue
        match = _ANY_TAIL.match(line)
        if match and match.lastgroup:
            label = _TAIL_MARKERS[int(match.lastgroup[1:])][1]
            if index > first or (label in _STRONG and index + 1 < len(lines)
                                 and index >= _HEADER_REACH):
                return index, label
    return len(lines), None


# Every caption names one of these, written as here (``_CAPTION`` ignores no case), and the
# two "Name / AGENCY" forms also need a slash: a line with neither cannot match, and is not
# searched (the search tries each position of every line of every story). The names are
# looked for by one search each, not one ``in`` a name.
_CAPTION_DASHED = ("Sputnik", "RT", "TASS", "Xinhua", "IRNA", "SANA")
_CAPTION_SLASHED = ("AP", "AFP", "EPA", "Reuters", "REUTERS", "TASS", "Xinhua", "IRNA", "SANA",
                    "Sputnik", "Getty Images", "UN Photo")
_DASHED_NAME = re.compile("|".join(map(re.escape, _CAPTION_DASHED)))
_SLASHED_NAME = re.compile("|".join(map(re.escape, _CAPTION_SLASHED)))


def _may_be_caption(line: str) -> bool:
    return _DASHED_NAME.search(line) is not None or (
        "/" in line and _SLASHED_NAME.search(line) is not None)


def is_photo_credit(line: str) -> bool:
    return bool(_PHOTO.match(line) or (_may_be_caption(line) and _CAPTION.search(line))
                or _PHOTO_ALONE.match(line))


def is_section_tags(line: str) -> bool:
    """"Middle East News Politics News World News": a site's section tags, not a sentence."""
    words = line.split()
    return (len(words) >= 4 and not line.endswith(_ENDS)
            and all(w[0].isupper() or w == "&" for w in words)
            and sum(w in ("News", "Politics", "World") for w in words) >= 2)


_ENDS = (".", "!", "?", "”", '"', "»", "’", ":")


def is_date_line(line: str) -> bool:
    """"Friday, September 18", "02 November 2022 - 22:06": a stamp, not a headline."""
    if len(line) > 60:
        return False
    words = line.replace("،", ",").replace(",", " , ").split()
    return bool(words) and all(_DATE_WORDS.match(w) for w in words)


def is_chrome(line: str) -> bool:
    """Page furniture: menus, labels, breadcrumbs, dates, junk, foreign-script taglines."""
    return is_photo_credit(line) or is_other_chrome(line)


def is_other_chrome(line: str) -> bool:
    """Page furniture but a photo credit: for a caller that has asked about that already."""
    if _CHROME_LINE.search(line) or is_date_line(line):
        return True
    # (an ASCII line, known without a scan, holds no letter of another script)
    if not line.isascii() and _FOREIGN_SCRIPT.search(line):  # a tagline, not a quoted name
        foreign = len(_FOREIGN_SCRIPT.findall(line))
        return foreign * 3 >= sum(ch.isalpha() for ch in line)
    return line.startswith(("date ", "Date ")) and any(ch.isdigit() for ch in line)


_STAFF_CODE = re.compile(r"^[\W\d_]*$|^[A-Za-z]{1,3}(?:/[A-Za-z]{1,3})+$|^\d[\d*/ ]*$"
                         r"|^(?:[A-Z]\.?){1,3}$")


def is_staff_code(line: str) -> bool:
    """"2050**1771", "ra/mg", "---": desk codes and rules, never part of the story."""
    return bool(_STAFF_CODE.match(line))


def is_trailing_chrome(line: str) -> bool:
    """A short unpunctuated line after the story's last sentence: a tag, section or label."""
    words = line.split()
    return (len(words) <= 5 and not line.endswith((".", "!", "?", "”", '"', "»", "’", ":"))
            ) or _FOREIGN_SCRIPT.search(line) is not None or not any(
                ch.isalpha() for ch in line)
