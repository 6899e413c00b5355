// Small comforts for reading, no dependencies.
(function () {
  "use strict";

  // Printing: open every collapsed block (all paragraphs, removed leftovers, data tables)
  // so the paper copy holds the whole briefing, and close them again afterwards.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.setAttribute("open", "");
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.removeAttribute("open"); });
    opened = [];
  });

  // Opened from disk (a USB stick, file://): links end in a folder ("../timeline/"), which a
  // browser shows as a file listing; point them at the folder's index.html instead.
  if (window.location.protocol === "file:") {
    document.querySelectorAll("a[href]").forEach(function (a) {
      var url = new URL(a.getAttribute("href"), window.location.href);
      if (url.protocol === "file:" && url.pathname.slice(-1) === "/") {
        url.pathname += "index.html";
        a.setAttribute("href", url.href);
      }
    });
  }
})();
