/* The search box. Results come in three labelled groups: the pages the words typed name
   (people, places, organisations, topics: at once, from assets/quick-answers.json), the
   articles about them (at once from the quick-hits index, assets/hits/, then ranked by
   Pagefind with an excerpt of each article's own words) and other pages that mention
   them. Words become search keys as the index holds them (searchkeys.js). */
(function () {
  "use strict";
  var K = window.briefingKeys;
  var ARTICLES = 8, OTHERS = 3, PAGES = 4, EXCERPT = 28;  // shown at a time; words in an excerpt
  var TYPING_PAUSE = 120;  // ms after a keystroke before the full-text search
  var box, input, results, root;
  var asked = 0;

  var files = {};
  function getJSON(url) {
    if (!files[url]) {
      files[url] = fetch(url).then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return files[url];
  }
  function path(url) { return new URL(url, document.baseURI).pathname; }
  function bundle(name) { return new URL(box.getAttribute("data-bundle") + name, document.baseURI).href; }

  /* What search needs, fetched once on first use: the forms (number and gender rules),
     the instant answers and the quick-hits index's size. */
  var ready = null;
  function prepare() {
    if (!ready) {
      ready = Promise.all([getJSON(root + "assets/search-forms.json"), getJSON(box.getAttribute("data-quick")),
        getJSON(root + "assets/hits/index.json")]).then(function (got) {
        if (got[0]) K.setForms(got[0]);
        return {answers: got[1] || [], hits: got[2]};
      });
    }
    return ready;
  }

  /* Pagefind (its JavaScript API: no UI of its own), ranking by the fields of
     generator/site/search.py, with a large site's other shards merged in. */
  var engine = null;
  function pagefind() {
    if (!engine) {
      var base = new URL(root, document.baseURI).pathname;
      engine = Promise.all([import(bundle("pagefind.js")), getJSON(bundle("briefing-shards.json")), prepare()])
        .then(async function (got) {
          var pf = got[0], options = {baseUrl: base, ranking: {metaWeights: K.forms().weights}};
          await pf.options(options);
          for (var shard of got[1] || []) await pf.mergeIndex(new URL(shard, new URL(root, document.baseURI)).pathname, options);
          await pf.init();
          box.setAttribute("data-ready", "");  // the benchmark times queries from here
          return pf;
        });
    }
    return engine;
  }

  /* A query: the words typed, their keys, and what an excerpt marks. While the reader is
     typing, the last word may be the start of a longer one. */
  function makeQuery(text, typing) {
    var words = K.queryWords(text), mark = K.forms().mark;
    var last = words.length ? words[words.length - 1].key : "";
    var prefix = typing && !/\s$/.test(text) && last.length >= 3 ? last : "";
    var exact = words.map(function (w) { return w.key; }).slice(0, prefix ? -1 : undefined);
    var term = exact.map(function (k) { return k + mark; }).concat(prefix ? [prefix] : []).join(" ");
    return {text: text.trim(), words: words, exact: exact, prefix: prefix, term: term, wanted: K.wantedKeys(words)};
  }

  function search(text, typing, asTyped) {
    var ticket = ++asked;
    prepare().then(function (data) {
      if (ticket !== asked) return;
      var q = makeQuery(text, typing);
      if (!q.words.length) { render(null); return; }
      var view = {q: q, asTyped: asTyped, pages: answersFor(q, data.answers), articles: [], others: [], next: {},
        done: false};
      render(view);
      quickHits(q, data.hits).then(function (hits) {
        if (ticket !== asked || view.done) return;
        view.articles = hits.items;
        view.articlesLabel = hits.label;
        render(view);
      });
      setTimeout(function () { if (ticket === asked) fullText(q, view, ticket, data.answers); }, typing ? TYPING_PAUSE : 0);
    });
  }

  function fullText(q, view, ticket, answers) {
    pagefind().then(function (pf) {
      return Promise.all([pf.search(q.term, {filters: {group: "article"}}), pf.search(q.term, {filters: {group: "page"}})]);
    }).then(function (found) {
      var shown = new Set(view.pages.map(function (p) { return path(p.url); }));
      // other pages that mention the words wait for the reader: at 10,000 articles a
      // place's page is ~100 KB of text to fetch
      view.next.others = found[1].results.length ? function () { return take(found[1].results, 0, OTHERS, q, shown); } : null;
      return take(found[0].results, 0, ARTICLES, q, shown);
    }).then(function (got) {
      if (ticket !== asked) return;
      if (got.items.length || !view.articles.length) {
        view.articles = got.items;
        view.articlesLabel = null;
      }
      view.next.articles = got.more;
      // nothing else found: the other pages now, to know whether there is anything at all
      return nothing(view) && view.next.others ? view.next.others() : {items: [], more: view.next.others};
    }).then(function (got) {
      if (!got || ticket !== asked) return;
      view.others = got.items;
      view.next.others = got.more;
      view.done = true;
      var corrected = !view.asTyped && nothing(view) && correction(q, answers);
      if (corrected) { search(corrected, false, q.text); return; }
      render(view);
    }).catch(function () {
      if (ticket !== asked) return;
      view.done = true;
      render(view);
    });
  }

  function nothing(view) { return !view.pages.length && !view.articles.length && !view.others.length; }

  /* ``count`` results of Pagefind's ``list`` from ``from`` on that hold every word typed
     (Pagefind also offers, for a word no page has, pages with a shorter word), each with
     its data loaded; and a function for the next ones. */
  async function take(list, from, count, q, skip) {
    var items = [], i = from;
    while (items.length < count && i < list.length) {
      var batch = list.slice(i, i + count - items.length);
      i += batch.length;
      var data = await Promise.all(batch.map(function (r) { return r.data(); }));
      data.forEach(function (d) {
        if (holds(d, q) && !skip.has(path(d.url))) items.push(resultItem(d, q));
      });
    }
    var more = i < list.length ? function () { return take(list, i, count, q, skip); } : null;
    return {items: items, more: more};
  }

  function holds(d, q) {
    var keys = new Set((d.meta.keys || "").split(" ")), mark = K.forms().mark;
    var all = q.exact.every(function (k) { return keys.has(k + mark); });
    return all && (!q.prefix || Array.from(keys).some(function (k) { return k.indexOf(q.prefix) === 0; }));
  }

  /* A result: the page's title, kind, date and outlet (or note), and an excerpt of its own
     text around the words typed, linked to the paragraph the excerpt starts in. */
  function resultItem(d, q) {
    var ex = K.excerpt(d.content, q.wanted, q.prefix, EXCERPT);
    if (!ex.marked) ex = K.excerpt(d.content.split(/\s+/).slice(firstParagraph(d)).join(" "), q.wanted, "", EXCERPT);
    var anchor = anchorAt(d, ex.marked ? ex.start : firstParagraph(d));
    var line = [d.meta.outlet, d.meta.when].filter(Boolean).join(" — ") || d.meta.note || "";
    return {url: d.url + (anchor ? "#" + anchor : ""), title: d.meta.title, kind: d.meta.kind, line: line,
      excerpt: ex.html, from: "full"};
  }

  function paragraphAnchors(d) {
    return (d.anchors || []).filter(function (a) { return /^p-\d+$/.test(a.id); });
  }
  function firstParagraph(d) {
    var first = paragraphAnchors(d)[0];
    return first ? first.location : 0;
  }
  function anchorAt(d, location) {
    var found = "";
    paragraphAnchors(d).forEach(function (a) { if (a.location <= location) found = a.id; });
    return found;
  }

  /* Instant answers: the pages whose names (every spelling) or vocabulary hold every word
     typed; the words of a person's or place's other spellings are then marked in excerpts. */
  function answersFor(q, answers) {
    var scored = [];
    answers.forEach(function (a) {
      var score = 0;
      for (var i = 0; i < q.words.length; i++) {
        var hit = wordIn(q.words[i].key, a.keys, i === q.words.length - 1 && q.prefix);
        if (!hit) return;
        score += hit;
      }
      scored.push([score + a.weight / 1e6, a]);
    });
    scored.sort(function (x, y) { return y[0] - x[0]; });
    return scored.slice(0, PAGES).map(function (x) {
      var a = x[1];
      if (a.kind !== "topic") a.keys.forEach(function (k) { q.wanted.add(k); });
      return {url: root + a.url, title: a.title, kind: K.forms().kinds[a.kind], line: a.note, from: "quick"};
    });
  }
  function wordIn(key, keys, prefix) {
    if (keys.indexOf(key) >= 0) return 2;
    return prefix && keys.some(function (k) { return k.indexOf(key) === 0; }) ? 1 : 0;
  }

  /* A query that found nothing: each word a letter away from a name or topic word
     (a letter more, less, changed or two swapped) is read as that word. */
  function correction(q, answers) {
    var known = new Map();
    answers.forEach(function (a) {
      a.keys.forEach(function (k) { known.set(k, Math.max(known.get(k) || 0, a.weight)); });
    });
    var changed = false;
    var words = q.words.map(function (w) {
      if (known.has(w.key) || w.key.length < 4) return w.key;
      var best = null;
      known.forEach(function (weight, k) {
        if (oneApart(w.key, k) && (!best || weight > known.get(best))) best = k;
      });
      if (best) changed = true;
      return best || w.key;
    });
    return changed ? words.join(" ") : null;
  }
  function oneApart(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /* Quick article hits (generator/search_hits.py): the best articles for the words
     typed, from one small file per word and one per article shown, while Pagefind ranks
     the full text. Every word must be among an article's best-scored words for it to show
     here; when none is, the best for the rarest word, said so. */
  function bucket(text, count) {  // FNV-1a over UTF-16 code units, as search_hits.bucket
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) { h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0; }
    return h % count;
  }
  function quickHits(q, index) {
    var words = q.words.map(function (w) { return w.key; });
    if (!index) return Promise.resolve({items: []});
    return Promise.all(words.map(function (w) {
      return getJSON(root + "assets/hits/terms-" + bucket(w, index.terms) + ".json")
        .then(function (terms) { return (terms && terms[w]) || [0, []]; });
    })).then(function (found) {
      var best = bestHits(found), label = null;
      if (best.rarest >= 0) label = "مقالات فيها «" + q.words[best.rarest].word + "»";
      return Promise.all(best.top.map(function (id) {
        var at = id.split(":");
        return getJSON(root + "assets/hits/docs-" + at[0] + ".json").then(function (docs) { return docs && docs[+at[1]]; });
      })).then(function (docs) {
        return {label: label, items: docs.filter(Boolean).map(function (d) {
          return {url: root + d[0], title: d[1], kind: K.forms().kinds.article, line: d[2], from: "quick"};
        })};
      });
    });
  }
  function bestHits(found) {
    var scores = {}, rarest = -1;
    found[0][1].forEach(function (h) { scores[h[0] + ":" + h[1]] = h[2]; });
    found.slice(1).forEach(function (entry) {
      var next = {};
      entry[1].forEach(function (h) { var id = h[0] + ":" + h[1]; if (id in scores) next[id] = scores[id] + h[2]; });
      scores = next;
    });
    if (!Object.keys(scores).length && found.length > 1 && found.every(function (e) { return e[0] > 0; })) {
      found.forEach(function (entry, n) { if (entry[0] && (rarest < 0 || entry[0] < found[rarest][0])) rarest = n; });
      found[rarest][1].forEach(function (h) { scores[h[0] + ":" + h[1]] = h[2]; });
    }
    var top = Object.keys(scores).sort(function (a, b) { return scores[b] - scores[a]; }).slice(0, 3);
    return {top: top, rarest: rarest};
  }

  /* The results, grouped: pages the words name, articles, other pages mentioning them. */
  function render(view) {
    results.textContent = "";
    results.hidden = !view;
    if (!view) return;
    results.setAttribute("data-state", view.done ? "done" : "busy");
    var status = element("p", "briefing-results__status", statusText(view));
    status.setAttribute("role", "status");
    results.appendChild(status);
    addGroup("pages", "صفحات", view.pages);
    addGroup("articles", view.articlesLabel || "مقالات", view.articles, loadMore(view, "articles"), "مقالات أخرى");
    addGroup("others", "تَرِد أيضاً في", view.others, loadMore(view, "others"),
      view.others.length ? "صفحات أخرى" : "صفحات أخرى تذكرها");
  }

  /* A button's action: the next results of a group, from the loader in ``view.next``. */
  function loadMore(view, group) {
    var loader = view.done && view.next[group];
    if (!loader) return null;
    return function () {
      results.setAttribute("data-state", "busy");
      loader().then(function (got) {
        view[group] = view[group].concat(got.items);
        view.next[group] = got.more;
        render(view);
      });
    };
  }

  function statusText(view) {
    var said = view.asTyped ? "لا نتائج لـ «" + view.asTyped + "»؛ النتائج لـ «" + view.q.text + "»" : "";
    if (!view.done) return said || "جارٍ البحث…";
    if (nothing(view)) return "لا نتائج لـ «" + view.q.text + "»";
    return said;
  }

  function addGroup(name, label, items, more, moreLabel) {
    if (!items.length && !more) return;
    var group = element("section", "briefing-group briefing-group--" + name);
    group.setAttribute("aria-label", label);
    if (items.length) {
      group.appendChild(element("p", "briefing-group__title", label));
      var list = element("ol", "briefing-group__list");
      items.forEach(function (item) { list.appendChild(resultElement(item)); });
      group.appendChild(list);
    }
    if (more) {
      var button = element("button", "briefing-group__more", moreLabel);
      button.type = "button";
      button.addEventListener("click", more);
      group.appendChild(button);
    }
    results.appendChild(group);
  }

  function resultElement(item) {
    var li = element("li", "briefing-result");
    li.setAttribute("data-from", item.from);
    var link = element("a", "briefing-result__link", item.title);
    link.href = item.url;
    li.appendChild(link);
    var line = element("p", "briefing-result__line");
    line.appendChild(element("span", "briefing-result__kind", item.kind || ""));
    if (item.line) line.appendChild(document.createTextNode(" " + item.line));
    li.appendChild(line);
    if (item.excerpt) {
      var excerpt = element("p", "briefing-result__excerpt");
      excerpt.innerHTML = item.excerpt;  // escaped by searchkeys.excerpt, <mark> ours
      li.appendChild(excerpt);
    }
    return li;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  /* Opened from disk (file://), browsers refuse the index files: say so once. */
  function fromDisk() {
    if (window.location.protocol !== "file:" || box.querySelector(".briefing-search-note")) {
      return window.location.protocol === "file:";
    }
    var note = element("p", "briefing-search-note", "البحث يحتاج إلى فتح الموقع عبر خادم ويب (مثلاً: python -m http.server -d site)؛ " +
      "كل الصفحات والروابط تعمل من القرص، والبحث وحده لا يعمل.");
    note.setAttribute("role", "status");
    box.appendChild(note);
    return true;
  }

  function warmUp() { if (!fromDisk()) { prepare(); pagefind(); } }

  function init() {
    box = document.getElementById("briefing-search");
    if (!box) return;
    input = box.querySelector("input");
    results = box.querySelector(".briefing-results");
    root = (box.getAttribute("data-root") || ".").replace(/\/?$/, "/");
    ["focus", "pointerdown", "keydown"].forEach(function (name) { input.addEventListener(name, warmUp); });
    var typed = null;  // fill() in a test fires input only, a keyboard keyup too: search once per change
    ["input", "keyup"].forEach(function (name) {
      input.addEventListener(name, function () {
        if (input.value === typed || fromDisk()) return;
        typed = input.value;
        search(typed, true);
      });
    });
    box.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      if (!fromDisk()) search(input.value, false);
    });
    var query = new URL(window.location.href).searchParams.get("q");
    if (query && !fromDisk()) {
      input.value = query;
      search(query, false);
    }
  }
  window.briefingBucket = bucket;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
