/* A statement's citation files, one click each. The page shows every format once, as text
   to copy; the download links are made here from those same texts, so the page does not
   carry each file twice. RIS is saved with the CRLF line ends its readers expect. Without
   scripts the texts are still there to copy. */
(function () {
  "use strict";
  var holder = document.querySelector(".cite-files");
  if (!holder) return;
  var blocks = [].slice.call(document.querySelectorAll("pre.cite-code[data-file]"));
  blocks.forEach(function (pre, index) {
    var text = pre.textContent;
    if (pre.hasAttribute("data-crlf")) text = text.replace(/\r?\n/g, "\r\n");
    var link = document.createElement("a");
    link.href = "data:" + pre.getAttribute("data-type") + ";charset=utf-8," +
      encodeURIComponent(text);
    link.download = pre.getAttribute("data-file");
    link.textContent = pre.parentNode.querySelector("summary").textContent;
    if (index) holder.appendChild(document.createTextNode(" · "));
    holder.appendChild(link);
  });
  holder.hidden = blocks.length === 0;
})();
