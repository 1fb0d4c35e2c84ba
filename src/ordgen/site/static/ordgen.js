/* ordgen site: enhancements only. Every page works without this script: each clause page
   shows all its variants, each with its own anchor, and the search form submits to the
   search page. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The header's search box shows the query the search page was opened with.
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var box = document.getElementById("site-search-q");
  if (box && query) { box.value = query; }

  // Variant switching on a clause page: a radio group over the panels. "All" shows every
  // variant side by side; choosing one shows it alone and puts its name in the address
  // (clauses/alpr-retention.html#strong), the permalink that opens the page the same way.
  var sw = document.querySelector(".variant-switch");
  var holder = document.querySelector(".variant-panels");
  if (!sw || !holder) { return; }
  var panels = Array.prototype.slice.call(holder.querySelectorAll(".variant"));
  var radios = Array.prototype.slice.call(sw.querySelectorAll("input[type=radio]"));
  var names = panels.map(function (p) { return p.id; });

  function show(name, fromAddress) {
    var one = names.indexOf(name) >= 0;
    holder.classList.toggle("single", one);
    panels.forEach(function (p) { p.hidden = one && p.id !== name; });
    radios.forEach(function (r) { r.checked = r.value === (one ? name : ""); });
    if (!fromAddress) {
      var target = one ? "#" + name : window.location.pathname + window.location.search;
      window.history.replaceState(null, "", target);
    }
  }

  function fromHash() {
    var name = decodeURIComponent(window.location.hash.slice(1));
    // other anchors (#_rationale, ...) leave the view as it is
    if (names.indexOf(name) >= 0) { show(name, true); }
    else if (!name) { show("", true); }
  }

  radios.forEach(function (r) {
    r.addEventListener("change", function () { if (r.checked) { show(r.value, false); } });
  });
  window.addEventListener("hashchange", fromHash);
  sw.hidden = false;
  fromHash();
})();
