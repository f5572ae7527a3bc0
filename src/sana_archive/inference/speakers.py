"""Finding the officials in a story: full mentions with their roles, and short mentions.

Wire copy names an official once in full with a title ("Russian Foreign Minister Sergey
Lavrov", "Bashar al-Jaafari, head of the delegation,") and then by surname, title or
pronoun. A name is the capitalised run that remains once title words, demonyms, places and
function words are set aside; the role is the title phrase that leads into it (or the
appositive that follows it). Short mentions attach to a person already named in this story
before the registry is consulted, so two men called al-Jaafari are never merged.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Literal

from sana_archive.inference.quotes import Span
from sana_archive.inference.spelling import registered_variant
from sana_archive.inference.text import WEEKDAYS
from sana_archive.inference.tokens import Token, tokenize
from sana_archive.inference.vocab import (
    AGENCIES,
    COUNTRIES,
    DEMONYMS,
    FUNCTION_CAPS,
    FUTURE_CUES,
    MEDIA_WORDS,
    MEETING_WORDS,
    NAME_PARTICLES,
    REGION_WORDS,
    REPORTING_VERBS,
    ROLE_WORDS,
    TITLE_WORDS,
    words,
)
from sana_archive.registry import Registries, fold_key

_AL = re.compile(r"(?:al|el|as|ad|an|ar|ash|at|az|bin|abu|ibn)-[A-Z]")
_POSSESSIVE = ("’s", "'s")
# "Foreign and Expatriates’ Minister" is the ministry's title, however the apostrophe falls.
_PLURAL_POSSESSIVE = re.compile(r"s[’'](?=\s)")
_CONNECT = words("of for and the to on in at")
_HONORIFIC = words("dr mr mrs ms prof h.e")
_DAYS = frozenset(day.casefold() for day in WEEKDAYS)
# Words allowed between a name and its verb ("Lavrov also said", "Lavrov on Monday met").
_SKIP = words("also further has had have earlier later again then today yesterday recently "
              "once reportedly on") | _DAYS
# Months that are also first names; read as names only when a name follows.
_MONTH_NAMES = words("jan may june april august")
# Countries that are also first names ("Israel Katz", "Jordan Peltier", "Chad Smith").
_FIRST_NAME_PLACES = words("israel jordan chad georgia")
_FIRST_NAME_WORDS = _MONTH_NAMES | _FIRST_NAME_PLACES
_POSSESSIVE_BITS = frozenset({"‘", "’", "'", "s"})
_DIRECT = words("met meets meeting received receives receiving phoned hosted hosts hosting "
                "called")
# Words allowed between "with"/"met" and a counterpart's title ("met on Monday visiting ...").
_BEFORE_ROLE = words("the his her its their visiting new newly-appointed incoming outgoing on "
                     "today yesterday also") | _DAYS
_CALLS = words("call phone telephone")
_LEADS = words("headed led chaired")
# What the official of a story does: speak, or meet ("Lavrov met ..." makes him the subject).
_SUBJECT_VERBS = REPORTING_VERBS | words("met received held hosted phoned visited signed")
_NOT_SUBJECT = words("interview interviews newspaper")
_FOR_SOMEONE = words("for of to")
_DELIVERS = words("made makes gave gives delivered delivers issued issues")
_UTTERANCES = words("statement statements remarks speech address briefing comments")
_ENDERS = frozenset(".!?”\"»")


MentionKind = Literal["name", "pronoun", "title"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One reference to a person; ``person`` is None for a pronoun or a bare title."""

    para: int
    start: int
    end: int
    person: str | None
    kind: MentionKind
    title: str | None
    lead: bool  # opens the lead sentence
    reporting: bool  # subject of a verb of speech
    initial: bool  # opens a sentence
    in_quote: bool
    meets: bool  # object of "met"/"talks with"/"discussed with"
    between: bool  # "a call between [X] and Y": X and whoever is joined to X met
    joined_to: int | None  # index of the mention this one is joined to by "and"
    meeting_after: bool


@dataclass(slots=True)
class PersonFound:
    """A person as the scan knows them; role and fullness fill in as later mentions arrive."""

    name: str
    role: str | None
    full: bool


@dataclass(slots=True)
class Scan:
    """Persons by canonical name, every mention in reading order, and the spelling index."""

    persons: dict[str, PersonFound] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    index: dict[str, str] = field(default_factory=dict)
    # Registered names reached through a transliteration variant, with the spelling read.
    variants: dict[str, str] = field(default_factory=dict)


_NOT_NAME = ROLE_WORDS | COUNTRIES | DEMONYMS | FUNCTION_CAPS | REGION_WORDS | frozenset(AGENCIES)
_OTHER_OPENERS = words("he she the his")
_PRONOUNS = words("he she")
_OPENERS_AS_WRITTEN = _OTHER_OPENERS | {w.capitalize() for w in _OTHER_OPENERS}
_AL_STARTS = ("al-", "el-", "as-", "ad-", "an-", "ar-", "ash-", "at-", "az-", "bin-", "abu-",
              "ibn-")


def _base(text: str) -> str:
    return text[:-2] if text.endswith(_POSSESSIVE) else text


def _namey(text: str, places: Collection[str]) -> bool:
    if "." in text:
        return len(text) == 2 and text[0].isupper()  # an initial: "Geir O. Pedersen"
    if not text[0].isupper():
        return bool(_AL.match(text))
    if len(text) > 1 and text.isupper():
        return False
    low = text.casefold()
    return low not in _NOT_NAME and low not in places and not ("-" in low and _titled(low))


def _titled(low: str) -> bool:
    """A title word, alone or in a compound ("Commissioner-General", "Vice-Chairman")."""
    base = _base(low)
    return base in TITLE_WORDS or ("-" in base and any(p in TITLE_WORDS
                                                       for p in base.split("-")))


def _role_before(toks: Sequence[Token], s: int, floor: int) -> tuple[int, int] | None:
    """Token range [start, end] of the title phrase that leads into a name, if any.

    ``floor`` is where the previous mention ended: a role never reaches back into a name.
    """
    j = s - 1
    if j >= 1 and toks[j].text == "." and toks[j - 1].low in _HONORIFIC:
        j -= 2
    elif j >= 0 and toks[j].low in _HONORIFIC:
        j -= 1
    if j >= 0 and toks[j].text == ",":
        j -= 1
    end = j
    start = j + 1
    while j >= 0 and end - j < 24 and toks[j].start >= floor:
        tok = toks[j]
        if tok.text == ")" and j >= 2 and toks[j - 2].text == "(":
            start, j = j - 2, j - 3
            continue
        if tok.text in "’'" and j >= 1 and toks[j - 1].text.endswith("s"):
            j -= 1
            continue
        if tok.text == "," and start == j + 1 and j >= 1 and _role_behind(toks, j, floor):
            j -= 1  # "Special Envoy for the Middle East and Africa, Deputy Foreign Minister X"
            continue
        if tok.text[0].isupper() or tok.text.endswith(_POSSESSIVE) or _titled(tok.low) or (
                tok.low in ROLE_WORDS and tok.low not in _CONNECT):
            start = j  # "Russian co-chair of the OSCE Minsk Group X" too
        elif tok.low not in _CONNECT:
            break
        j -= 1
    while start <= end and (toks[start].low in _CONNECT or toks[start].low in FUNCTION_CAPS
                            or not toks[start].text[0].isalnum()):
        start += 1
    if start > end or not any(_titled(t.low) for t in toks[start:end + 1]):
        return None
    return start, end


def _role_behind(toks: Sequence[Token], comma: int, floor: int) -> bool:
    """Another title phrase ends at this comma ("Deputy Prime Minister, Foreign Minister X";
    "Special Envoy for the Middle East, Deputy Foreign Minister X"): the roles are joined."""
    for k in range(comma - 1, max(-1, comma - 12), -1):
        tok = toks[k]
        if tok.start < floor or not (tok.text[0].isupper() or tok.low in _CONNECT
                                     or tok.text in _POSSESSIVE_BITS):
            return False
        if _titled(tok.low):
            return True
    return False


def _appositive(toks: Sequence[Token], e: int) -> tuple[int, int, int] | None:
    """", head of the delegation," after a name: (first, last token of the role, where the
    sentence goes on). The closing comma is sometimes left out before the verb ("X,
    Kazakhstan's Foreign Minister told journalists"), so a verb of speech closes it too."""
    if e >= len(toks) or toks[e].text != ",":
        return None
    k = e + 1
    while k < len(toks) and toks[k].low in ("also", "the", "a", "an"):
        k += 1
    if not any(_titled(t.low) for t in toks[k:k + 4]):
        return None
    for close in range(k, min(len(toks), k + 30)):
        if toks[close].text in _ENDERS:
            return None
        if toks[close].text == ",":
            return (k, close - 1, close + 1) if close > k else None
        if toks[close].low in REPORTING_VERBS and close > k and _titled(toks[close - 1].low):
            return k, close - 1, close
    return None


def _reporting_after(toks: Sequence[Token], k: int) -> bool:
    steps = 0
    while k < len(toks) and steps < 6:
        tok = toks[k]
        if tok.low in _SUBJECT_VERBS:
            return True
        if tok.low in _DELIVERS and any(t.low in _UTTERANCES for t in toks[k + 1:k + 4]):
            return True  # "X made a statement", "X gave a speech"
        if tok.text == "," and k + 1 < len(toks) and toks[k + 1].low in _SUBJECT_VERBS:
            return True  # "The spokeswoman, Jane Roe, told reporters"
        if tok.text == ",":
            close = next((x for x in range(k + 1, min(len(toks), k + 10))
                          if toks[x].text == ","), None)
            if close is None:
                return False
            k = close + 1
        elif tok.low in _SKIP:
            k += 1
        else:
            return False
        steps += 1
    return False


def _reporting_before(toks: Sequence[Token], r: int) -> bool:
    return (r >= 2 and toks[r - 1].low in REPORTING_VERBS
            and toks[r - 2].text in (",", "”", '"', "»", "’"))


def _meets(toks: Sequence[Token], r: int) -> bool:
    """Object of a meeting: "met X", "talks with X", "discussed with X" (not "interview with")."""
    p = r - 1
    # "with his Luxembourg ’s counterpart X": over the country (any capitalised word) and its
    # possessive too
    while p >= 0 and r - p <= 6 and (toks[p].low in _BEFORE_ROLE or toks[p].text in _POSSESSIVE_BITS
                                     or toks[p].text[0].isupper()):
        p -= 1
    if p < 0:
        return False
    if toks[p].low in _DIRECT:
        return True
    if toks[p].low == "by":  # "a delegation (of a long-named party) headed by X" at a meeting
        window = [t.low for t in toks[max(0, p - 16):p]]
        return p >= 1 and toks[p - 1].low in _LEADS and any(w in MEETING_WORDS for w in window)
    if toks[p].low not in ("with", "from"):
        return False
    window = [t.low for t in toks[max(0, p - 8):p]]
    if toks[p].low == "from":  # "a phone call from X", not "a message from X"
        return any(w in _CALLS for w in window[-3:])
    return not any(w in _NOT_SUBJECT for w in window) and any(w in MEETING_WORDS for w in window)


# A meeting planned, hoped for or long past is not the one reported: "plans talks with X",
# "the possibility of a meeting with X", "he had met X last year".
_NOT_NOW_BEFORE = FUTURE_CUES | words("could may might plans plan planning possibility possible "
                                      "previously hopes hope proposed")
_NOT_NOW_AFTER = words("ago previously")
_YEAR = re.compile(r"(?:19|20)\d\d")  # "had met X in 2019": another, earlier meeting
_LONG_AGO = words("year month week summer winter spring autumn fall")


def _elsewhen(toks: Sequence[Token], r: int, e: int) -> bool:
    """The meeting around a name is another one than the story's: future, possible or past."""
    start = r - 1
    while start > 0 and r - start < 10 and toks[start].text not in _ENDERS \
            and toks[start].text != ",":
        start -= 1
    if any(t.low in _NOT_NOW_BEFORE for t in toks[start:r]):
        return True
    after = toks[e:e + 10]
    stop = next((k for k, t in enumerate(after) if t.text in _ENDERS), len(after))
    return any(t.low in _NOT_NOW_AFTER
               or (t.low == "last" and k + 1 < stop and after[k + 1].low in _LONG_AGO)
               or (t.low == "in" and k + 1 < len(after)
                   and _YEAR.fullmatch(after[k + 1].text.rstrip(".,;")))
               for k, t in enumerate(after[:stop]))


def _between(toks: Sequence[Token], r: int) -> bool:
    """"A telephone call was made Wednesday between [X] and Y"."""
    return r >= 1 and toks[r - 1].low == "between" and any(
        t.low in MEETING_WORDS for t in toks[max(0, r - 9):r - 1])


def _meeting_after(toks: Sequence[Token], k: int) -> bool:
    return any(t.low in MEETING_WORDS for t in toks[k:k + 12])


class _Scanner:
    """One pass over a story's paragraphs; holds only the state of that pass."""

    def __init__(self, registries: Registries, places: Collection[str]) -> None:
        self.registries = registries
        self.places = places
        self.scan = Scan()
        self.seen: set[str] = set()
        self.lookups: dict[str, str | None] = {}
        self.first_names: dict[str, str | None] = {}
        # "spokeswoman" -> "spokeswoman for X", from "A spokeswoman for X said" before her name
        self.speaking_for: dict[str, str] = {}
        # Whether a word as written can be part of a name (a story repeats its words).
        self.namey: dict[str, bool] = {}

    def _known(self, text: str) -> str | None:
        """The registry's canonical name for a spelling, or None (memoised for this story)."""
        if text not in self.lookups:
            entry = self.registries.speaker(text)
            name = entry.name if entry else registered_variant(self.registries, text)
            if entry is None and name is not None:
                self.scan.variants[name] = text
            self.lookups[text] = name
        return self.lookups[text]

    def _register(self, person: PersonFound, *spellings: str) -> None:
        names = [s for s in spellings if s not in self.seen]
        if person.name not in self.scan.persons:
            self.scan.persons[person.name] = person
            entry = self.registries.speaker(person.name)
            names += [person.name, *(entry.aliases if entry else ())]
        for spelling in names:
            self.seen.add(spelling)
            words = fold_key(spelling).split()
            if len(words) == 2 and words[0] not in NAME_PARTICLES:
                # "Mao said" after "Mao Ning": family name first; kept only if unambiguous.
                owner = self.first_names.setdefault(words[0], person.name)
                if owner != person.name:
                    self.first_names[words[0]] = None
            for cut in range(len(words)):
                if words[cut:] and not all(w in NAME_PARTICLES for w in words[cut:]):
                    key = " ".join(words[cut:])
                    if cut == 0:
                        self.scan.index[key] = person.name
                    else:
                        self.scan.index.setdefault(key, person.name)

    def _person(self, text: str, role: str | None, full: bool) -> str:
        name = self._known(text) or text
        found = self.scan.persons.get(name)
        if found is None:
            found = PersonFound(name, role, full)
        else:
            found.role = found.role or role
            found.full = found.full or full
        self._register(found, text)
        return found.name

    def paragraph(self, para: int, text: str, lead_at: int, quotes: Sequence[Span]) -> None:
        # Only capitalised words, "al-" names and "he/she/the/his" can open a mention.
        candidates: list[int] = []
        toks = tokenize(text, candidates, _OPENERS_AS_WRITTEN, _AL_STARTS)
        n = len(toks)
        places = self.places
        namey = self.namey
        resume = 0
        for i in candidates:
            tok = toks[i]
            if i < resume or tok.start < lead_at:
                continue
            low = tok.low
            if low in _FIRST_NAME_WORDS and self._first_name_word(toks, i):
                pass  # "Special Envoy Jan O. Example", "Foreign Minister Israel Katz"
            else:
                word = tok.text
                if (is_namey := namey.get(word)) is None:
                    is_namey = namey[word] = _namey(_base(word), places)
                if not is_namey:
                    # "the"/"his" stand for someone only before a title word
                    if low in _OTHER_OPENERS and (low in _PRONOUNS or (
                            i + 1 < n and toks[i + 1].low in ROLE_WORDS)):
                        self._other(para, toks, i, lead_at, quotes)
                    continue
            e = i + 1
            while e < n and not toks[e - 1].text.endswith(_POSSESSIVE) and (
                    _namey(_base(toks[e].text), places) or (
                        toks[e].low in NAME_PARTICLES and e + 1 < n
                        and _namey(_base(toks[e + 1].text), places))
                    or self._month_surname(toks, e)):
                e += 1
            # "al-Assad’s adviser X": a modifier; "the Middle East", "the Kremlin": a place or a
            # body, since people's names take no article; "Al Mayadeen TV": an outlet
            if not toks[e - 1].text.endswith(_POSSESSIVE) and not (
                    i > 0 and toks[i - 1].low == "the") and not (
                    e < n and toks[e].low in MEDIA_WORDS):
                self._name(para, text, toks, i, e, lead_at, quotes)
            resume = e

    def _first_token(self, toks: Sequence[Token], lead_at: int) -> int:
        """Where the lead's subject starts: after the dateline and any leading "The"."""
        return next((k for k, t in enumerate(toks) if t.start >= lead_at and t.low != "the"),
                    0)

    def _mention(self, para: int, toks: Sequence[Token], r: int, e: int,
                 after: int, person: str | None, kind: str, title: str | None,
                 lead_at: int, quotes: Sequence[Span], speaks: bool = True) -> None:
        start = toks[r].start
        prev = toks[r - 1].text if r > 0 and toks[r - 1].start >= lead_at else None
        joined = None
        mentions = self.scan.mentions
        a = r - 1  # "X and [his Syrian counterpart] Y"
        while a >= 1 and r - a <= 2 and toks[a].low in _BEFORE_ROLE:
            a -= 1
        if a >= 1 and toks[a].low == "and" and mentions and mentions[-1].para == para \
                and mentions[-1].end == toks[a - 1].end:
            joined = len(mentions) - 1
        mentions.append(Mention(
            para=para, start=start, end=toks[e - 1].end, person=person, kind=kind, title=title,
            lead=para == 0 and r == self._first_token(toks, lead_at),
            reporting=speaks and (_reporting_after(toks, after) or _reporting_before(toks, r)),
            initial=prev is None or prev in _ENDERS or prev == "’",
            in_quote=any(q.start <= start < q.end for q in quotes),
            meets=_meets(toks, r) and not _elsewhen(toks, r, after),
            between=_between(toks, r) and not _elsewhen(toks, r, after), joined_to=joined,
            meeting_after=_meeting_after(toks, after),
        ))

    def _other(self, para: int, toks: Sequence[Token], i: int, lead_at: int,
               quotes: Sequence[Span]) -> None:
        """A pronoun ("he") or a bare title ("the Minister") that may point back to someone."""
        tok = toks[i]
        if tok.low in ("he", "she"):
            self._mention(para, toks, i, i + 1, i + 1, None, "pronoun", None, lead_at, quotes)
        elif tok.low in ("the", "his") and i + 1 < len(toks):
            k = i + 1
            while k < len(toks) and k < i + 4 and toks[k].low in ROLE_WORDS \
                    and toks[k].low not in _CONNECT:
                k += 1
            if k > i + 1 and _titled(toks[k - 1].low) and (
                    k >= len(toks) or not _namey(_base(toks[k].text), self.places)) \
                    and not self._leads_into_name(toks, k):
                self._mention(para, toks, i, k, k, None, "title", toks[k - 1].low, lead_at,
                              quotes)

    def _first_name_word(self, toks: Sequence[Token], i: int) -> bool:
        """A month or a country that is a first name: "Special Envoy Jan O. Example", "Foreign
        Minister Israel Katz", "Jordan Peltier said" (a name follows; a title or nothing
        precedes, never "of" as in "Foreign Minister of Luxembourg X")."""
        tok = toks[i]
        if tok.low not in _MONTH_NAMES and tok.low not in _FIRST_NAME_PLACES:
            return False
        if i + 1 >= len(toks) or not toks[i + 1].text[0].isupper() \
                or not _namey(_base(toks[i + 1].text), self.places):
            return False
        before = toks[i - 1].low if i else ""
        return tok.low in _MONTH_NAMES or not before or _titled(before) or before in _ENDERS

    def _month_surname(self, toks: Sequence[Token], e: int) -> bool:
        """"Helen May said": a month after a first name is a family name, unless a day follows."""
        return (toks[e].low in _MONTH_NAMES and toks[e].text[0].isupper()
                and (e + 1 >= len(toks) or not toks[e + 1].text[0].isdigit()))

    def _leads_into_name(self, toks: Sequence[Token], k: int) -> bool:
        """"the Minister [of Foreign Affairs of Tajikistan X]", "The spokeswoman[, X]": a role
        phrase leading into a name, not a title standing for someone named earlier."""
        if k + 1 < len(toks) and toks[k].text == ",":  # "The spokeswoman, Jane Roe, said"
            return _namey(_base(toks[k + 1].text), self.places)
        if k >= len(toks) or toks[k].low not in ("of", "for"):
            return False
        for tok in toks[k + 1:k + 10]:
            if tok.text in _ENDERS or tok.text == ",":
                return False
            if _namey(_base(tok.text), self.places) and tok.low not in _CONNECT:
                return True
        return False

    def _name(self, para: int, text: str, toks: Sequence[Token], s: int, e: int, lead_at: int,
              quotes: Sequence[Span]) -> None:
        written = text[toks[s].start:toks[e - 1].end]
        written = _base(written)
        key = fold_key(written)
        known_here = self.scan.index.get(key) or (
            self.first_names.get(key) if e - s == 1 else None)
        words = e - s
        mentions = self.scan.mentions
        floor = mentions[-1].end if mentions and mentions[-1].para == para else 0
        role_range = _role_before(toks, s, floor) if words >= 2 or not known_here else None
        if role_range and role_range[0] < s and toks[role_range[0]].start < lead_at:
            role_range = None
        appositive = None if role_range else _appositive(toks, e)
        r = role_range[0] if role_range else s
        after = appositive[2] if appositive else e
        role = None
        speaks = True
        if role_range and toks[role_range[1]].low in _FOR_SOMEONE:
            # "A spokeswoman for X said": X is whom she speaks for, not the one speaking; her
            # title waits for her name ("The spokeswoman, Jane Roe, told reporters").
            head = toks[role_range[0]].low
            self.speaking_for[head] = f"{text[toks[role_range[0]].start:toks[role_range[1]].end]}" \
                f" {written}"
            role_range, speaks = None, False
            r = s
        if role_range:
            role = text[toks[role_range[0]].start:toks[role_range[1]].end]
            role = self.speaking_for.get(role.casefold(), role)
        elif appositive:
            role = text[toks[appositive[0]].start:toks[appositive[1]].end]
        if role:
            role = _PLURAL_POSSESSIVE.sub("s", " ".join(role.split()))
            if role.casefold().split()[-1] in MEDIA_WORDS:  # "news agency Khabar": an outlet
                return
        if known_here:
            person = self._person(self.scan.persons[known_here].name, role, True) \
                if role else known_here
        elif words >= 2 and words <= 5:
            qualifies = (role is not None or self._known(written) is not None
                         or _reporting_after(toks, after) or _reporting_before(toks, r)
                         or _meets(toks, r) or (para == 0 and r == self._first_token(toks,
                                                                                     lead_at)))
            if not qualifies:
                return
            person = self._person(written, role, True)
        elif words == 1 and (self._known(written) is not None or role is not None) and (
                _reporting_after(toks, after) or r == self._first_token(toks, lead_at)):
            person = self._person(written, role, False)
        else:
            return
        self._mention(para, toks, r, e, after, person, "name", None, lead_at, quotes, speaks)


def scan_people(paragraphs: Sequence[str], lead_at: int, quotes: Sequence[Sequence[Span]],
                registries: Registries, places: Collection[str]) -> Scan:
    """Persons (in order of first mention) and every mention of them, pronouns included."""
    scanner = _Scanner(registries, places)
    for para, text in enumerate(paragraphs):
        scanner.paragraph(para, _unquoted(text, quotes[para]), lead_at if para == 0 else 0,
                          quotes[para])
    return scanner.scan


def _unquoted(text: str, quotes: Sequence[Span]) -> str:
    """The paragraph with the words inside quotation marks blanked (offsets and marks kept).

    Who speaks, whom they met and who a pronoun means are read from the reporting text;
    a name inside a quotation is something said, so it is not scanned at all (which also
    spares tokenising the longest stretches of a statement).
    """
    if not quotes:
        return text
    parts: list[str] = []
    at = 0
    for span in quotes:
        inner_start, inner_end = span.start + 1, max(span.start + 1, span.end - 1)
        parts += [text[at:inner_start], " " * (inner_end - inner_start)]
        at = inner_end
    parts.append(text[at:])
    return "".join(parts)
