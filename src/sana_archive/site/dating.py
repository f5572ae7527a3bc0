"""Dates from evidence: a post's place in its agency's id sequence, narrowed by the text.

Wire stories rarely state a calendar date, but an agency's post ids grow with time. Between
two *anchors* (posts whose id and date are known: archivist-verified ones in
``sources.yaml``, and the archive's own statements with a stated date) every other post
lies between their dates. A weekday or a year-less date named in the text may leave a single
day of that bracket. The result is always a ``Dating``, kept apart from the stated date and
shown with its evidence, the way a scholar dates a letter.

The rules, each held by a test with made-up anchors:

* the anchors around the id are the nearest at or below it and at or above it; an id outside
  every anchor gets nothing (no extrapolation from a rate, which varies from 57 to 131 SANA
  posts a day);
* the bracket is [date below - ``DISPATCH_LAG``, date above + ``DISPATCH_LAG``]. Anchors
  carry the date of the *event* a post reports, and an agency posts an event the same day
  or the next (``../shared/dates/README.md``): a post just above an anchor of day D may
  report an event of D-1 (posted on D), and a post just below an anchor of day E may be
  posted, about an event, on E+1 (the anchor itself posted late). The bracket of the
  issue's letter, [date below, date above], missed those: in the benchmark's simulation
  of dense anchors only 94% of true dates fell inside it. This rule deliberately departs
  from that letter, at the cost of a day at each end, and the evidence says why. A post
  that is itself an anchor keeps the anchor's exact date;
* anchors that break the order, or a bracket whose ends are reversed, date nothing and are
  reported;
* a year-less date ("May 4") picks the days of the bracket with that month and day;
* a weekday is applied only when the bracket is at most ``WEEKDAY_SPAN`` days wide, and
  picks the days of the bracket with that weekday; when it names two, the result is the
  range between them, never a guess;
* evidence that leaves no day (a Monday in a bracket without one) dates nothing and is
  reported; a stated date is never replaced, and one outside its bracket (the same widened
  bracket) is reported.

Pure: articles and registries in, articles and diagnostics out.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from sana_archive.model import MONTHS, WEEKDAYS, Article, Dating, Diagnostic
from sana_archive.registry import Registries, SourceEntry

SOURCES_PATH = "content/_data/sources.yaml"

# How many days after the event it reports an agency may post it ("SANA publishes the same
# day or the next"). Anchors carry event dates, so a bracket is widened by this at each end.
DISPATCH_LAG = 1
# Neighbouring anchors further apart than this date nothing: the real SANA pairs are at most
# 272 days apart, and a typo in one stated date ("2105-06-04") must not spread a century-wide
# range over every story after it.
MAX_BRACKET_DAYS = 730
# A weekday can pick a day only from a bracket this wide (latest - earliest): anchors about
# a week apart (6-7 days) plus DISPATCH_LAG at each end. Measured by benchmarks/dating.py.
WEEKDAY_SPAN = 9


@dataclass(frozen=True, slots=True)
class Anchor:
    """A post of known id and date; ``origin`` names where the date comes from."""

    id: int
    date: dt.date
    origin: str = SOURCES_PATH
    line: int = 1


@dataclass(frozen=True, slots=True)
class Bracket:
    below: Anchor
    above: Anchor

    @property
    def reversed(self) -> bool:
        return self.below.date > self.above.date

    def window(self, lag: int = DISPATCH_LAG) -> tuple[dt.date, dt.date]:
        """The days the event of a post between the two anchors can fall on: an anchor's
        post may be up to ``lag`` days after its event, and so may the post's own."""
        slack = dt.timedelta(days=lag)
        low = self.below.date - slack if self.below.date - dt.date.min >= slack else dt.date.min
        high = self.above.date + slack if dt.date.max - self.above.date >= slack else dt.date.max
        return low, high


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the evidence gives for one post: a dating, or why there is none."""

    dating: Dating | None = None
    problem: str | None = None


def day_text(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def span_text(dating: Dating) -> str:
    """"Monday, 19 October 2015" or "between 17 and 23 October 2015"."""
    first, last = dating.earliest, dating.latest
    if first == last:
        return f"{WEEKDAYS[first.weekday()]}, {day_text(first)}"
    if first.year != last.year:
        return f"between {day_text(first)} and {day_text(last)}"
    if first.month != last.month:
        return f"between {first.day} {MONTHS[first.month - 1]} and {day_text(last)}"
    return f"between {first.day} and {day_text(last)}"


def sorted_anchors(anchors: Sequence[Anchor]) -> list[Anchor]:
    return sorted(anchors, key=lambda a: (a.id, a.date, a.origin))


def order_problems(name: str, anchors: Sequence[Anchor]) -> list[Diagnostic]:
    """Anchors that break the order: a larger id with an earlier date (or one id with two
    dates), each pair named, at the line of the later one in id order."""
    found = []
    ordered = sorted_anchors(anchors)
    for first, second in pairwise(ordered):
        if second.date < first.date or (second.id == first.id and second.date != first.date):
            found.append(
                Diagnostic(
                    second.origin,
                    second.line,
                    1,
                    "warning",
                    f"{name} anchors out of order: post {second.id} ({second.date}) is "
                    f"dated before post {first.id} ({first.date}) (line {first.line}), "
                    "though ids grow with time; one of the two is wrong",
                )
            )
    return found


def find_bracket(ordered: Sequence[Anchor], post_id: int) -> Bracket | None:
    """The nearest anchors at or below and at or above ``post_id`` (``ordered`` by id);
    None when the id lies outside them all."""
    ids = [a.id for a in ordered]
    below = bisect_right(ids, post_id) - 1
    above = bisect_left(ids, post_id)
    if below < 0 or above >= len(ordered):
        return None
    return Bracket(ordered[below], ordered[above])


def _month_day(text: str | None) -> tuple[int, int] | None:
    """``--MM-DD`` (ISO 8601's reduced form, how the reader keeps a year-less date)."""
    if not text or len(text) != 7 or not text.startswith("--"):
        return None
    try:
        return int(text[2:4]), int(text[5:7])
    except ValueError:
        return None


def _days_on(first: dt.date, last: dt.date, month: int, day: int) -> list[dt.date]:
    found = []
    for year in range(first.year, last.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # 29 February of a common year
            continue
        if first <= candidate <= last:
            found.append(candidate)
    return found


def _lag_text(lag: int) -> str:
    return "the same day or the next" if lag == 1 else f"up to {lag} days after the event"


def narrow(
    source: str,
    post_id: int,
    bracket: Bracket,
    weekday: str | None = None,
    month_day: tuple[int, int] | None = None,
    *,
    lag: int = DISPATCH_LAG,
    span: int = WEEKDAY_SPAN,
) -> Outcome:
    """The dating a bracket and the text's weekday or year-less date allow for one post."""
    below, above = bracket.below, bracket.above
    if bracket.reversed:
        return Outcome(
            problem=f"{source} post {post_id} lies between post {below.id} ({below.date}) and "
            f"post {above.id} ({above.date}), which are out of order; not dated"
        )
    if (above.date - below.date).days > MAX_BRACKET_DAYS:
        return Outcome(
            problem=f"{source} post {post_id} lies between post {below.id} ({below.date}) and "
            f"post {above.id} ({above.date}), {(above.date - below.date).days} days apart: "
            "too far to date from (check those anchors' dates); not dated"
        )
    if below.id == above.id == post_id:
        # The post is an anchor: its date is known, not bracketed.
        evidence = f"{source} post {post_id} is dated {day_text(below.date)} by {below.origin}"
        return Outcome(Dating(below.date, below.date, evidence))
    evidence = (
        f"{source} post {post_id} lies between post {below.id} of {day_text(below.date)} "
        f"and post {above.id} of {day_text(above.date)}"
    )
    first, last = bracket.window(lag)
    if lag > 0:
        evidence += (
            f"; an agency posts an event {_lag_text(lag)}, so "
            f"{span_text(Dating(first, last, ''))}"
        )
    if month_day is not None:
        said = f"{month_day[1]} {MONTHS[month_day[0] - 1]}"
        found = _within(_days_on(first, last, *month_day), evidence, "the text gives", said,
                        "the dateline gives")
        if isinstance(found, Outcome):
            return found
        first, last, evidence = found
    if weekday in WEEKDAYS and first != last and (last - first).days <= span:
        target = WEEKDAYS.index(weekday)
        every = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
        found = _within([day for day in every if day.weekday() == target], evidence,
                        "the text says", weekday, "the text says")
        if isinstance(found, Outcome):
            return found
        first, last, evidence = found
    return Outcome(Dating(first, last, evidence))


def _within(days: list[dt.date], evidence: str, claims: str, said: str, reads: str
            ) -> tuple[dt.date, dt.date, str] | Outcome:
    """The span a day named in the text leaves (its first and last match), with the evidence
    grown by it; or, when no day of the span matches, the problem that dates nothing."""
    if not days:
        return Outcome(
            problem=f"{claims} {said}, but {evidence}, with no {said} in that span: "
            "check the post id or the anchors; not dated"
        )
    return days[0], days[-1], f"{evidence}; {reads} {said}"


def post_of(url: str | None, registries: Registries) -> tuple[SourceEntry, int] | None:
    """The agency and post id a source URL carries, per sources.yaml."""
    if not url:
        return None
    for entry in registries.sources:
        post_id = entry.post_id(url)
        if post_id is not None:
            return entry, post_id
    return None


def registry_anchors(entry: SourceEntry, path: str = SOURCES_PATH) -> list[Anchor]:
    return [Anchor(a.id, a.date, path, a.line) for a in entry.anchors]


DatingMemo = dict[str, tuple[Article, Article]]


def date_articles(
    articles: Sequence[Article],
    registries: Registries,
    path: str = SOURCES_PATH,
    memo: DatingMemo | None = None,
) -> tuple[list[Article], list[Diagnostic]]:
    """Every article, with a ``dating`` where it states no date and the evidence gives one.

    An article is returned as the same object when its dating does not change; ``memo``
    (kept by ``serve`` across builds: source path -> (article read, article dated)) gives
    back last build's dated object for an unchanged one, so a site updated in place sees
    only real changes, not every dated statement as new.
    """
    if not registries.sources:
        return [a if a.dating is None else _with(a, None) for a in articles], []
    problems: list[Diagnostic] = []
    anchors: dict[str, list[Anchor]] = {}
    for entry in registries.sources:
        own = registry_anchors(entry, path)
        problems.extend(order_problems(entry.name, own))
        anchors[entry.name] = sorted_anchors(own)
    posts: dict[int, tuple[str, int]] = {}
    for index, article in enumerate(articles):
        found = None if article.draft else post_of(article.source_url, registries)
        if found is not None:
            posts[index] = (found[0].name, found[1])

    # The archive's own stated dates are anchors too, once checked against the registry's.
    archive: dict[str, list[Anchor]] = defaultdict(list)
    for index, (name, post_id) in posts.items():
        article = articles[index]
        if article.date is None:
            continue
        bracket = find_bracket(anchors[name], post_id)
        if bracket is not None and not bracket.reversed:
            # The same widened bracket as a derived date's: a stated date is taken as
            # consistent wherever a derived one could fall.
            earliest, latest = bracket.window()
            if not earliest <= article.date <= latest:
                problems.append(
                    Diagnostic(
                        article.source_path,
                        1,
                        1,
                        "warning",
                        f"stated date {article.date} lies outside {name} post {post_id}'s "
                        f"bracket: post {bracket.below.id} ({bracket.below.date}) to post "
                        f"{bracket.above.id} ({bracket.above.date}), widened to {earliest} to "
                        f"{latest} as an agency posts an event {_lag_text(DISPATCH_LAG)}; the "
                        "date, the source_url id or an anchor is wrong (not used as an anchor)",
                    )
                )
                continue
        archive[name].append(Anchor(post_id, article.date, article.source_path))
    combined = {
        name: sorted_anchors([*own, *archive.get(name, [])]) for name, own in anchors.items()
    }

    out = list(articles)
    for index, article in enumerate(articles):
        dating = None
        if article.date is None and index in posts:
            name, post_id = posts[index]
            bracket = find_bracket(combined[name], post_id)
            if bracket is not None:
                outcome = narrow(
                    name, post_id, bracket, article.weekday, _month_day(article.date_text)
                )
                dating = outcome.dating
                if outcome.problem:
                    problems.append(
                        Diagnostic(article.source_path, 1, 1, "warning", outcome.problem)
                    )
        if dating != article.dating:
            out[index] = _remembered(article, dating, memo)
    if memo is not None:
        current = {a.source_path for a in articles}
        for gone in [rel for rel in memo if rel not in current]:
            del memo[gone]
    return out, problems


def _remembered(article: Article, dating: Dating | None, memo: DatingMemo | None) -> Article:
    if memo is None:
        return _with(article, dating)
    last = memo.get(article.source_path)
    if last is not None and last[0] is article and last[1].dating == dating:
        return last[1]
    dated = _with(article, dating)
    memo[article.source_path] = (article, dated)
    return dated


def _with(article: Article, dating: Dating | None) -> Article:
    return article.with_dating(dating)
