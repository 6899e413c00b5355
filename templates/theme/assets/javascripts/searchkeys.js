/* Search keys: a port of generator/site/terms.py (form_key) and generator/arabic.py
   (search_key, WORD), so a reader's words become the keys the index holds, and excerpts of
   a page's own text with the words that match marked. A browser test checks that Python
   and this file agree. The number and gender rules (knowledge/search_forms.yml) come from
   assets/search-forms.json: setForms() before formKey(). */
(function () {
  "use strict";
  var FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا", "ى": "ي", "ئ": "ي", "ی": "ي", "ؤ": "و",
    "ة": "ه", "ک": "ك", "گ": "ك", "ڤ": "ف", "ڨ": "ق", "پ": "ب", "چ": "ج", "غ": "ج"};
  for (var i = 0; i < 10; i++) {
    FOLD[String.fromCharCode(0x0660 + i)] = String(i);
    FOLD[String.fromCharCode(0x06F0 + i)] = String(i);
  }
  var MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]/g;
  var CLITICS = /^(?:[وف]?(?:بال|كال|لل|ال)|[وف]ال)(?=..)/;
  var WORD = /[\p{L}\p{N}_\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+/gu;  // arabic.WORD
  var forms = {mark: "_", endings: [], plurals: new Map(), keep: new Set(), names: new Set(), nameClitics: [],
    clinging: new Set(), weights: {}, kinds: {}};

  function setForms(data) {
    forms = {mark: data.mark, endings: data.endings, plurals: new Map(Object.entries(data.plurals)),
      keep: new Set(data.keep), names: new Set(data.names), nameClitics: data.name_clitics,
      clinging: new Set(data.names.filter(function (n) { return n.indexOf("ال") !== 0; }).concat(data.clinging)),
      weights: data.weights, kinds: data.kinds};
    return forms;
  }

  function searchKey(word) {  // arabic.search_key
    var folded = word.normalize("NFC").replace(MARKS, "").toLowerCase().replace(/./gu, function (c) {
      return FOLD[c] || c;
    });
    return folded.replace(CLITICS, "");
  }

  function reduce(key) {  // SearchForms.reduce
    if (forms.names.has(key) || forms.keep.has(key)) return key;
    for (var c = 0; c < forms.nameClitics.length; c++) {
      var clitic = forms.nameClitics[c], rest = key.slice(clitic.length);
      if (key.indexOf(clitic) === 0 && rest.length >= 3 && forms.clinging.has(rest)) { key = rest; break; }
    }
    if (forms.names.has(key)) return key;
    key = forms.plurals.get(key) || key;
    if (forms.keep.has(key) || forms.names.has(key)) return key;
    for (var i = 0; i < forms.endings.length; i++) {
      var ending = forms.endings[i][0], least = forms.endings[i][1];
      if (key.length - ending.length >= least && key.slice(-ending.length) === ending) {
        return key.slice(0, -ending.length);
      }
    }
    return key;
  }

  function formKey(word) { return reduce(searchKey(word)); }

  /* A word written with و or ف in front and no ال, without it (search._without_conjunction). */
  function withoutConjunction(word) {
    var key = searchKey(word);
    if (key.length < 4 || "وف".indexOf(key[0]) < 0 || forms.names.has(key)) return "";
    return reduce(key.slice(1));
  }
  function wordsOf(text) { return text.match(WORD) || []; }

  /* [{word, key}] of the words typed whose key has two letters or more. */
  function queryWords(query) {
    return wordsOf(query).map(function (w) { return {word: w, key: formKey(w)}; })
      .filter(function (w) { return w.key.length >= 2; });
  }

  /* The keys of the words typed, and of each two of them joined (بيونغ يانغ meets
     بيونغيانغ, as search.spelling_keys files a two-word name). */
  function wantedKeys(words) {
    var all = new Set(words.map(function (w) { return w.key; }));
    for (var i = 1; i < words.length; i++) all.add(formKey(words[i - 1].word + words[i].word));
    return all;
  }

  function escapeHTML(text) {
    return text.replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"}[c]; });
  }

  /* For each whitespace-separated token of a page's text: whether it holds a word the
     query wants (``wanted``: a Set of keys; ``prefix``: a key being typed, or ""). */
  function matches(tokens, wanted, prefix) {
    var words = tokens.map(wordsOf);
    var keys = words.map(function (ws) {
      return ws.map(formKey).concat(ws.map(withoutConjunction).filter(Boolean));
    });
    var hit = function (k) { return wanted.has(k) || (prefix && k.indexOf(prefix) === 0); };
    var marked = keys.map(function (ks) { return ks.some(hit); });
    for (var i = 1; i < words.length; i++) {  // a name written in two words, asked for as one
      var a = words[i - 1], b = words[i];
      if (a.length && b.length && wanted.has(formKey(a[a.length - 1] + b[0]))) marked[i - 1] = marked[i] = true;
    }
    return {marked: marked, keys: keys};
  }

  /* Where a window of ``length`` tokens holds the most different wanted words (then the
     most marked tokens); 0 when none is marked. */
  function bestStart(found, length) {
    var best = 0, bestScore = 0;
    for (var start = 0; start < found.marked.length; start++) {
      if (!found.marked[start]) continue;
      var from = Math.max(0, start - 4), seen = new Set(), count = 0;
      for (var i = from; i < Math.min(found.marked.length, from + length); i++) {
        if (!found.marked[i]) continue;
        count += 1;
        found.keys[i].forEach(function (k) { seen.add(k); });
      }
      var score = seen.size * 1000 + count;
      if (score > bestScore) { bestScore = score; best = from; }
    }
    return best;
  }

  /* {html, start, marked}: ``length`` tokens of ``content`` around the best match, the
     matching words in <mark>, HTML-escaped; an ellipsis where text was cut. */
  function excerpt(content, wanted, prefix, length) {
    var tokens = content.split(/\s+/).filter(Boolean);
    var found = matches(tokens, wanted, prefix);
    var start = bestStart(found, length), end = Math.min(tokens.length, start + length), marked = 0;
    var parts = [];
    for (var i = start; i < end; i++) {
      var text = escapeHTML(tokens[i]);
      if (found.marked[i]) { marked += 1; text = "<mark>" + text + "</mark>"; }
      parts.push(text);
    }
    var html = (start > 0 ? "… " : "") + parts.join(" ") + (end < tokens.length ? " …" : "");
    return {html: html, start: start, marked: marked};
  }

  window.briefingKeys = {
    setForms: setForms, searchKey: searchKey, formKey: formKey, withoutConjunction: withoutConjunction,
    reduce: reduce, wordsOf: wordsOf,
    queryWords: queryWords, wantedKeys: wantedKeys, excerpt: excerpt, escapeHTML: escapeHTML,
    forms: function () { return forms; }
  };
})();
