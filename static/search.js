/* Faceted search over the Pagefind bundle. No framework, no network beyond this site.
   The state lives in the address (?q=…&speaker=…&sort=desc) so a search can be shared;
   every URL is resolved against the page, so the site works under any sub-path. */
(function () {
  "use strict";
  var FACETS = [
    ["speaker", "Speaker"], ["location", "Location"], ["year", "Year"], ["month", "Month"],
    ["topic", "Topic"], ["counterpart", "Counterpart"], ["source", "Source"]
  ];
  var PAGE = 20;
  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("search-q");
  var sortSelect = document.getElementById("search-sort");
  var filtersBox = document.getElementById("search-filters");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var root = new URL(form.getAttribute("data-root"), window.location.href);
  var bundle = new URL(form.getAttribute("data-bundle"), window.location.href).href;
  var pagefind = null;
  var state = { q: "", sort: "", filters: {} };
  var results = [];
  var shown = 0;
  var generation = 0;

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    state.q = params.get("q") || "";
    state.sort = params.get("sort") || "";
    state.filters = {};
    FACETS.forEach(function (f) {
      var values = params.getAll(f[0]);
      if (values.length) state.filters[f[0]] = values;
    });
    input.value = state.q;
    sortSelect.value = state.sort;
  }

  function writeAddress() {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.sort) params.set("sort", state.sort);
    FACETS.forEach(function (f) {
      (state.filters[f[0]] || []).forEach(function (v) { params.append(f[0], v); });
    });
    var query = params.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }

  function pagefindFilters(extra) {
    var out = {};
    Object.keys(state.filters).forEach(function (k) { out[k] = { any: state.filters[k] }; });
    if (extra) Object.keys(extra).forEach(function (k) { out[k] = extra[k]; });
    return out;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function drawFilters(counts) {
    filtersBox.textContent = "";
    FACETS.forEach(function (f) {
      var key = f[0];
      var chosen = state.filters[key] || [];
      var values = Object.keys(counts[key] || {}).filter(function (v) {
        return counts[key][v] > 0 || chosen.indexOf(v) >= 0;
      });
      chosen.forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
      if (!values.length) return;
      var dated = key === "year" || key === "month";
      values.sort(function (a, b) {
        if (dated) return a === "Undated" ? 1 : b === "Undated" ? -1 : a < b ? 1 : -1;
        return ((counts[key] || {})[b] || 0) - ((counts[key] || {})[a] || 0) || a.localeCompare(b);
      });
      var fieldset = el("fieldset", { "class": "facet" });
      fieldset.appendChild(el("legend", {}, f[1]));
      var ul = el("ul");
      values.forEach(function (value, i) {
        var id = "facet-" + key + "-" + i;
        var li = el("li");
        var box = el("input", { type: "checkbox", id: id, value: value });
        box.checked = chosen.indexOf(value) >= 0;
        box.addEventListener("change", function () {
          var now = state.filters[key] || [];
          now = box.checked ? now.concat([value]) : now.filter(function (v) { return v !== value; });
          if (now.length) state.filters[key] = now; else delete state.filters[key];
          run();
        });
        var label = el("label", { "for": id }, value + " ");
        label.appendChild(el("span", { "class": "count" }, String((counts[key] || {})[value] || 0)));
        li.appendChild(box);
        li.appendChild(label);
        ul.appendChild(li);
      });
      fieldset.appendChild(ul);
      filtersBox.appendChild(fieldset);
    });
  }

  /* The quotation paragraph a hit falls in, so the link can land on it. */
  function quoteAnchor(data) {
    var first = (data.locations || [])[0];
    if (first === undefined) return "";
    var hit = "";
    (data.anchors || []).forEach(function (a) {
      var words = (a.text || "").split(/\s+/).filter(Boolean).length;
      if (/^quote-\d+$/.test(a.id) && first >= a.location && first <= a.location + words) hit = a.id;
    });
    return hit ? "#" + hit : "";
  }

  function drawResult(data) {
    var li = el("li", { "class": "statement" });
    var h = el("h3", { "class": "statement-title" });
    var meta = data.meta || {};
    var anchor = quoteAnchor(data);
    h.appendChild(el("a", { href: data.url + anchor }, meta.title || data.url));
    li.appendChild(h);
    var line = el("p", { "class": "meta" });
    if (meta.date) line.appendChild(el("time", { datetime: meta.date }, meta.date));
    else line.appendChild(el("span", { "class": "undated" }, "date unknown"));
    [meta.location, meta.speakers].forEach(function (part) {
      if (part) line.appendChild(document.createTextNode(" · " + part.replace(/\s+/g, " ").trim()));
    });
    if (anchor) line.appendChild(document.createTextNode(" · in a quotation"));
    li.appendChild(line);
    var excerpt = el("p", { "class": "excerpt" });
    excerpt.innerHTML = data.excerpt; /* Pagefind escapes the text and adds only <mark>. */
    li.appendChild(excerpt);
    return li;
  }

  async function showMore(mine) {
    var slice = results.slice(shown, shown + PAGE);
    var datas = await Promise.all(slice.map(function (r) { return r.data(); }));
    if (mine !== generation) return;
    datas.forEach(function (d) { list.appendChild(drawResult(d)); });
    shown += slice.length;
    more.hidden = shown >= results.length;
  }

  async function run() {
    var mine = ++generation;
    writeAddress();
    var query = state.q.trim() || null;
    var hasFilters = Object.keys(state.filters).length > 0;
    list.textContent = "";
    shown = 0;
    results = [];
    more.hidden = true;
    if (!query && !hasFilters) {
      drawFilters(await pagefind.filters());
      status.textContent = "Type words to find, or tick a filter.";
      return;
    }
    status.textContent = "Searching…";
    var options = { filters: pagefindFilters() };
    if (state.sort) options.sort = { date: state.sort };
    var found = await pagefind.search(query, options);
    if (!found || mine !== generation) return;
    var items = found.results;
    var years = state.filters.year;
    if (state.sort && (!years || years.indexOf("Undated") >= 0)) {
      /* Pagefind leaves pages without a sort value out of sorted results: add the undated
         statements after the dated ones, in relevance order, rather than lose them. */
      var undated = await pagefind.search(query, { filters: pagefindFilters({ year: "Undated" }) });
      if (mine !== generation) return;
      var seen = {};
      items.forEach(function (r) { seen[r.id] = true; });
      items = items.concat(undated.results.filter(function (r) { return !seen[r.id]; }));
    }
    results = items;
    drawFilters(found.filters || {});
    status.textContent = results.length + " statement" + (results.length === 1 ? "" : "s") +
      (query ? " for “" + query + "”" : "") + ".";
    await showMore(mine);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    state.q = input.value;
    state.sort = sortSelect.value;
    run();
  });
  sortSelect.addEventListener("change", function () { state.sort = sortSelect.value; run(); });
  more.addEventListener("click", function () { showMore(generation); });

  readAddress();
  import(bundle).then(async function (module) {
    pagefind = module;
    await pagefind.options({ baseUrl: root.pathname });
    await pagefind.init();
    await pagefind.filters(); /* loads the filter index, so searches report counts per value */
    await run();
  }).catch(function () {
    status.textContent = "The search index could not be loaded (search works when the site " +
      "is served over http, not opened from disk).";
  });
})();
