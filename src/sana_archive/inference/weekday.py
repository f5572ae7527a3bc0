"""The weekday and explicit date of the main statement, not of other events in the story.

A weekday belongs to the statement when it hangs off a verb of speech or of meeting
("said on Monday", "on Tuesday discussed", "a meeting ... here on Tuesday"). Walking back
from the weekday stops at "that"/"which"/commas, because a relative clause describes
another event ("attacks that struck Brussels on Tuesday"), and future cues ("will visit
... on Thursday") disqualify it outright.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sana_archive.inference.dates import stated_date_spans
from sana_archive.inference.quotes import Span
from sana_archive.inference.text import WEEKDAYS, split_sentences
from sana_archive.inference.vocab import EVENT_ANCHORS, FUTURE_CUES, REPORTING_VERBS, words

# "Tuesday's attack" names another event, so a possessive weekday never counts.
_WEEKDAY = re.compile(r"\b(?:[Oo]n\s+)?(" + "|".join(WEEKDAYS) + r")\b(?!['’]s\b)")
_WORDS = re.compile(r"[\w'’-]+|[,;:()]")
# Verbs (not nouns like "talks") that make a fronted weekday the statement's own.
_FRONTED_VERBS = REPORTING_VERBS | words("met received held hosted phoned visited")
# "Earlier on Monday", "last Tuesday": an event before the one reported.
_EARLIER_CUES = words("earlier previously last")
_OTHER_EVENT_OPENERS = _EARLIER_CUES | words("meanwhile separately")
_AUXILIARIES = words("will would shall")
_COPULAS = words("is are be been being take takes due set")
_FRONTED = re.compile(r"^\s*(?:At|In|On|During|Speaking|Addressing|Talking)\b")
_CLAUSE_STOPS = words("that which who whom where when , ; : ( ) after before since")


def _anchored(before: str, after: str) -> tuple[bool, bool]:
    """(anchored to the statement, clause is free of other-event cues)."""
    clause: list[str] = []
    stopped_at = None
    for word in reversed(_WORDS.findall(before)[-12:]):
        low = word.casefold()
        if low in _CLAUSE_STOPS:
            stopped_at = low
            break
        clause.append(low)
    # "will visit ... on Thursday" (an auxiliary anywhere in the clause), "the planned talks
    # on Thursday" (an adjective next to the day); "discussed a planned rail link with
    # officials in Belgrade on Thursday" is Thursday's discussion.
    if any(word in _AUXILIARIES or word in _EARLIER_CUES for word in clause) or any(
            word in FUTURE_CUES and (k < 3 or any(w in _COPULAS for w in clause[:k]))
            for k, word in enumerate(clause)):
        # "the next meeting is in Munich on February 11": the cue's noun is the subject
        return False, False
    following = _WORDS.findall(after[:80])[:9]
    if following and following[0].casefold() in EVENT_ANCHORS:
        return True, True
    if not clause and following[:1] == [","]:
        # "On Monday, Lavrov said ...": the verb comes after the fronted weekday.
        rest = [w.casefold() for w in following[1:]]
        if any(w in _FRONTED_VERBS for w in rest) and not any(w in FUTURE_CUES for w in rest):
            return True, True
    if any(word in EVENT_ANCHORS for word in clause):
        return True, True
    if stopped_at == "," and following[:1] == [","] and _names_only(before, len(clause)) and \
            _verb_follows(following[1:6]):
        # "in a phone call with the envoy, Jane Roe on Sunday, Smith affirmed ...": the day
        # closes a fronted phrase whose last words are a name; the verb comes after it.
        return True, True
    return False, stopped_at in (None, ",")


def _names_only(before: str, count: int) -> bool:
    """The last ``count`` words before the weekday are capitalised (a name), bar "on"."""
    written = _WORDS.findall(before)[-count:] if count else []
    return bool(written) and all(w[0].isupper() or w in ("on", "al", "de") for w in written)


def _verb_follows(following: list[str]) -> bool:
    rest = [w.casefold() for w in following]
    return any(w in _FRONTED_VERBS for w in rest) and not any(w in FUTURE_CUES for w in rest)


def _inside(quotes: Sequence[Span], at: int) -> bool:
    return any(q.start <= at < q.end for q in quotes)


def main_weekday(paragraphs: Sequence[str], lead_at: int,
                 quotes: Sequence[Sequence[Span]]) -> str | None:
    """First anchored weekday in reading order; else an unblocked one in the lead sentence."""
    fallback = None
    for para, text in enumerate(paragraphs):
        if not any(day in text for day in WEEKDAYS):  # most paragraphs name no day at all
            continue
        offset = lead_at if para == 0 else 0
        for number, sentence in enumerate(split_sentences(text[offset:])):
            base = text.find(sentence, offset)
            offset = base + len(sentence)
            opener = sentence.split(None, 1)[:1]
            if opener and opener[0].strip(",").casefold() in _OTHER_EVENT_OPENERS:
                continue  # "Earlier, he said on Monday ...": another, earlier statement
            for match in _WEEKDAY.finditer(sentence):
                if _inside(quotes[para], base + match.start()):
                    continue
                before, after = sentence[:match.start()], sentence[match.end():]
                close = after.find(")")
                if before.endswith("(") and 0 <= close <= 24:
                    # "this morning (Tuesday)", "(Tuesday, March 4)": the day glosses the time
                    # before it
                    before, after = before[:-1].rstrip(), after[close + 1:]
                anchored, free = _anchored(before, after)
                if anchored:
                    return match.group(1)
                if fallback is None and para == 0 and number == 0 and free:
                    fallback = match.group(1)
    return fallback


def lead_date(paragraphs: Sequence[str], lead_at: int) -> str | None:
    """"affirmed on 12 April 2017 that ...": an explicit date anchored in the lead sentence."""
    found = lead_date_passage(paragraphs, lead_at)
    return found[0] if found else None


def lead_date_passage(paragraphs: Sequence[str], lead_at: int) -> tuple[str, str] | None:
    """(date, the words that state it) for ``lead_date``."""
    if not paragraphs:
        return None
    sentences = split_sentences(paragraphs[0][lead_at:])
    if not sentences:
        return None
    sentence = sentences[0]
    comma = sentence.find(",")
    for start, end, value in stated_date_spans(sentence):
        anchored, _ = _anchored(sentence[:start], sentence[end:])
        if anchored:
            return value, sentence[start:end]
        if _FRONTED.match(sentence) and 0 <= end <= comma and _verb_follows(
                _WORDS.findall(sentence[comma + 1:comma + 120])[:10]):
            # "At the summit in Tallinn June 19, Foreign Minister X said ...": the date closes
            # the opening phrase of the sentence whose verb is the statement.
            return value, sentence[start:end]
    return None
