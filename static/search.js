/* Faceted search over the Pagefind bundle. No framework, no network beyond this site.
   The state lives in the address (?q=…&speaker=…&sort=desc) so a search can be shared;
   every URL is resolved against the page, so the site works under any sub-path.
   Filters: checkboxes per facet (long ones narrowed by typing), and a From/To month range
   in place of one checkbox per month; on a narrow screen they wait behind a button so the
   results come first. */
(function () {
  "use strict";
  var FACETS = [
    ["speaker", "Speaker"], ["location", "Location"], ["year", "Year"],
    ["topic", "Topic"], ["counterpart", "Counterpart"], ["source", "Source"],
    ["basis", "Date basis"]
  ];
  var MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  var NARROW_FROM = 6; /* a facet with more values than this gets a box to narrow it */
  var PAGE = 20;
  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("search-q");
  var sortSelect = document.getElementById("search-sort");
  var filtersPanel = document.getElementById("search-filters");
  var filtersBox = document.getElementById("search-facets");
  var toggle = document.getElementById("search-filters-toggle");
  var toggleCount = document.getElementById("search-filters-count");
  var everything = {}; /* the whole archive's filter values and counts */
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var root = new URL(form.getAttribute("data-root"), window.location.href);
  var bundle = new URL(form.getAttribute("data-bundle"), window.location.href).href;
  var index = null;
  var script = document.currentScript;
  var state = { q: "", sort: "", filters: {}, from: "", to: "" };
  var results = [];
  var shown = 0;
  var generation = 0;

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    state.q = params.get("q") || "";
    state.sort = params.get("sort") || "";
    state.from = params.get("from") || "";
    state.to = params.get("to") || "";
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
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
    var query = params.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }

  /* The months of the archive (YYYY-MM, oldest first) that the From/To range takes in. */
  function monthsInRange() {
    if (!state.from && !state.to) return null;
    var low = state.from || "0000-00", high = state.to || "9999-99";
    if (low > high) { var swap = low; low = high; high = swap; }
    return Object.keys(everything.month || {}).filter(function (m) {
      return m >= low && m <= high;
    });
  }

  function activeFilters() {
    var n = 0;
    Object.keys(state.filters).forEach(function (k) { n += state.filters[k].length; });
    return n + (state.from || state.to ? 1 : 0);
  }

  function pagefindFilters(extra) {
    var out = {};
    Object.keys(state.filters).forEach(function (k) { out[k] = { any: state.filters[k] }; });
    var months = monthsInRange();
    /* A range with no month of the archive in it matches nothing: ask for a month no
       statement has rather than drop the filter. */
    if (months) out.month = { any: months.length ? months : ["none"] };
    if (extra) Object.keys(extra).forEach(function (k) { out[k] = extra[k]; });
    return out;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function monthLabel(value) {
    var parts = value.split("-");
    return MONTH_NAMES[Number(parts[1]) - 1] + " " + parts[0];
  }

  function rangeSelect(id, label, value, months) {
    var wrap = document.createDocumentFragment();
    wrap.appendChild(el("label", { "for": id }, label));
    var select = el("select", { id: id });
    select.appendChild(el("option", { value: "" }, "any month"));
    months.forEach(function (m) {
      var option = el("option", { value: m }, monthLabel(m));
      if (m === value) option.selected = true;
      select.appendChild(option);
    });
    wrap.appendChild(select);
    return { node: wrap, select: select };
  }

  /* From/To over the months the archive has, instead of a checkbox per month. */
  function drawDateRange() {
    var months = Object.keys(everything.month || {}).sort();
    if (!months.length) return;
    var fieldset = el("fieldset", { "class": "facet date-facet" });
    fieldset.appendChild(el("legend", {}, "Date range"));
    var grid = el("div", { "class": "date-range" });
    var from = rangeSelect("range-from", "From", state.from, months);
    var to = rangeSelect("range-to", "To", state.to, months);
    grid.appendChild(from.node);
    grid.appendChild(to.node);
    fieldset.appendChild(grid);
    [[from.select, "from"], [to.select, "to"]].forEach(function (pair) {
      pair[0].addEventListener("change", function () { state[pair[1]] = pair[0].value; run(); });
    });
    filtersBox.appendChild(fieldset);
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* A box that hides the values of a long facet that do not contain what is typed. */
  function narrowBox(key, title, ul) {
    var id = "narrow-" + key;
    var box = el("input", { type: "search", id: id, "class": "facet-narrow",
      placeholder: "Type to narrow", autocomplete: "off" });
    var label = el("label", { "for": id, "class": "visually-hidden" }, "Narrow the " + title.toLowerCase() + " list");
    box.addEventListener("input", function () {
      var wanted = fold(box.value.trim());
      ul.querySelectorAll("li").forEach(function (li) {
        li.hidden = wanted !== "" && fold(li.getAttribute("data-value")).indexOf(wanted) < 0;
      });
    });
    var frag = document.createDocumentFragment();
    frag.appendChild(label);
    frag.appendChild(box);
    return frag;
  }

  function drawFilters(counts, noResults) {
    filtersBox.textContent = "";
    if (noResults) {
      filtersBox.appendChild(el("p", { "class": "facet-empty" },
        "No statement matches: the counts below are for the whole archive."));
      counts = everything;
    }
    if (toggleCount) toggleCount.textContent = activeFilters() ? " (" + activeFilters() + ")" : "";
    FACETS.forEach(function (f) {
      var key = f[0];
      var chosen = state.filters[key] || [];
      if (key === "topic") drawDateRange();
      var values = Object.keys(counts[key] || {}).filter(function (v) {
        return counts[key][v] > 0 || chosen.indexOf(v) >= 0;
      });
      chosen.forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
      if (!values.length) return;
      var dated = key === "year";
      values.sort(function (a, b) {
        if (dated) return a === "Undated" ? 1 : b === "Undated" ? -1 : a < b ? 1 : -1;
        return ((counts[key] || {})[b] || 0) - ((counts[key] || {})[a] || 0) || a.localeCompare(b);
      });
      var fieldset = el("fieldset", { "class": "facet" });
      fieldset.appendChild(el("legend", {}, f[1]));
      var ul = el("ul");
      values.forEach(function (value, i) {
        var id = "facet-" + key + "-" + i;
        var li = el("li", { "data-value": value });
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
      if (values.length > NARROW_FROM) fieldset.appendChild(narrowBox(key, f[1], ul));
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
    var h = el("h3", { "class": "statement-title" }); /* under the page's "Results" h2 */
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
    var hasFilters = activeFilters() > 0;
    list.textContent = "";
    shown = 0;
    results = [];
    more.hidden = true;
    if (!query && !hasFilters) {
      drawFilters(await index.filters());
      status.textContent = "Type words to find, or tick a filter.";
      return;
    }
    status.textContent = "Searching…";
    var found = await index.search(query, pagefindFilters(), state.sort);
    if (!found || mine !== generation) return;
    var items = found.results;
    results = items;
    drawFilters(found.filters || {}, items.length === 0);
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
  if (toggle) {
    filtersPanel.classList.add("collapsible");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = !filtersPanel.classList.contains("open");
      filtersPanel.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", String(open));
    });
  }

  readAddress();
  /* The index is in shards (pagefind/shards.json); search-index.js merges them. */
  import(new URL("search-index.js", script.src).href).then(async function (module) {
    index = await module.openIndex(bundle, root.pathname);
    everything = await index.filters(); /* also makes searches report counts per value */
    await run();
  }).catch(function () {
    status.textContent = "The search index could not be loaded (search works when the site " +
      "is served over http, not opened from disk).";
  });
})();
