/* The search index as one: the shards listed in pagefind/shards.json, merged.
   The site writes its Pagefind index in shards so that an edit re-indexes one shard, not all
   (src/sana_archive/search.py). Every statement is in exactly one shard, so the merged
   results and filter counts are those of one whole index. Date order is not: Pagefind ranks
   a sorted search by a page's position inside its own shard, so this module sorts by the
   keys each shard lists in its dates.json instead (the page's data-sort: its date, then its
   URL, the key Pagefind sorts on), newest or oldest first, undated last in relevance order. */

function compareDated(direction, dates) {
  var sign = direction === "asc" ? 1 : -1;
  return function (a, b) {
    var x = dates[a.id], y = dates[b.id];
    return x === y ? 0 : x < y ? -sign : sign;
  };
}

export async function openIndex(manifestUrl, rootPath) {
  var manifest = await (await fetch(manifestUrl, { cache: "no-cache" })).json();
  var shards = manifest.shards || [];
  if (!shards.length) throw new Error("the search index lists no shards");
  var base = function (name) { return new URL(name + "/", manifestUrl); };
  var pagefind = await import(new URL("pagefind.js", base(shards[0])).href);
  await pagefind.options({ baseUrl: rootPath });
  await pagefind.init();
  await Promise.all(shards.slice(1).map(function (name) {
    return pagefind.mergeIndex(base(name).pathname, { baseUrl: rootPath });
  }));
  var dates = null;

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
    filters: function () { return pagefind.filters(); },
    /* Like pagefind.search, with ``sort`` being "asc", "desc" or empty (best match). */
    search: async function (query, filters, sort) {
      var found = await pagefind.search(query, { filters: filters });
      if (!found || !sort) return found;
      var table = await loadDates();
      var dated = found.results.filter(function (r) { return table[r.id] !== undefined; });
      var undated = found.results.filter(function (r) { return table[r.id] === undefined; });
      dated.sort(compareDated(sort, table));
      return Object.assign({}, found, { results: dated.concat(undated) });
    }
  };
}
