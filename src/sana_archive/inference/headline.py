"""Where the story is: headline, dateline, header stamps, body paragraphs and sign-off.

A scraped page is read as header chrome, headline, dateline lead, body, sign-off and tail.
Splitting it once, before any field is inferred, is what keeps a city, weekday or official
that only appears in chrome or in a tail out of the metadata.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from sana_archive.inference.byline import author_label, sign_off
from sana_archive.inference.dateline import (
    Dateline,
    credit_line,
    normalise_source,
    parse_dateline,
)
from sana_archive.inference.dates import full_date
from sana_archive.inference.tails import (
    is_chrome,
    is_date_line,
    is_other_chrome,
    is_photo_credit,
    is_section_tags,
    is_staff_code,
    is_trailing_chrome,
    tail_start,
)
from sana_archive.inference.vocab import AGENCIES, MEDIA_WORDS, words
from sana_archive.registry import fold_key

_HEAD_LINES = 40
# A page stamp glued to the first line by a scraper: "date 2019-04-17 Russian Foreign ...".
_GLUED_STAMP = re.compile(
    r"^(?:date\s*:?\s*)?(\d{4}-\d\d-\d\d)(?:[ T]\d\d?:\d\d(?::\d\d)?)?(?:\s+|$)", re.IGNORECASE)
# A publish stamp is labelled, timed, relative ("2 years ago") or ISO; "Friday, September 18,
# 2020" opening a page is the day the page was rendered, not the story's date.
_STAMP = re.compile(r"\b(?:date|published|posted|updated|ago)\b|\d\d?:\d\d|\d{4}-\d\d-\d\d",
                    re.IGNORECASE)
_RENDERED = re.compile(r"^\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", re.IGNORECASE)
# "Time in Yerevan: 11:07, 29 March 2024": a clock on the page, not the story's stamp.
_CLOCK = re.compile(r"^(?:local |current )?time(?: in [^:]{1,30})?\s*:", re.IGNORECASE)
# A credit on a line of its own above the story: "(China Daily)".
_CREDIT_ALONE = re.compile(r"^\((?P<credit>[A-Z][\w.&'’ -]{1,40})\)$")
# "By Jane Roe – Trend:": a byline that also credits the agency.
_BY_AGENCY = re.compile(
    r"^By\s+(?P<name>.{3,60}?)\s*[–—-]+\s*(?P<credit>[A-Z][\w.&'’ ]{1,30}?)\s*:?$")
# Widgets and file names that are headline-shaped but never headlines.
_NOT_TITLE = re.compile(r"!$|\.(?:jpe?g|png|gif|webp|svg)\b|\(\d+\s*[KM]B\)"
                        r"|^\d+\s+min(?:ute)?s?\s+read$|^(?:home|main)\s*[>»/|]", re.IGNORECASE)
_SENTENCE_END = (".", "”", '"', "»", "’", "!", "?")
# The last word or two of a headline that a narrow page wrapped onto a line of their own.
_WRAPPED = re.compile(r"^[a-z][\w'’-]*(?: [\w'’-]+)?$")
# "By Jane Roe" under the story: the sign-off, without the label.
_BY_NAME = re.compile(r"^By\s+(.{3,60})$")
# "1.  China will continue ...": a numbered item of a digest; the number is not the headline.
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+(?=[A-Z“\"‘])")
# "... eastern Ukraine. (Reporting by A; Editing by B)": the credit glued to the last line.
_GLUED_REUTERS = re.compile(r"(?<=[.”\"])\s*\((?P<byline>(?:Additional )?(?:Reporting|Writing|"
                            r"Compiled|Editing) by [^()]{3,240}?)\)?\s*$", re.IGNORECASE)
# "... the talks.[Xinhua]": an agency tag glued to the last sentence.
_GLUED_AGENCY = re.compile(r"(?<=[.”\"])\s*\[(?P<credit>[A-Z][\w .&'’-]{1,30})\]\s*$")
_MIN_LEAD = 50
# The opening of a speech given as its own text ("Mr President,", "Excellencies,").
SALUTATION = re.compile(
    r"^(?:(?:Mr\.?|Madam|Madame|Mister)\s+(?:President|Chair(?:man|person|woman)?|Speaker|"
    r"Secretary[- ]General|Moderator)|Your (?:Excellency|Excellencies|Majesty)|Excellenc(?:y|ies)"
    r"|Distinguished (?:guests|delegates|colleagues)|Ladies and gentlemen|Dear (?:colleagues|"
    r"friends))\b[^.]{0,60}[,:!]?$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{3,}")
_COMMON = words("the and for with from that this into over after about says said will their "
                "have has its are was were been not but who what when new also more than")


@dataclass(frozen=True, slots=True)
class Layout:
    title: str | None
    dateline: Dateline | None
    paragraphs: tuple[str, ...]
    byline: str | None
    header_date: str | None
    credit: str | None
    tails: tuple[str, ...]
    stamp: str | None = None  # the header line the date was read from
    headlines: tuple[str, ...] = ()  # every headline-shaped line of the header


def _is_headline(line: str) -> bool:
    words = line.split()
    opens = line[0].isalnum() or line[0] in "“\"‘«'"
    return (2 <= len(words) <= 30 and opens and len(line) <= 250 and not line.endswith((".", ":"))
            and not is_chrome(line) and not _NOT_TITLE.search(line)
            and parse_dateline(line) is None)


def stamp_date(line: str, after_headline: bool = False) -> str | None:
    """The full date of a page stamp ("January 20, 2016 / 3:36 PM", "14 February, 2018").

    A line that is only a date counts; so does a labelled or timed one. A weekday-led date
    with no time above the headline is the day the page was rendered (site headers print
    today's date); under the headline it is the story's. A page clock is not a stamp.
    """
    if len(line) > 90 or _CLOCK.match(line):
        return None
    date = full_date(line)
    if date is None:
        return None
    if _STAMP.search(line):
        return date
    if _RENDERED.match(line) and not after_headline:
        return None
    return date if is_date_line(line) else None


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in _COMMON}


@dataclass(slots=True)
class _Header:
    """What the lines above the story say: headline candidates, sign-off, stamp, credit."""

    candidates: list[tuple[int, str]]
    byline: str | None = None
    date: str | None = None
    stamp: str | None = None
    credit: str | None = None


def _read_header(lines: list[str], end: int) -> _Header:
    header = _Header([])
    for index in range(end):
        line = lines[index]
        label = author_label(lines, index)
        by_agency = _BY_AGENCY.match(line)
        credit = _CREDIT_ALONE.match(line)
        stamp = None if label else stamp_date(line, after_headline=bool(header.candidates))
        if stamp:
            if header.date is None:
                header.date, header.stamp = stamp, line
        elif by_agency and sign_off(by_agency.group("name")):
            header.byline = header.byline or by_agency.group("name")
            header.credit = header.credit or normalise_source(by_agency.group("credit"))
        elif label:
            header.byline = header.byline or label
        elif credit and _credits_agency(credit.group("credit")):
            header.credit = header.credit or normalise_source(credit.group("credit"))
        elif _is_headline(line) and sign_off(line) is None:
            following = lines[index + 1] if index + 1 < end else ""
            if _WRAPPED.match(following):  # "... despite" / "tensions": a narrow page wrapped it
                line = f"{line} {following}"
            header.candidates.append((index, _NUMBERED.sub("", line)))
    return header


def _choose_title(candidates: list[tuple[int, str]], story: list[str]) -> str | None:
    """The headline among the header's headline-shaped lines: the one the story is about.

    Page headers hold site names, menus, teasers of other stories and widget text that are
    shaped like headlines. The headline shares its words with the story's opening, and
    pages often print it twice (in the navigation and above the text), so candidates are
    scored on both; with no overlap at all the first line of three words or more is taken.
    """
    if not candidates:
        return None
    opening = _content_words(" ".join(story[:3])[:3000])
    seen = [line for _, line in candidates]
    # A headline run together with its standfirst ("Headline Name: “quote”") loses to the
    # headline printed alone elsewhere on the page.
    candidates = [(i, c) for i, c in candidates if not any(_runs_on(o, c) for o in seen)]
    best: tuple[int, int] | None = None
    title = None
    for _, line in candidates:
        words = _content_words(line)
        score = 2 * len(words & opening) + (1 if seen.count(line) > 1 else 0)
        key = (score, len(line.split()) >= 3)
        if score and (best is None or key > best):
            best, title = key, line
    if title is not None:
        return title
    return next((c for _, c in candidates if len(c.split()) >= 3), candidates[0][1])


def _runs_on(shorter: str, longer: str) -> bool:
    """``longer`` is ``shorter`` with a standfirst run on; a word or two more is a headline
    whose last word a narrow page wrapped onto the next line, so the longer one is kept."""
    if shorter == longer or not longer.startswith(shorter) or len(shorter.split()) < 3:
        return False
    return len(longer[len(shorter):].split()) > 2


def _is_prose(line: str) -> bool:
    """Story text, not a menu run together: long, and mostly lower-case words."""
    words = line.split()
    if len(words) < 8:
        return False
    lower = sum(1 for w in words if w[0].islower())
    return lower * 3 >= len(words)


def _first_paragraph(lines: list[str]) -> int:
    """The first line that reads as story text; tails are only looked for after it, so that
    menu words in the page header ("Latest news", "Popular") never cut the story."""
    return next((i for i, line in enumerate(lines)
                 if ((len(line) >= 40 and line.endswith(_SENTENCE_END))
                     or (len(line) >= 100 and _is_prose(line))) and not is_photo_credit(line)), 0)


def _find_dateline(lines: list[str], places: Collection[str] = ()
                   ) -> tuple[int | None, Dateline | None]:
    """The dateline's line: at the head of a lead, or alone on a line above it (perhaps with
    the byline after it: "BAKU, Azerbaijan, March 4. By Jane Roe – Trend:")."""
    for index, line in enumerate(lines[:_HEAD_LINES]):
        cut = line.find(" By ")
        if cut > 0 and _BY_AGENCY.match(line[cut + 1:]):
            head = line[:cut].rstrip(" .,")
            dateline = parse_dateline(head, places)
            if dateline is not None and _alone(head, dateline):
                lines[index:index + 1] = [line[:cut].rstrip(" ,"), line[cut + 1:]]
                return index, dateline
        dateline = parse_dateline(line, places)
        if dateline is None:
            continue
        if len(line) >= _MIN_LEAD or _alone(line, dateline):
            return index, dateline
    return None, None


def _alone(line: str, dateline: Dateline) -> bool:
    """"New York, SANA" or "Baku, Azerbaijan, Sept. 15" on a line of its own."""
    rest = line[dateline.end:].strip(" .,:–—-")
    if rest or author_label([line], 0) or line[:3].casefold() == "by ":
        return False
    return bool(dateline.date) or (dateline.source is not None
                                   and _credits_agency(dateline.source))


def _join_lead(lines: list[str], index: int, dateline: Dateline, header: _Header
               ) -> tuple[list[str], Dateline]:
    """Put a dateline that stands alone back at the head of its lead paragraph.

    Bylines and credits between them ("By Jane Roe – Trend:") are read into ``header``.
    """
    line = lines[index]
    if not _alone(line, dateline):
        return lines, dateline
    lead = index + 1
    while lead < len(lines) and lead < index + 4 and not _is_prose(lines[lead]):
        by_agency = _BY_AGENCY.match(lines[lead])
        label = author_label(lines, lead)
        if by_agency and sign_off(by_agency.group("name")):
            header.byline = header.byline or by_agency.group("name")
            header.credit = header.credit or normalise_source(by_agency.group("credit"))
        elif label:
            header.byline = header.byline or label
        lead += 1
    if lead >= len(lines):
        return lines, dateline
    head = line.rstrip(" .,:–—-")
    joined = f"{head} – {lines[lead]}"
    moved = Dateline(dateline.city, dateline.source, dateline.date, len(head) + 3)
    return [*lines[:index], joined, *lines[lead + 1:]], moved


def credit_passages(line: str) -> list[tuple[str, str]]:
    """(agency, passage as written) for each credit form a line holds: "Source: X",
    "(X)" alone, "By Jane Roe – X:", an "[X]" tag; what evidence points at."""
    found: list[tuple[str, str]] = []
    if (value := credit_line(line)) is not None:
        found.append((value, line))
    for pattern in (_CREDIT_ALONE, _BY_AGENCY, _GLUED_AGENCY):
        match = pattern.search(line)
        if match:
            found.append((normalise_source(match.group("credit")), match.group(0).strip()))
    return found


def _credits_agency(credit: str) -> bool:
    bare = credit.strip().strip("()").strip()
    return bare.casefold() in AGENCIES or any(w.casefold() in MEDIA_WORDS for w in bare.split())


def _unglue_stamp(lines: list[str]) -> tuple[list[str], str | None, str | None]:
    """Take a scraper's "date 2019-04-17" off the first line: (lines, date, stamp text)."""
    match = _GLUED_STAMP.match(lines[0]) if lines else None
    if match is None:
        return lines, None, None
    rest = lines[0][match.end():].strip()
    return ([rest] if rest else []) + lines[1:], full_date(match.group(1)), match.group(0).strip()


def _drop_furniture(lines: list[str], tails: list[str]) -> list[str]:
    """"© Sputnik / ...", "Subscribe": furniture, wherever in the story the scraper left it."""
    body: list[str] = []
    for line in lines:
        kind = "photo-credit" if is_photo_credit(line) else (
            "page-chrome" if is_other_chrome(line) else None)
        if kind is None:
            body.append(line)
        elif kind not in tails:
            tails.append(kind)
    if body and body[-1].endswith("Enditem"):
        # Xinhua closes with "Enditem", on its own line or glued to the last sentence.
        body[-1] = body[-1][: -len("Enditem")].rstrip()
        if not body[-1]:
            body.pop()
    return body


def _strip_closing(body: list[str], after_tail: bool, locations: Collection[str]
                   ) -> tuple[str | None, str | None]:
    """Pop the sign-off, credit line, desk codes (and, before a tail, tags) off the end.

    Returns (sign-off, credited source); the sign-off under the story beats any "By" label
    in the page header.
    """
    byline = credit = None
    closing = _closing_above_chrome(body)
    if closing is not None:
        del body[closing + 1:]
    while len(body) > 1:
        last = body[-1]
        by = _BY_NAME.match(last)
        got = None if byline else sign_off(by.group(1) if by else last)
        if got and not any(w in locations for w in fold_key(got).split()):
            byline = got
        elif credit is None and credit_line(last):
            credit = credit_line(last)
        elif not (is_staff_code(last) or is_section_tags(last)
                  or (after_tail and is_trailing_chrome(last))):
            break
        body.pop()
    if body and byline is None:
        byline, credit = _glued_closing(body, credit)
    return byline, credit


def _closing_above_chrome(body: list[str]) -> int | None:
    """The index of a credit line ("Source: Agency") with only widget lines under it ("Share
    Article", "Quick Links"), or None: the widgets go, and are never read as a sign-off."""
    for k in range(len(body) - 1, max(0, len(body) - 9), -1):
        if credit_line(body[k]):
            return k if k < len(body) - 1 else None
        if not is_trailing_chrome(body[k]):
            return None
    return None


def _glued_closing(body: list[str], credit: str | None) -> tuple[str | None, str | None]:
    """A Reuters credit or an "[Agency]" tag glued to the last sentence, taken off it."""
    last = body[-1]
    match = _GLUED_REUTERS.search(last) or _GLUED_AGENCY.search(last)
    if match is None:
        return None, credit
    rest = last[:match.start()].rstrip()
    if not rest:
        return None, credit
    body[-1] = rest
    if match.re is _GLUED_AGENCY:
        return None, credit or normalise_source(match.group("credit"))
    return match.group("byline").strip(), credit


def split_story(text_lines: list[str], locations: Collection[str] = ()) -> Layout:
    """Cut a cleaned page into its parts; tails and chrome are dropped and labelled."""
    tails: list[str] = []
    text_lines, glued_date, glued_stamp = _unglue_stamp(text_lines)
    cut, label = tail_start(text_lines, _first_paragraph(text_lines))
    lines = text_lines[:cut]
    if label:
        tails.append(label)

    start, dateline = _find_dateline(lines, locations)
    if start is None:
        start = _first_paragraph(lines)
        if start and SALUTATION.match(lines[start - 1]):
            start -= 1  # "Mr President," opens the speech: it is text, not page header
    header = _read_header(lines, start)
    if dateline is not None:
        lines, dateline = _join_lead(lines, start, dateline, header)
    title = _choose_title(header.candidates, lines[start:])
    if any(line not in (title, header.byline, header.stamp) for line in lines[:start]):
        tails.append("page-chrome")
    if glued_date and header.date is None:
        header.date, header.stamp = glued_date, glued_stamp

    body = _drop_furniture(lines[start:], tails)
    byline, credit = _strip_closing(body, label is not None, locations)
    return Layout(title, dateline, tuple(body), byline or header.byline, header.date,
                  credit or header.credit, tuple(tails), header.stamp,
                  tuple(line for _, line in header.candidates))
