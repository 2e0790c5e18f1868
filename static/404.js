/* portref 404 page: shows the address that was not found and, when it
 * names a port, a link to that port's page; puts the address into the
 * feedback form's issue title. The page reads whole without it. */
(function () {
  "use strict";
  var path = location.pathname;
  var shown = document.getElementById("nf-path");
  if (shown) {
    shown.querySelector("code").textContent = path;
    shown.hidden = false;
  }
  /* /ports/22, /fr/port/22/x, /22: the first number after "port(s)/", or
   * a path that is one number. */
  var m = /\/ports?\/(\d{1,5})(?:[\/.?#]|$)/i.exec(path) ||
    /^\/(?:[A-Za-z-]+\/)?(\d{1,5})\/?$/.exec(path);
  var box = document.getElementById("nf-port");
  if (m && box && Number(m[1]) <= 65535) {
    var n = String(Number(m[1]));
    var a = box.querySelector("a");
    a.setAttribute("href", a.getAttribute("data-ports") + n + "/");
    a.querySelector("span").textContent = n;
    box.hidden = false;
  }
  var fields = document.querySelectorAll("input[data-path]");
  for (var i = 0; i < fields.length; i++)
    fields[i].value = fields[i].getAttribute("data-path").replace("@PATH@", path);
})();
