/* The search index as one: the shards listed in pagefind/shards.json, merged, answering as
   one whole Pagefind index of the archive would.

   The site writes its Pagefind index in shards so that an edit re-indexes one shard, not all
   (src/sana_archive/engine/search.py). Every statement is in exactly one shard. Pagefind's own
   merge (mergeIndex) adds up results and filter counts, which is right, except where a shard
   decides something from what it alone holds. This module corrects those decisions:

   - Which pages match a word. Pagefind matches a query word by prefix ("syria" finds
     "syrian"); a shard that holds no word with that prefix matches the longest word the
     query word starts with instead ("an" for "ankara"), or drops the word from a query of
     several. A whole index does that only when no page of the archive has such a word. So
     for each query word, every shard reports how many pages it matches and by which words,
     and the shards that matched it otherwise than the archive would are left out.
   - Which longer forms of a word match. Pagefind matches them only among the index chunks
     it has loaded, and loads just the chunk where the typed word falls: where a chunk ends
     between "syria" and "syrian", a search for "syria" finds "syrian" only after some
     earlier search loaded the next chunk. Shards end their chunks elsewhere than a whole
     index. So every shard loads each chunk that starts with a query word (the manifest
     lists where chunks start), and the search is asked again if that loaded any: prefix
     matching is complete, and does not depend on the reader's earlier searches (a whole
     index's does).
   - Best-match order. Pagefind ranks with BM25, whose numbers (pages in the index, their
     average length, pages holding the word) are per shard. Each shard reports how it scored
     a result (engine/search.py turns that report on), and `score` recomputes Pagefind
     1.5.2's score (pagefind_web/src/search.rs) with the archive's numbers, in 32-bit floats
     as Pagefind does. Equal scores are frequent (statements of equal length); they go by id.
     A whole index puts them in the order its files happened to lie on disk.
   - Date order. Pagefind ranks a sorted search by a page's position inside its own shard,
     so dates are sorted here by the keys each shard lists in its dates.json (the page's
     data-sort: its date, then its URL), newest or oldest first, undated last by best match.
*/

var f = Math.fround; /* Pagefind computes in 32-bit floats: every step is rounded to one */
var SHARD = "__shard"; /* a filter every page gets from its shard (mergeFilter) */
var EXACT = /^\s*".+"\s*$/; /* Pagefind's test for a quoted search */
var PUNCTUATION = /^\p{Pd}|\p{Pe}|\p{Pf}|\p{Pi}|\p{Po}|\p{Ps}$/u; /* Pagefind's, as written */
/* Pagefind's default ranking weights: term saturation k1, page length b, diacritics. */
var K1 = f(1.4), B = f(0.75), DIACRITIC = f(1 + f(0.8));
var EVERY = "*"; /* a word matched by its prefix; "" not at all; else by that shorter word */
/* No shard has this name: no page passes, and Pagefind still counts the matches per shard
   before filtering (an empty "any" would be ignored and pass every page). */
var NONE = "-";
var NOTHING = { [SHARD]: { any: [NONE] } };

function longer(a, b) { return b.length > a.length ? b : a; }

/* The words of a query as Pagefind splits them, before stemming. */
function queryWords(query) {
  var kept = "";
  for (var ch of query) if (!PUNCTUATION.test(ch)) kept += ch.toLocaleLowerCase();
  kept = kept.replace(/\s{2,}/g, " ").trim();
  return kept ? kept.split(" ") : [];
}

/* ln(x) for x >= 1 as the wasm build of Pagefind computes it (Rust's libm logf, after
   FreeBSD's e_logf.c): a rounded-to-nearest Math.log differs in the last bit for about
   a third of the ratios an index produces, which reorders nearly equal scores. */
var bits = new DataView(new ArrayBuffer(4));
function asFloat(b) { bits.setUint32(0, b >>> 0); return bits.getFloat32(0); }
function asBits(x) { bits.setFloat32(0, x); return bits.getUint32(0); }
var LN2_HI = asFloat(0x3f317180), LN2_LO = asFloat(0x3717f7d1);
var LG = [0xaaaaaa / 2 ** 24, 0xccce13 / 2 ** 25, 0x91e9ee / 2 ** 25, 0xf89e26 / 2 ** 26];
function logf(x) {
  var ix = asBits(x);
  if (ix === 0x3f800000) return 0;
  ix = (ix + (0x3f800000 - 0x3f3504f3)) >>> 0;
  var k = f((ix >>> 23) - 0x7f);
  var m = f(asFloat((ix & 0x007fffff) + 0x3f3504f3) - 1);
  var s = f(m / f(2 + m)), z = f(s * s), w = f(z * z);
  var r = f(f(z * f(LG[0] + f(w * LG[2]))) + f(w * f(LG[1] + f(w * LG[3]))));
  var half = f(f(0.5 * m) * m);
  return f(f(f(f(f(s * f(half + r)) + f(k * LN2_LO)) - half) + m) + f(k * LN2_HI));
}

function idf(pages, holding) {
  return logf(f(f(f(f(pages - holding) + 0.5) / f(holding + 0.5)) + 1));
}

/* A word's score on a page (BM25 with Pagefind's weights), times its diacritic bonus. */
function wordScore(stat, pageLength, averageLength, term) {
  var x = f(stat.params.weighted_term_frequency * stat.params.length_bonus);
  var norm = f(K1 * f(f(1 - B) + f(B * f(pageLength / averageLength))));
  var tf = f(f(f(K1 + 1) * x) / f(norm + x));
  var word = stat.search_term, typed = term.typed;
  var exact = word === typed || word.startsWith(typed) || typed.startsWith(word);
  return f(f(term.idf * tf) * (exact ? DIACRITIC : 1));
}

/* Whether ``word`` of the index answers ``term`` in the whole archive. */
function answers(term, word) {
  if (term.match === EVERY) return word.startsWith(term.stem);
  return term.match !== "" && word === term.match;
}

/* A result's score in the whole archive: its words' BM25 scores plus the title boost. */
function score(result, terms, archive) {
  var first = function (w) { return terms.find(function (t) { return answers(t, w); }); };
  var last = function (w) { return terms.findLast(function (t) { return answers(t, w); }); };
  var total = 0;
  terms.forEach(function (t) { total = f(total + t.idf); });
  var sum = 0;
  result.scores.forEach(function (stat) {
    var term = first(stat.search_term);
    if (!term) return;
    sum = f(sum + wordScore(stat, result.params.document_length, archive.length, term));
  });
  /* Query words found in a page's title and other metadata fields add a boost. Pagefind
     adds up fields, and words within a field, in hash-map order, which changes from one
     search to the next: with three or more, a whole index's score of the same page varies
     in its last bit or two between identical searches. Here the order is fixed. */
  var boost = 0;
  var byName = function (a, b) { return a.field_name < b.field_name ? -1 : 1; };
  (result.verbose_meta_scores || []).slice().sort(byName).forEach(function (meta) {
    var matched = 0;
    meta.matched_terms.slice().sort().forEach(function (w) {
      matched = f(matched + (last(w) || { idf: 0 }).idf);
    });
    var coverage = f(matched / total);
    if (total > 0) {
      boost = f(boost + f(f(f(meta.field_weight * matched) * coverage) * coverage));
    }
  });
  return f(sum + boost);
}

/* How a shard's results matched each term: by prefix, by a shorter word, or (unseen) not. */
function witness(terms, results, shardOf) {
  results.forEach(function (r) {
    var shard = shardOf(r);
    if (!shard) return;
    var words = r.scores.map(function (s) { return s.search_term; });
    (r.verbose_meta_scores || []).forEach(function (m) {
      words = words.concat(m.matched_terms);
    });
    terms.forEach(function (t) {
      if (shard in t.kinds) return;
      var shorter = words.filter(function (w) { return t.stem.startsWith(w); });
      if (words.some(function (w) { return w.startsWith(t.stem); })) t.kinds[shard] = EVERY;
      else if (shorter.length) t.kinds[shard] = shorter.reduce(longer);
    });
  });
}

function compareDated(direction, dates) {
  var sign = direction === "asc" ? 1 : -1;
  return function (a, b) {
    var x = dates[a.id], y = dates[b.id];
    return x === y ? 0 : x < y ? -sign : sign;
  };
}

function withoutShard(filters) {
  var out = Object.assign({}, filters || {});
  delete out[SHARD];
  return out;
}

export async function openIndex(manifestUrl, rootPath) {
  var manifest = await (await fetch(manifestUrl, { cache: "no-cache" })).json();
  var shards = manifest.shards || [];
  if (!shards.length) throw new Error("the search index lists no shards");
  var merged = shards.length > 1;
  var base = function (name) { return new URL(name + "/", manifestUrl); };
  var opts = function (name) {
    var o = { baseUrl: rootPath };
    if (merged) o.mergeFilter = { [SHARD]: name };
    return o;
  };
  var pagefind = await import(new URL("pagefind.js", base(shards[0])).href);
  await pagefind.options(opts(shards[0]));
  await pagefind.init();
  await Promise.all(shards.slice(1).map(function (name) {
    return pagefind.mergeIndex(base(name).pathname, opts(name));
  }));

  /* The archive's numbers, and which shard a result came from: Pagefind reports each
     result's shard size and average page length, which the manifest gives per shard. */
  var pages = 0, words = 0, byStats = {}, statsKey = {};
  shards.forEach(function (name, i) {
    var n = manifest.pages[i], w = manifest.words[i];
    pages += n; words += w;
    statsKey[name] = n + "/" + f(f(w) / f(n));
    /* two shards alike cannot be told apart by their numbers: they are asked one by one */
    byStats[statsKey[name]] = statsKey[name] in byStats ? null : name;
  });
  var archive = { pages: pages, length: f(f(words) / f(pages)) };
  var shardOf = function (r) {
    return r.params && byStats[r.params.total_pages + "/" + r.params.average_page_length];
  };
  var search = function (query, filters) { return pagefind.search(query, { filters: filters }); };
  var dates = null;
  var starts = manifest.starts || [], loaded = new Set();

  /* Make every shard load the index chunks that start with one of the query's words as
     Pagefind stems them, so it matches all their longer forms; true if any was new. */
  async function loadLongerForms(stems) {
    var words = starts.filter(function (w) {
      return !loaded.has(w) && stems.some(function (s) { return w.startsWith(s); });
    });
    words.forEach(function (w) { loaded.add(w); });
    if (words.length) await pagefind.preload(words.join(" "));
    return words.length > 0;
  }

  /* A shard's way of matching a term (EVERY, a shorter word, or "" for not at all);
     undefined when it matches the term but none of its results said how. */
  function kindOf(term, shard) {
    return term.count[shard] > 0 ? term.kinds[shard] : "";
  }

  /* For each query term: how every shard matches it, how the archive would, and its IDF. */
  async function readTerms(query, found) {
    var typed = queryWords(query);
    var stems = found.search_keywords || [];
    if (stems.length !== typed.length) return null;
    /* Pages per shard matching each word alone (Pagefind counts them before filtering). */
    var counts = typed.length === 1 ? [found.totalFilters[SHARD] || {}] : await Promise.all(
      typed.map(async function (word) {
        return (await search(word, NOTHING)).totalFilters[SHARD] || {};
      }));
    var terms = stems.map(function (stem, i) {
      return { stem: stem, typed: typed[i], count: counts[i], kinds: {} };
    });
    witness(terms, found.results, shardOf);
    for (let t of terms) {
      /* Shards none of whose pages came back: those holding the word itself match by prefix
         (a quoted search counts them, cheaply); the others are asked for the word alone. */
      var open = shards.filter(function (s) { return kindOf(t, s) === undefined; });
      if (open.length) {
        var itself = (await search('"' + t.typed + '"', NOTHING)).totalFilters[SHARD] || {};
        open.forEach(function (s) { if (itself[s] > 0) t.kinds[s] = EVERY; });
        open = open.filter(function (s) { return !(s in t.kinds); });
      }
      var known = open.filter(function (s) { return byStats[statsKey[s]]; });
      if (known.length) {
        witness([t], (await search(t.typed, { [SHARD]: { any: known } })).results, shardOf);
      }
      for (let s of open.filter(function (s) { return !byStats[statsKey[s]]; })) {
        witness([t], (await search(t.typed, { [SHARD]: { any: [s] } })).results, () => s);
      }
      var kinds = Object.values(t.kinds);
      t.match = kinds.includes(EVERY) ? EVERY : kinds.reduce(longer, "");
      var holding = 0;
      shards.forEach(function (s) {
        var kind = kindOf(t, s);
        if (kind === undefined || kind === t.match) holding += t.count[s] || 0;
      });
      t.idf = idf(archive.pages, holding);
    }
    return terms;
  }

  /* The whole index's results, in its best-match order. */
  async function find(query, filters) {
    var ranked = merged && query !== null && !EXACT.test(query);
    var found = await search(query, filters);
    if (ranked && await loadLongerForms(found.search_keywords || [])) {
      found = await search(query, filters);
    }
    var terms = null;
    if (ranked && found.results.length &&
        found.results.every(function (r) { return r.scores; })) {
      terms = await readTerms(query, found);
      var out = shards.filter(function (s) {
        return (terms || []).some(function (t) {
          var kind = kindOf(t, s);
          return t.match !== "" && kind !== undefined && kind !== t.match;
        });
      });
      if (out.length) {
        var keep = shards.filter(function (s) { return !out.includes(s); });
        var only = { [SHARD]: { any: keep.length ? keep : [NONE] } };
        found = await search(query, Object.assign({}, filters, only));
      }
    }
    var results = found.results.map(function (r) {
      return Object.assign(r, { score: terms ? score(r, terms, archive) : r.score });
    });
    if (merged) {
      results.sort(function (a, b) { return b.score - a.score || (a.id < b.id ? -1 : 1); });
    }
    return { results: results, filters: withoutShard(found.filters) };
  }

  async function loadDates() {
    if (dates) return dates;
    var tables = await Promise.all(shards.map(function (name) {
      return fetch(new URL("dates.json", base(name)), { cache: "no-cache" }).then(function (r) {
        return r.ok ? r.json() : {};
      });
    }));
    dates = Object.assign.apply(null, [{}].concat(tables));
    return dates;
  }

  return {
    shards: shards.length,
    filters: async function () { return withoutShard(await pagefind.filters()); },
    /* Like pagefind.search, with ``sort`` being "asc", "desc" or empty (best match). */
    search: async function (query, filters, sort) {
      var found = await find(query, filters || {});
      if (!found || !sort) return found;
      var table = await loadDates();
      var dated = found.results.filter(function (r) { return table[r.id] !== undefined; });
      var undated = found.results.filter(function (r) { return table[r.id] === undefined; });
      dated.sort(compareDated(sort, table));
      return Object.assign({}, found, { results: dated.concat(undated) });
    }
  };
}
