/* Arabic search for the briefing (Pagefind). A port of generator/search.py:search_key —
   the reader's words get the same keys the index holds, so every spelling meets. */
(function () {
  "use strict";
  var FOLD = {"أ":"ا","إ":"ا","آ":"ا","ٱ":"ا","ٲ":"ا","ٳ":"ا","ى":"ي","ئ":"ي","ی":"ي","ؤ":"و","ة":"ه",
    "ک":"ك","گ":"ك","ڤ":"ف","ڨ":"ق","پ":"ب","چ":"ج","غ":"ج"};
  for (var i = 0; i < 10; i++) {
    FOLD[String.fromCharCode(0x0660 + i)] = String(i);
    FOLD[String.fromCharCode(0x06F0 + i)] = String(i);
  }
  var MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]/g;
  var CLITICS = /^(?:[وف]?(?:بال|كال|لل|ال)|[وف]ال)(?=..)/;

  function searchKey(word) {
    var folded = word.normalize("NFC").replace(MARKS, "").toLowerCase().replace(/./g, function (c) {
      return FOLD[c] || c;
    });
    return folded.replace(CLITICS, "");
  }

  function processTerm(term) {
    return term.split(/[\s\u060c\u061b\u061f.,;:!?"«»()\[\]\/-]+/).filter(Boolean).map(searchKey).join(" ");
  }
  window.briefingSearchKey = searchKey;

  function start() {
    var box = document.getElementById("briefing-search");
    if (!box || typeof PagefindUI === "undefined") return;
    var ui = new PagefindUI({
      element: "#briefing-search",
      bundlePath: new URL(box.getAttribute("data-bundle"), document.baseURI).pathname,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      excerptLength: 24,
      debounceTimeoutMs: 30,
      processTerm: processTerm
    });
    var query = new URL(window.location.href).searchParams.get("q");
    if (query) {
      ui.triggerSearch(query);
      var input = box.querySelector("input");
      if (input) { input.value = query; }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
