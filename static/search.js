// portref search: a number goes straight to its page; a name is looked up
// in /search-index.json ([port, name] pairs). Without JavaScript the forms
// still lead to the search page, and every page is reachable by browsing.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.search");
  function portOf(q) {
    return /^\s*\d{1,5}\s*$/.test(q) && +q <= 65535 ? +q : -1;
  }
  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener("submit", function (ev) {
      var q = this.elements.q.value, n = portOf(q);
      if (n >= 0) {
        ev.preventDefault();
        location.href = this.getAttribute("data-home") + "ports/" + n + "/";
      }
    });
  }
  var out = document.getElementById("results");
  if (!out) return;
  var q = new URLSearchParams(location.search).get("q") || "";
  var form = document.querySelector("form.search");
  if (form) form.elements.q.value = q;
  q = q.trim().toLowerCase();
  if (!q) return;
  var home = form ? form.getAttribute("data-home") : "/";
  if (portOf(q) >= 0) { location.replace(home + "ports/" + portOf(q) + "/"); return; }
  var root = document.querySelector('link[rel="stylesheet"]').getAttribute("href").replace(/style\.css$/, "");
  fetch(root + "search-index.json").then(function (r) { return r.json(); }).then(function (rows) {
    var hits = rows.filter(function (r) { return r[1].toLowerCase().indexOf(q) >= 0; });
    hits.sort(function (a, b) {
      var ea = a[1].toLowerCase() === q ? 0 : 1, eb = b[1].toLowerCase() === q ? 0 : 1;
      return ea - eb || a[0] - b[0];
    });
    out.textContent = "";
    if (!hits.length) {
      var p = document.createElement("p");
      p.textContent = out.getAttribute("data-none");
      out.appendChild(p);
      return;
    }
    var h = document.createElement("h2");
    h.textContent = out.getAttribute("data-heading");
    out.appendChild(h);
    var ul = document.createElement("ul");
    hits.slice(0, 200).forEach(function (r) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = home + "ports/" + r[0] + "/";
      a.textContent = r[0] + " " + r[1];
      li.appendChild(a);
      ul.appendChild(li);
    });
    out.appendChild(ul);
  });
})();
