/* ordgen site search: Lunr over the index built with the site (assets/search-index.js).
   The query comes from the address (search.html?q=...), so a search is a link. */
(function () {
  "use strict";
  var data = window.ordgenSearch;
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!data || !window.lunr || !input || !status || !list) { return; }
  var index = lunr.Index.load(data.index);

  function find(text) {
    var terms = lunr.tokenizer(text).map(function (t) { return t.toString(); })
      .filter(function (t) { return t.length > 0; });
    if (!terms.length) { return []; }
    return index.query(function (q) {
      terms.forEach(function (term) {
        // the word as written, stemmed as the index was, counts most; a word being typed
        // matches by its start
        q.term(term, { boost: 10 });
        q.term(term, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 1 });
      });
    });
  }

  function item(result) {
    var doc = data.docs[result.ref];
    var li = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = doc.url;
    link.textContent = doc.title;
    heading.appendChild(link);
    var summary = document.createElement("p");
    summary.textContent = doc.summary;
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = doc.category;
    li.appendChild(heading);
    li.appendChild(summary);
    li.appendChild(meta);
    return li;
  }

  function run(text, remember) {
    list.textContent = "";
    text = text.trim();
    if (remember) {
      var target = text ? "?q=" + encodeURIComponent(text) : window.location.pathname;
      window.history.replaceState(null, "", target);
    }
    if (!text) { status.textContent = "Type words to find in the library's clauses."; return; }
    var results;
    try { results = find(text); } catch (e) { results = []; }
    results.forEach(function (r) { list.appendChild(item(r)); });
    var n = results.length;
    status.textContent = n === 0 ? "No clause matches \u201c" + text + "\u201d." :
      n + (n === 1 ? " clause matches" : " clauses match") + " \u201c" + text + "\u201d.";
  }

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { run(input.value, true); }, 150);
  });
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(input.value, true);
  });
  input.value = new URLSearchParams(window.location.search).get("q") || "";
  run(input.value, false);
})();
