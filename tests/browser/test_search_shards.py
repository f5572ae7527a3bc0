"""A sharded search index answers as one whole index would, in a real browser.

The same archive is built twice: once into a single Pagefind index (one shard) and once into
eight shards. Every query is asked of the single index through Pagefind's own API (its own
date sort, the matches without a sort key added after) and of the
shards through static/search-index.js, and the answers must match: the same statements, the
same count per filter value, and the same order when sorted by date.

What shards do not reproduce is the order of equally dated-or-undated results by
relevance: Pagefind ranks with BM25, whose term statistics (how many pages hold a word,
the average page length) are those of the shard, not the archive. Best-match order is
therefore close to, not the same as, one whole index's; the sets are the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from sana_archive.build import build
from sana_archive.engine import search
from tests.browser.archive import SEARCH_WORD, generate_archive, serve
from tests.browser.conftest import Served, Watched

pytestmark = pytest.mark.browser

SAME_DAY = """---
title: Same-day note {n} on {word} questions
date: 2016-05-05
speakers:
  - {{name: Sergey Lavrov, role: "Russian Foreign Minister"}}
location: Moscow
source: SANA
topics: [Terrorism]
slug: same-day-{n}
---
Moscow, SANA – Russian Foreign Minister Sergey Lavrov said on Thursday that {word} rivalry
must not decide the future of the region (note {n}).
"""

ANY = "any"
QUERIES: list[tuple[str | None, dict[str, list[str]]]] = [
    (SEARCH_WORD, {}),
    (SEARCH_WORD, {"speaker": ["Sergey Lavrov"]}),
    ("terrorism", {}),
    ("terrorism", {"year": ["2016"]}),
    ("terrorism", {"year": ["Undated"]}),
    ("sovereignty", {}),
    ("sovereignty", {"location": ["Moscow", "Damascus"]}),
    ("humanitarian aid", {}),
    ("coercive", {"topic": ["Terrorism"]}),
    ("astana", {}),
    ("geneva", {"counterpart": ["Antonio Guterres"]}),
    ("political settlement", {}),
    ("contacts", {"source": ["SANA"], "year": ["2015", "2017"]}),
    ("syrians", {}),
    ("integrity", {"speaker": ["Wang Yi", "Maria Zakharova"]}),
    ("reconciliation", {}),
    ("cessation", {"topic": ["Astana process"]}),
    ("rivalry", {}),
    ("meeting", {"month": ["2016-05"]}),
    ("lavrov", {}),
    (None, {"speaker": ["Sergey Lavrov"]}),
    (None, {"year": ["Undated"]}),
    (None, {"topic": ["Chemical weapons"], "year": ["2016", "Undated"]}),
    ('"this is what we discussed"', {}),
]

# Pagefind's own answer from one whole index: results, counts, and its date sort with every
# other match after it in relevance order (Pagefind leaves pages without a sort value, the
# undated and those with only a derived date, out of a sort; a reader must not lose them).
NATIVE = """async ([bundle, root, queries]) => {
  const pf = await import(bundle);
  await pf.options({ baseUrl: root });
  await pf.init();
  const overall = await pf.filters(); /* as the search page does: every filter chunk loaded */
  const urls = async (items) => Promise.all(items.map(async (r) => (await r.data()).url));
  const out = [];
  for (const [q, f] of queries) {
    const filters = {};
    for (const k of Object.keys(f)) filters[k] = { any: f[k] };
    const found = await pf.search(q, { filters });
    const answer = { all: await urls(found.results), filters: found.filters, sorted: {} };
    for (const dir of ["asc", "desc"]) {
      const sorted = await pf.search(q, { filters, sort: { date: dir } });
      let items = sorted.results;
      answer.sorted[dir + "-dated"] = items.length;
      const seen = new Set(items.map((r) => r.id));
      items = items.concat(found.results.filter((r) => !seen.has(r.id)));
      answer.sorted[dir] = await urls(items);
    }
    out.push(answer);
  }
  return { overall, answers: out };
}"""

# The same questions through the page's merging module over the shards.
MERGED = """async ([module, manifest, root, queries]) => {
  const index = await (await import(module)).openIndex(manifest, root);
  const overall = await index.filters();
  const urls = async (items) => Promise.all(items.map(async (r) => (await r.data()).url));
  const out = [];
  for (const [q, f] of queries) {
    const filters = {};
    for (const k of Object.keys(f)) filters[k] = { any: f[k] };
    const found = await index.search(q, filters, "");
    const answer = { all: await urls(found.results), filters: found.filters, sorted: {} };
    for (const dir of ["asc", "desc"]) {
      answer.sorted[dir] = await urls((await index.search(q, filters, dir)).results);
    }
    out.push(answer);
  }
  return { overall, answers: out, shards: index.shards };
}"""


def _site_with_same_day_statements(root: Path) -> Path:
    site = generate_archive(root / "site", 300)
    for n in range(1, 9):
        text = SAME_DAY.format(n=n, word=SEARCH_WORD)
        (site / "content" / f"same-day-{n}.txt").write_text(text, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Served]]:
    """One archive built as one whole index and as eight shards, both served."""
    root = tmp_path_factory.mktemp("shards")
    site = _site_with_same_day_statements(root)
    outputs = []
    for name, count in (("whole", 1), ("sharded", 8)):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(search, "shard_count", lambda pages, count=count: count)
            output = root / name
            report = build(site, output, use_cache=False)
        assert report.errors == 0, [d.format() for d in report.diagnostics]
        outputs.append(output)
    with serve(outputs[0]) as whole, serve(outputs[1]) as sharded:
        yield Served(whole, outputs[0]), Served(sharded, outputs[1])


def _counts(filters: dict) -> dict:
    """Filter counts without the zero entries (a value absent from one shard's answer)."""
    return {k: {v: n for v, n in values.items() if n} for k, values in filters.items()}


def test_shards_answer_every_query_as_one_whole_index(make_page, two_builds):
    whole, sharded = two_builds
    shards = json.loads((sharded.output / "pagefind" / "shards.json").read_text())["shards"]
    (single,) = json.loads((whole.output / "pagefind" / "shards.json").read_text())["shards"]
    assert len(shards) == 8
    queries = [[q, f] for q, f in QUERIES]

    # The home page: no search script of its own has opened (and merged) the index yet.
    page: Watched = make_page()
    page.goto(whole.url(""))
    reference = page.page.evaluate(
        NATIVE, [whole.url(f"pagefind/{single}/pagefind.js"), "/", queries]
    )
    page.assert_clean()
    page = make_page()
    page.goto(sharded.url(""))
    merged = page.page.evaluate(
        MERGED,
        [sharded.url("static/search-index.js"), sharded.url("pagefind/shards.json"), "/", queries],
    )
    page.assert_clean()
    assert merged["shards"] == 8

    assert _counts(merged["overall"]) == _counts(reference["overall"])
    found_any = 0
    for (q, f), ref, got in zip(QUERIES, reference["answers"], merged["answers"], strict=True):
        label = f"{q!r} {f}"
        assert sorted(got["all"]) == sorted(ref["all"]), label
        assert len(set(got["all"])) == len(got["all"]), label
        assert _counts(got["filters"]) == _counts(ref["filters"]), label
        for direction in ("asc", "desc"):
            # Dated statements in the same order; the undated ones after them, in relevance
            # order, which per-shard ranking does not reproduce (see the module docstring).
            dated = ref["sorted"][f"{direction}-dated"]
            mine, theirs = got["sorted"][direction], ref["sorted"][direction]
            assert mine[:dated] == theirs[:dated], f"{label} {direction}"
            assert sorted(mine[dated:]) == sorted(theirs[dated:]), f"{label} {direction}"
        found_any += bool(ref["all"])
    assert found_any >= 20  # the comparisons are about real result lists
    same_day = [u for u in reference["answers"][17]["sorted"]["asc"] if "same-day" in u]
    assert len(same_day) == 8  # date ties are compared too


def test_the_search_page_merges_the_shards(make_page, two_builds):
    _, sharded = two_builds
    page: Watched = make_page()
    page.goto(sharded.url(f"search/?q={SEARCH_WORD}&sort=desc"))
    page.page.locator("#search-results time").first.wait_for()
    shown = page.page.locator("#search-results time").evaluate_all(
        "els => els.map(e => e.getAttribute('datetime'))"
    )
    assert shown and shown == sorted(shown, reverse=True)
    page.assert_clean()
