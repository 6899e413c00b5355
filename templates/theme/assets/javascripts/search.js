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

  var SPLIT = /[\s\u060c\u061b\u061f.,;:!?"«»()\[\]\/-]+/;
  function processTerm(term) {
    return term.split(SPLIT).filter(Boolean).map(searchKey).join(" ");
  }
  window.briefingSearchKey = searchKey;

  /* Instant answers: people, places, organisations and topics whose names (every
     spelling) or vocabulary match the words typed — from a small JSON loaded with the page,
     shown at once above Pagefind's full-text results. */
  var answers = [];
  function loadAnswers(box) {
    fetch(box.getAttribute("data-quick")).then(function (r) { return r.ok ? r.json() : []; })
      .then(function (data) { answers = data; }).catch(function () { answers = []; });
  }

  function matchAnswers(query) {
    var words = processTerm(query).split(" ").filter(Boolean);
    if (!words.length) return [];
    var scored = [];
    answers.forEach(function (a) {
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var w = words[i], last = i === words.length - 1, hit = 0;
        for (var j = 0; j < a.keys.length; j++) {
          if (a.keys[j] === w) { hit = 2; break; }
          if (last && w.length >= 3 && a.keys[j].indexOf(w) === 0) { hit = 1; }
        }
        if (!hit) return;
        score += hit;
      }
      scored.push([score + a.weight / 1e6, a]);
    });
    scored.sort(function (x, y) { return y[0] - x[0]; });
    return scored.slice(0, 3).map(function (x) { return x[1]; });
  }

  function showAnswers(box, query) {
    var found = query.trim() ? matchAnswers(query) : [];
    showList(box, "briefing-answers", "صفحات مطابقة", found.map(function (a) {
      return {url: a.url, title: a.title, note: a.note};
    }));
  }

  function rootOf(box) {  // the site's root, relative to this page, ending in "/"
    return (box.getAttribute("data-root") || ".").replace(/\/?$/, "/");
  }

  /* One list of links above Pagefind's results (instant answers, quick article hits). */
  function showList(box, kind, label, items) {
    var form = box.querySelector("form");
    if (!form) return;
    var list = form.querySelector("." + kind);
    if (!list) {
      list = document.createElement("ul");
      list.className = "briefing-quick " + kind;
      list.setAttribute("aria-label", label);
      form.insertBefore(list, form.querySelector(".pagefind-ui__drawer"));
    }
    var root = rootOf(box);
    list.innerHTML = "";
    list.setAttribute("aria-label", label);
    if (items.length && label.indexOf("«") >= 0) {  // a partial match says what it matched
      var head = document.createElement("li");
      head.className = "briefing-quick__note";
      head.textContent = label + ":";
      list.appendChild(head);
    }
    items.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.className = "briefing-quick__link " + kind + "__link";
      link.href = root + item.url;
      link.textContent = item.title;
      li.appendChild(link);
      if (item.note) {
        var note = document.createElement("span");
        note.className = "briefing-quick__note";
        note.textContent = " — " + item.note;
        li.appendChild(note);
      }
      list.appendChild(li);
    });
    list.hidden = !items.length;
  }

  /* Quick article hits (generator/search.py:hit_files): the best articles for the words
     typed, from one small file per word and one per article shown, while Pagefind ranks
     the full text (slow for words found on most of a large site). Every word must be
     among an article's best-scored words for it to show here; Pagefind finds the rest. */
  function bucket(text, count) {  // FNV-1a over UTF-16 code units, as search.py:bucket
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) { h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0; }
    return h % count;
  }
  window.briefingBucket = bucket;
  var files = {};
  function getJSON(url) {
    if (!files[url]) {
      files[url] = fetch(url).then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return files[url];
  }
  var asked = 0;
  function showHits(box, query) {
    var ticket = ++asked;
    var root = rootOf(box);
    var typed = query.split(SPLIT).filter(function (w) { return searchKey(w).length >= 2; });
    var words = typed.map(searchKey);
    var label = "مقالات مطابقة";
    if (!words.length) { showList(box, "briefing-hits", label, []); return; }
    getJSON(root + "assets/hits/index.json").then(function (index) {
      if (!index) return [];
      return Promise.all(words.map(function (w) {
        return getJSON(root + "assets/hits/terms-" + bucket(w, index.terms) + ".json")
          .then(function (terms) { return (terms && terms[w]) || [0, []]; });
      })).then(function (found) {
        var scores = {};
        found[0][1].forEach(function (h) { scores[h[0] + ":" + h[1]] = h[2]; });
        found.slice(1).forEach(function (entry) {
          var next = {};
          entry[1].forEach(function (h) {
            var id = h[0] + ":" + h[1];
            if (id in scores) next[id] = scores[id] + h[2];
          });
          scores = next;
        });
        if (!Object.keys(scores).length && words.length > 1 && found.every(function (e) { return e[0] > 0; })) {
          // no article among the best for every word: the best for the rarest word, said so
          var rarest = -1;
          found.forEach(function (entry, n) {
            if (entry[0] && (rarest < 0 || entry[0] < found[rarest][0])) rarest = n;
          });
          if (rarest >= 0) {
            found[rarest][1].forEach(function (h) { scores[h[0] + ":" + h[1]] = h[2]; });
            label = "مقالات فيها «" + typed[rarest] + "»";
          }
        }
        var top = Object.keys(scores).sort(function (a, b) { return scores[b] - scores[a]; }).slice(0, 3);
        return Promise.all(top.map(function (id) {
          var at = id.split(":");
          return getJSON(root + "assets/hits/docs-" + at[0] + ".json")
            .then(function (docs) { return docs && docs[+at[1]]; });
        }));
      });
    }).then(function (docs) {
      if (ticket !== asked) return;
      showList(box, "briefing-hits", label, (docs || []).filter(Boolean).map(function (d) {
        return {url: d[0], title: d[1], note: d[2]};
      }));
    });
  }

  /* Pagefind's UI (120 KB of script, 15 KB of style) loads only when the reader reaches
     for the search box — or when the page was opened with ?q= — so pages paint and
     respond sooner. Until then a plain box of the same look stands in for it. */
  var loading = false;
  function load(box) {
    if (loading) return;
    loading = true;
    if (window.location.protocol === "file:") {  // browsers refuse the index files from disk
      var note = document.createElement("p");
      note.className = "briefing-search-note";
      note.setAttribute("role", "status");
      note.textContent = "البحث يحتاج إلى فتح الموقع عبر خادم ويب (مثلاً: python -m http.server -d site)؛ " +
        "كل الصفحات والروابط تعمل من القرص، والبحث وحده لا يعمل.";
      box.appendChild(note);
      return;
    }
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = box.getAttribute("data-bundle") + "pagefind-ui.css";
    document.head.appendChild(style);
    // a large site's index comes in shards (generator/search_index.py): merge the others
    var shards = fetch(box.getAttribute("data-bundle") + "briefing-shards.json")
      .then(function (r) { return r.ok ? r.json() : []; })
      .catch(function () { return []; });
    var script = document.createElement("script");
    script.src = box.getAttribute("data-bundle") + "pagefind-ui.js";
    script.onload = function () { shards.then(function (list) { start(box, list); }); };
    document.head.appendChild(script);
    loadAnswers(box);
    getJSON(rootOf(box) + "assets/hits/index.json");  // one round trip less
  }

  function start(box, shards) {
    var rootURL = new URL(rootOf(box), document.baseURI);
    var stub = box.querySelector(".briefing-search-stub");
    var typed = stub ? stub.querySelector("input").value : "";
    var hadFocus = stub && stub.contains(document.activeElement);
    if (stub) stub.remove();
    var ui = new PagefindUI({
      element: "#briefing-search",
      bundlePath: new URL(box.getAttribute("data-bundle"), document.baseURI).pathname,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      excerptLength: 24,
      debounceTimeoutMs: 30,
      processTerm: processTerm,
      mergeIndex: (shards || []).map(function (path) {
        return { bundlePath: new URL(path, rootURL).pathname };
      })
    });
    var input = box.querySelector("input");
    if (input) {
      input.addEventListener("input", function () { showAnswers(box, input.value); showHits(box, input.value); });
      if (hadFocus) input.focus();
    }
    var query = typed || new URL(window.location.href).searchParams.get("q");
    if (query) {
      ui.triggerSearch(query);
      showHits(box, query);
      if (input) { input.value = query; }
      var waited = 0;
      (function whenLoaded() {  // the answers may still be on their way; show them once here
        if (answers.length || waited > 50) { showAnswers(box, query); return; }
        waited += 1;
        setTimeout(whenLoaded, 20);
      })();
    }
  }

  function init() {
    var box = document.getElementById("briefing-search");
    if (!box) return;
    if (new URL(window.location.href).searchParams.get("q")) { load(box); return; }
    var stub = box.querySelector(".briefing-search-stub");
    if (!stub) return;
    ["focusin", "pointerdown", "input", "keydown"].forEach(function (name) {
      stub.addEventListener(name, function () { load(box); });
    });
    stub.addEventListener("submit", function (event) { event.preventDefault(); load(box); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
