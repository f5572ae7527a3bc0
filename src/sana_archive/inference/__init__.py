"""Metadata inference: what a wire story's text says about itself.

``infer`` is pure and total: the same text and registries always give the same
``Inferred``, and no input (empty, binary junk, megabytes on one line) makes it raise.
The page is first split into chrome, headline, dateline lead, body, sign-off and tails, and
every field is then read from the story's own parts only.
"""

from __future__ import annotations

import datetime as dt
import re

from sana_archive.inference.attribution import People, QuoteAttributor, find_people, stitch
from sana_archive.inference.dateline import weak_source, weak_source_passage
from sana_archive.inference.evidence import Locator
from sana_archive.inference.headline import SALUTATION, Layout, credit_passages, split_story
from sana_archive.inference.memo import IdentityMemo
from sana_archive.inference.quotes import find_quotes, is_scare_quote
from sana_archive.inference.speakers import PersonFound, Scan, scan_people
from sana_archive.inference.text import ANALYSIS_LIMIT, clean, split_lines
from sana_archive.inference.topics import find_topics
from sana_archive.inference.weekday import lead_date, lead_date_passage, main_weekday
from sana_archive.model import Evidence, Inferred, Person, Quote
from sana_archive.registry import LocationEntry, Registries, fold_key

__all__ = ["infer"]

_EMPTY = Registries.build()


def _place_words(locations: tuple[LocationEntry, ...]) -> frozenset[str]:
    """Every word of every registered place, so that no place is read as a person's name."""
    words: set[str] = set()
    for entry in locations:
        for spelling in (entry.name, *entry.aliases):
            words.add(fold_key(spelling))
            words.update(spelling.casefold().split())
    return frozenset(words)


_places = IdentityMemo(_place_words)


def _analysed(paragraphs: tuple[str, ...]) -> list[str]:
    """The paragraphs the rules read: all of a story, only the head of a giant paste."""
    out: list[str] = []
    budget = ANALYSIS_LIMIT
    for paragraph in paragraphs:
        if budget <= 0:
            break
        out.append(paragraph[:budget])
        budget -= len(paragraph)
    return out


def infer(text: str, registries: Registries | None = None) -> Inferred:
    registries = registries or _EMPTY
    places = _places(registries.locations)
    cleaned = clean(text if isinstance(text, str) else "")
    script = _foreign_script(cleaned)
    if script:
        # The rules read English wire copy; run over Arabic they would take every line for
        # page furniture. The text is kept whole, and the archivist told why nothing was read.
        body = "\n\n".join(split_lines(cleaned))
        return Inferred(body=body, warnings=(
            f"text is mostly in {script} script: kept as written, no metadata inferred",))
    layout = split_story(split_lines(cleaned), places)
    warnings: list[str] = []

    dateline = layout.dateline
    lead_at = dateline.end if dateline else 0
    paragraphs = _analysed(layout.paragraphs)
    if paragraphs and lead_at:
        # Blank the dateline out (offsets kept) so "SANA-Russian" reads as "Russian".
        paragraphs[0] = " " * lead_at + paragraphs[0][lead_at:]
    quotes = [find_quotes(p) for p in paragraphs]
    scan = scan_people(paragraphs, lead_at, quotes, registries, places)
    people = find_people(scan)
    attributed = [a for a in QuoteAttributor(paragraphs, quotes, scan, people).attribute()
                  if not is_scare_quote(paragraphs[a.para], a.span)]

    location = registries.canonical_location(dateline.city) if dateline and dateline.city \
        else None
    source = (dateline.source if dateline else None) or layout.credit or weak_source(
        "\n".join(paragraphs))
    date = _choose_date(dateline.date if dateline else None, layout.header_date,
                        lead_date(paragraphs, lead_at))

    counterparts = people.counterparts + _delegation_heads(scan, people, paragraphs)
    speech = _speech_giver(layout, paragraphs, registries, places)
    if speech is not None:
        # A speech printed as its own text: the one giving it, named in the headline, speaks;
        # the people the speech mentions are neither speakers nor counterparts.
        people = People(speech.name, (speech.name,), (), ((0, 0, speech.name),))
        scan.persons.setdefault(speech.name, PersonFound(speech.name, speech.role, True))
        counterparts = ()
    quoted = tuple(Quote(t, who) for t, who in stitch(paragraphs, attributed))
    # Whom the speaker met is not a speaker too unless the story quotes them: "a joint press
    # conference with X" names X beside a verb of speech without reporting a word of X's.
    speakers = tuple(
        Person(name, scan.persons[name].role) for name in people.speakers
        if name == people.primary or name not in counterparts
        or any(q.speaker == name for q in quoted)
    )
    if dateline is None:
        warnings.append("no dateline found")
    if not speakers:
        warnings.append("no speaker found")
    warnings.extend(f"speaker not in registry: {p.name}" for p in speakers
                    if not registries.is_known_speaker(p.name))
    if location and not registries.is_known_location(location):
        warnings.append(f"location not in registry: {location}")

    body = "\n\n".join(layout.paragraphs)
    weekday = main_weekday(paragraphs, lead_at, quotes)
    evidence = _evidence(Locator(text if isinstance(text, str) else "", cleaned), layout,
                         date, speakers, counterparts, source, location,
                         weekday, registries, scan.variants)
    return Inferred(
        title=layout.title,
        date=date,
        weekday=weekday,
        location=location,
        source=source,
        speakers=speakers,
        counterparts=counterparts,
        byline=layout.byline,
        quotes=quoted,
        topics=find_topics(registries.topics, layout.title or "", body[:ANALYSIS_LIMIT]),
        body=body,
        tails=layout.tails,
        warnings=tuple(warnings),
        evidence=evidence,
    )


def _evidence(locate: Locator, layout: Layout, date: str | None, speakers: tuple[Person, ...],
              counterparts: tuple[str, ...], source: str | None, location: str | None,
              weekday: str | None, registries: Registries, variants: dict[str, str]
              ) -> tuple[Evidence, ...]:
    """Where each reading came from; a reading whose passage can't be found gets none."""
    dateline = layout.dateline
    head = layout.paragraphs[0][:dateline.end].strip() if dateline and layout.paragraphs \
        else ""
    # A dateline that stood alone on its line was joined to its lead with a dash.
    heads = [head, head.rstrip(" –—-.:,")] if head else []
    place = next((p for p in map(locate.find, heads) if p), None)
    start = place[0] - 1 if place else 0
    found: list[Evidence | None] = [
        locate.evidence("title", layout.title, [layout.title or ""], "headline"),
    ]
    if location:
        found.append(locate.evidence("location", location, heads, "dateline"))
    if source:
        if dateline and dateline.source == source:
            found.append(locate.evidence("source", source, heads, "dateline credit",
                                         weak=dateline.guessed))
        else:
            credits = [passage for line in locate.cleaned
                       for value, passage in credit_passages(line.strip()) if value == source]
            weak = weak_source_passage("\n".join(layout.paragraphs))
            found.append(locate.evidence("source", source, credits, "credit line")
                         or locate.evidence("source", source,
                                            [weak[1]] if weak and weak[0] == source else [],
                                            "named in the text as reporting", weak=True))
    if date:
        stated = lead_date_passage(layout.paragraphs, dateline.end if dateline else 0)
        if dateline and dateline.date and date.endswith(dateline.date.lstrip("-")):
            found.append(locate.evidence("date", date, heads, "dateline date",
                                         weak=dateline.date != date))
        elif stated and stated[0] == date:
            found.append(locate.evidence("date", date, [stated[1]], "stated in the lead"))
        else:
            found.append(locate.evidence("date", date, [layout.stamp or ""], "page stamp",
                                         weak=True))
    if weekday:
        found.append(locate.evidence("weekday", weekday, [f"on {weekday}", weekday],
                                     "weekday of the main event", after=start))
    for person in speakers[:1]:
        written = variants.get(person.name, person.name)
        passages = [f"{person.role} {written}" if person.role else written, written,
                    written.split()[-1]]
        rule = "speaker" if person.name not in variants else \
            f"speaker, spelled “{written}”, folded to the registry"
        known = registries.is_known_speaker(person.name) and person.name not in variants
        found.append(locate.evidence("speaker", person.name, passages, rule, weak=not known,
                                     after=start))
        if person.role:
            found.append(locate.evidence("speaker_role", person.role, [person.role],
                                         "title before the name", after=start))
    for name in counterparts:
        written = variants.get(name, name)
        found.append(locate.evidence("counterparts", name, [written, written.split()[-1]],
                                     "met, phoned or spoke with",
                                     weak=not registries.is_known_speaker(name), after=start))
    if layout.byline:
        found.append(locate.evidence("byline", layout.byline, [layout.byline], "sign-off"))
    return tuple(item for item in found if item is not None)


_MET_DELEGATION = re.compile(r"\b(?:met|meets|meeting|received|receives|receiving|hosted)\b"
                             r"[^.]{0,60}\bdelegation\b", re.IGNORECASE)
# The word the pattern ends on, with its flags: a paragraph without it is not searched (the
# pattern above is tried at every position of every paragraph; this literal is not).
_DELEGATION = re.compile("delegation", re.IGNORECASE)
_HEADS_DELEGATION = re.compile(r"\b(?:head|chair(?:man|woman|person)?|leader)\b.*\bdelegation\b"
                               r"|\bdelegation (?:head|chief|leader)\b", re.IGNORECASE)


def _delegation_heads(scan: Scan, people: People, paragraphs: list[str]) -> tuple[str, ...]:
    """The named head of a delegation the official met is whom the official met."""
    if people.primary is None or not any(
            _DELEGATION.search(p) and _MET_DELEGATION.search(p) for p in paragraphs):
        return ()
    return tuple(p.name for p in scan.persons.values()
                 if p.full and p.role and p.name != people.primary
                 and p.name not in people.counterparts and _HEADS_DELEGATION.search(p.role))


def _speech_giver(layout: Layout, paragraphs: list[str], registries: Registries,
                  places: frozenset[str]) -> Person | None:
    """Who gives a speech that opens with "Mr President,": the official the headline names."""
    if not paragraphs or not SALUTATION.match(paragraphs[0]):
        return None
    lines = list(dict.fromkeys([layout.title or "", *layout.headlines]))
    scan = scan_people(lines, 0, [[] for _ in lines], registries, places)
    found = next((p for p in scan.persons.values() if p.full and p.role), None)
    return Person(found.name, found.role) if found else None


_SCRIPTS = (("Arabic", re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")),
            ("Cyrillic", re.compile(r"[\u0400-\u04ff]")),
            ("Hebrew", re.compile(r"[\u0590-\u05ff]")),
            ("Han", re.compile(r"[\u4e00-\u9fff]")))


_ANY_SCRIPT = re.compile("|".join(pattern.pattern for _, pattern in _SCRIPTS))


def _foreign_script(text: str) -> str | None:
    """The script most letters of a text are in, when it is not Latin."""
    sample = text[:ANALYSIS_LIMIT]
    if sample.isascii() or not _ANY_SCRIPT.search(sample):
        # Nearly every story: no letter of any script below, so none can hold the most.
        # (Counting the letters one character at a time cost a tenth of the inference.)
        return None
    letters = sum(ch.isalpha() for ch in sample)
    if not letters:
        return None
    for name, pattern in _SCRIPTS:
        if len(pattern.findall(sample)) * 2 > letters:
            return name
    return None


def _choose_date(dateline: str | None, header: str | None, lead: str | None) -> str | None:
    """A dated dateline wins; a header stamp completes a dateline without a year.

    The stamp may be a day or a few later than the dispatch ("MOSCOW, October 11" stamped
    "Updated: 12 Oct 2019"): the stamp's year, or the one before across New Year, is the
    year in which that month and day fall within the week before the stamp. A stamp
    further off belongs to something else (a page clock, a later edit) and is not used.
    """
    if dateline and not dateline.startswith("--"):
        return dateline
    if header and dateline is None:
        return header
    if header and dateline:
        stamped = dt.date.fromisoformat(header)
        month, day = int(dateline[2:4]), int(dateline[5:7])
        for year in (stamped.year, stamped.year - 1):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                continue
            if dt.timedelta(0) <= stamped - candidate <= dt.timedelta(days=7):
                return candidate.isoformat()
    return dateline or lead
