/* A speaker's quotations: narrow the list by typing, and copy a quotation with its
   citation in one click. Without scripts the list and each citation are still there. */
(function () {
  "use strict";
  var items = [].slice.call(document.querySelectorAll(".quote-item"));
  var narrow = document.querySelector(".quotes-narrow");
  var input = document.getElementById("quotes-filter");
  var status = document.getElementById("quotes-status");
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  if (narrow && input) {
    narrow.hidden = false;
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var shown = 0;
      items.forEach(function (item) {
        var hit = !wanted || fold(item.querySelector("blockquote").textContent).indexOf(wanted) >= 0;
        item.hidden = !hit;
        if (hit) shown += 1;
      });
      status.textContent = wanted ? shown + " of " + items.length + " quotations shown." : "";
    });
  }
  items.forEach(function (item) {
    var citation = item.querySelector(".citation");
    if (!citation || !navigator.clipboard) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-quote";
    button.textContent = "Copy with citation";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(citation.textContent).then(function () {
        button.textContent = "Copied";
      }, function () {
        button.textContent = "Copy failed: select the citation below";
      });
    });
    item.querySelector(".quote-cite").before(button);
  });
})();
