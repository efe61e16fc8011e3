/* copkit site search: matches every word of the query (accents and case ignored) in the
   titles and texts of window.COPKIT_INDEX (assets/search-index.js). Works from file://. */
(function () {
  "use strict";
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var index = window.COPKIT_INDEX || [];
  var folded = index.map(function (e) { return fold(e.t + " " + e.x); });
  var box = document.getElementById("results");
  var input = document.getElementById("q");
  function run(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    box.textContent = "";
    if (!words.length) { return; }
    var hits = [];
    for (var i = 0; i < index.length && hits.length < 100; i++) {
      if (words.every(function (w) { return folded[i].indexOf(w) >= 0; })) { hits.push(index[i]); }
    }
    var head = document.createElement("p");
    head.textContent = hits.length ? box.dataset.found + " " + hits.length : box.dataset.none;
    box.appendChild(head);
    var list = document.createElement("ul");
    list.className = "items";
    hits.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.t;
      var kind = document.createElement("span");
      kind.className = "meta";
      kind.textContent = " " + e.k;
      var text = document.createElement("p");
      text.textContent = e.x.length > 200 ? e.x.slice(0, 200) + "…" : e.x;
      li.appendChild(a); li.appendChild(kind); li.appendChild(text);
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  var query = new URLSearchParams(window.location.search).get("q") || "";
  if (input) {
    input.value = query;
    input.addEventListener("input", function () { run(input.value); });
  }
  run(query);
})();
