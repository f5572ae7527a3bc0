"""Who the story is about, whom they met, and who said each quotation.

The primary speaker is the official who opens the lead, else the first one reported as
speaking; counterparts are those met, phoned or talked with (named, and not media);
a quotation belongs to whoever the attribution next to it names, to the person a pronoun
there points back to, or to nobody when the words come from a ministry or a statement.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sana_archive.inference.quotes import Span
from sana_archive.inference.speakers import Mention, Scan
from sana_archive.inference.tokens import tokenize
from sana_archive.inference.vocab import REPORTING_VERBS, words

# A full stop that ends a sentence: after a word of two lower-case letters or more (or a
# digit), so "U.N. envoy" and "Dr. Smith" do not end one.
_SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9]{2})[.!?][”\"’]?\s+(?=[A-Z“\"‘])")
_FILLER = words("he she added adds said says continued went on to say noting and")
_OBJECT_PRONOUNS = words("him her")


@dataclass(frozen=True, slots=True)
class People:
    primary: str | None
    speakers: tuple[str, ...]
    counterparts: tuple[str, ...]
    subjects: tuple[tuple[int, int, str], ...]  # (para, offset, person) of each subject


def _resolve_titles(scan: Scan, primary: str | None, mention: Mention) -> str | None:
    """"The Minister noted": the person whose role has that title, the primary one first."""
    if mention.kind != "title" or mention.title is None:
        return mention.person
    titled = [p.name for p in scan.persons.values()
              if p.role and mention.title in p.role.casefold()]
    if not titled or primary in titled:
        return primary
    return titled[0]


def find_people(scan: Scan) -> People:
    named = [m for m in scan.mentions if m.person and not m.in_quote]
    lead = next((m for m in named if m.lead), None)
    reported = next((m for m in named if m.reporting and m.kind == "name"), None)
    # "A telephone call was made between X and Y": no one is the lead's subject; the first
    # official named in full in the lead paragraph is the story's.
    first_full = next((m for m in named if m.para == 0 and m.kind == "name"
                       and scan.persons[m.person].full and scan.persons[m.person].role), None)
    chosen = lead or reported or first_full
    primary = chosen.person if chosen else None

    subjects: list[tuple[int, int, str]] = []
    resolved: dict[int, str] = {}
    last = primary
    for index, mention in enumerate(scan.mentions):
        if mention.in_quote:
            continue
        person = mention.person if mention.kind == "name" else (
            last if mention.kind == "pronoun" else _resolve_titles(scan, primary, mention))
        if person:
            resolved[index] = person
        if person and (mention.reporting or mention.initial or mention.lead):
            subjects.append((mention.para, mention.start, person))
            last = person

    counterparts: list[str] = []
    speakers: list[str] = [primary] if primary else []
    for index, mention in enumerate(scan.mentions):
        person = mention.person
        if person == primary and not mention.in_quote:
            other = _met_the_primary(scan, index, resolved)
            if other and other != primary and scan.persons[other].full \
                    and other not in counterparts:
                counterparts.append(other)
        if not person or person == primary or mention.in_quote:
            continue
        joined = mention.joined_to
        partner = scan.mentions[joined] if joined is not None else None
        # "X and Y discussed ...", "a call between X and Y": a pair joined by "and" met,
        # when the pair is the sentence's subject or the first of them was met.
        met = mention.meets or (partner is not None and primary is not None
                                and partner.person == primary
                                and (mention.meeting_after or mention.reporting
                                     or partner.meets or partner.between))
        if met and scan.persons[person].full and person not in counterparts:
            counterparts.append(person)
        if mention.reporting and person not in speakers:
            speakers.append(person)
    return People(primary, tuple(speakers), tuple(counterparts), tuple(subjects))


def _met_the_primary(scan: Scan, index: int, resolved: dict[int, str]) -> str | None:
    """Whoever met the story's official when the official is the object of the meeting:
    "X held a telephone conversation with [Le Drian]", "he and [Le Drian] held talks"."""
    mention = scan.mentions[index]
    joined = mention.joined_to
    if joined is not None and (mention.meeting_after or mention.reporting):
        return resolved.get(joined)  # "he and Le Drian held talks": whoever "he" is
    if not mention.meets:
        return None
    before = scan.mentions[index - 1] if index else None
    if before is not None and before.para == mention.para and before.kind == "name" \
            and before.initial and not before.in_quote:
        return before.person
    # "In a phone call with [official], Eastland's minister X stressed ...": the subject
    # follows the fronted phrase.
    after = scan.mentions[index + 1] if index + 1 < len(scan.mentions) else None
    if after is not None and after.para == mention.para and after.kind == "name" \
            and after.reporting and not after.in_quote and after.start - mention.end < 40:
        return after.person
    return None


@dataclass(frozen=True, slots=True)
class Attributed:
    span: Span
    speaker: str | None
    para: int


class QuoteAttributor:
    """Attributes each quotation from the words around it."""

    def __init__(self, paragraphs: Sequence[str], quotes: Sequence[Sequence[Span]], scan: Scan,
                 people: People) -> None:
        self.paragraphs = paragraphs
        self.quotes = quotes
        self.people = people
        self.by_para: dict[int, list[Mention]] = {}
        for mention in scan.mentions:
            self.by_para.setdefault(mention.para, []).append(mention)
        self.scan = scan
        self.subject_keys = [(p, o) for p, o, _ in people.subjects]

    def _last_subject(self, para: int, offset: int) -> str | None:
        at = bisect.bisect_left(self.subject_keys, (para, offset))
        return self.people.subjects[at - 1][2] if at else self.people.primary

    def _who(self, mention: Mention) -> str | None:
        if mention.kind == "name":
            return mention.person
        if mention.kind == "pronoun":
            return self._last_subject(mention.para, mention.start)
        return _resolve_titles(self.scan, self.people.primary, mention)

    def _mentions(self, para: int, start: int, end: int) -> list[Mention]:
        return [m for m in self.by_para.get(para, ()) if start <= m.start < end]

    def _after(self, para: int, span: Span, limit: int) -> tuple[bool, str | None]:
        """Attribution after the closing mark: (found an attribution, its person)."""
        text = self.paragraphs[para]
        window_end = min(limit, len(text))
        stop = text.find(".", span.end, window_end)
        window_end = stop if stop >= 0 else window_end
        toks = tokenize(text[span.end:window_end])[:14]
        verb = next((k for k, t in enumerate(toks) if t.low in REPORTING_VERBS or
                     t.low == "quoted"), None)
        if verb is None or verb > 9:
            return False, None
        if any(t.low in _OBJECT_PRONOUNS for t in toks[verb:verb + 2]):
            return True, self._last_subject(para, span.start)
        mentions = self._mentions(para, span.end, window_end)
        if mentions:
            return True, self._who(mentions[0])
        return True, None

    def _before(self, para: int, span: Span, floor: int) -> str | None:
        text = self.paragraphs[para]
        ends = [m.end() for m in _SENTENCE_BREAK.finditer(text, floor, span.start)]
        sentence_start = max(ends[-1] if ends else floor, floor)
        if sentence_start >= span.start:
            return None
        mentions = [m for m in self._mentions(para, sentence_start, span.start)
                    if not m.in_quote]
        if not mentions:
            return None
        # "Varga met Brandt, who said: “...”": the one right before the verb of speech that
        # opens the quotation says it, not the sentence's first name.
        last = mentions[-1]
        gap = tokenize(text[last.end:span.start])
        if len(gap) <= 6 and any(t.low in REPORTING_VERBS for t in gap):
            return self._who(last)
        return self._who(mentions[0])

    def attribute(self) -> list[Attributed]:
        """(text, speaker, para, start, end) for each quotation, in order."""
        out: list[Attributed] = []
        for para, spans in enumerate(self.quotes):
            for k, span in enumerate(spans):
                limit = spans[k + 1].start if k + 1 < len(spans) else len(self.paragraphs[para])
                floor = spans[k - 1].end if k else 0
                found, who = self._after(para, span, limit)
                if who is None:
                    # no attribution after it, or one with no name ("... “productive” and
                    # said ..."): the sentence's speaker before the quotation
                    who = self._before(para, span, floor)
                if (not found and who is None and span.start <= 1 and out
                        and out[-1].para == para - 1):
                    who = out[-1].speaker
                out.append(Attributed(span, who, para))
        return out


def stitch(paragraphs: Sequence[str], quotes: list[Attributed]) -> list[tuple[str, str | None]]:
    """Join parts of one statement split only by "he added" or a paragraph break."""
    out: list[tuple[str, str | None]] = []
    previous: Attributed | None = None
    for quote in quotes:
        who = quote.speaker
        if previous and who and previous.speaker == who and _only_filler(paragraphs, previous,
                                                                         quote):
            out[-1] = (f"{out[-1][0]} {quote.span.text}", who)
        else:
            out.append((quote.span.text, who))
        previous = quote
    return out


def _only_filler(paragraphs: Sequence[str], first: Attributed, second: Attributed) -> bool:
    p1, e1 = first.para, first.span.end
    p2, s2 = second.para, second.span.start
    if p2 - p1 > 1:
        return False
    if p2 > p1 and not first.span.complete:
        return False  # a scare-quoted phrase does not run on into the next paragraph
    gap = paragraphs[p1][e1:s2] if p1 == p2 else paragraphs[p1][e1:] + " " + paragraphs[p2][:s2]
    name_words = set((first.speaker or "").casefold().split())
    return all(not t.text[0].isalnum() or t.low in _FILLER or t.low in name_words
               for t in tokenize(gap))
