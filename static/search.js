// portref search: a number goes straight to its page; anything else is
// looked up in /search-index.json, one row per port:
//   [port, "common name", "principal alias ...", "description\nuse ..."]
// (search_index.h). Ranking: a match in the common name before one in a
// service name before one in a description or unofficial use; within
// each, the whole name, then a name that starts with the query, then a
// name in which every query word starts a word; a match inside a word
// ("rdp" in "brdptc") comes after all of those. Ties go to the name the
// query covers most of ("minecraft": "Minecraft Java Edition server"
// before "Minecraft Bedrock Edition server"), then to the lower port.
// Without JavaScript the forms still lead to the search page, and every
// page is reachable by browsing.
(function () {
  "use strict";
  var LIMIT = 200;
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
  q = q.trim().toLowerCase().replace(/\s+/g, " ");
  if (!q) return;
  var home = form ? form.getAttribute("data-home") : "/";
  if (portOf(q) >= 0) { location.replace(home + "ports/" + portOf(q) + "/"); return; }
  var WORD = /[^\p{L}\p{N}]+/u;
  var qwords = q.split(WORD).filter(Boolean);

  // How well one name matches: 0 whole, 1 starts with, 2 every word
  // starts a word, 3 inside, -1 not at all.
  function quality(name) {
    var t = name.toLowerCase();
    if (t === q) return 0;
    if (t.lastIndexOf(q, 0) === 0) return 1;
    if (qwords.length) {
      var words = t.split(WORD);
      var all = qwords.every(function (w) {
        return words.some(function (x) { return x.lastIndexOf(w, 0) === 0; });
      });
      if (all) return 2;
    }
    return t.indexOf(q) >= 0 ? 3 : -1;
  }
  // The best rank of row r (lower is better), and the text that matched.
  function rank(r) {
    var fields = [[r[1] || ""], (r[2] || "").split(" "), (r[3] || "").split("\n")];
    var best = -1, text = "";
    for (var f = 0; f < 3; f++) {
      for (var k = 0; k < fields[f].length; k++) {
        if (!fields[f][k]) continue;
        var m = quality(fields[f][k]);
        if (m < 0) continue;
        var s = m === 3 ? 9 + f : f * 3 + m;
        if (best < 0 || s < best) { best = s; text = fields[f][k]; }
      }
    }
    return [best, text];
  }
  function para(text) {
    var p = document.createElement("p");
    p.textContent = text;
    out.appendChild(p);
  }

  var root = document.querySelector('link[rel="stylesheet"]').getAttribute("href").replace(/style\.css$/, "");
  fetch(root + "search-index.json").then(function (r) { return r.json(); }).then(function (rows) {
    var hits = [];
    rows.forEach(function (r) {
      var m = rank(r);
      if (m[0] >= 0) hits.push({ port: r[0], rank: m[0], matched: m[1],
        label: r[1] || (r[2] || "").split(" ")[0] || (r[3] || "").split("\n")[0] });
    });
    hits.sort(function (a, b) {
      return a.rank - b.rank || a.matched.length - b.matched.length ||
        a.port - b.port;
    });
    out.textContent = "";
    if (!hits.length) { para(out.getAttribute("data-none")); return; }
    var h = document.createElement("h2");
    h.textContent = out.getAttribute("data-heading");
    out.appendChild(h);
    if (hits.length > LIMIT)
      para(out.getAttribute("data-more").replace(/\{\{\s*shown\s*\}\}/g, LIMIT)
        .replace(/\{\{\s*count\s*\}\}/g, hits.length));
    var ul = document.createElement("ul");
    ul.className = "hits";
    hits.slice(0, LIMIT).forEach(function (hit) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = home + "ports/" + hit.port + "/";
      a.textContent = hit.port + " " + hit.label;
      a.lang = "en";
      li.appendChild(a);
      if (hit.matched !== hit.label) {
        var s = document.createElement("span");
        s.lang = "en";
        s.textContent = " — " + hit.matched;
        li.appendChild(s);
      }
      ul.appendChild(li);
    });
    out.appendChild(ul);
  });
})();
