// kijun serve: live counts on the profile page and instant filters on tables.
// Everything works without this script; it only saves a round trip.
"use strict";
(function () {
  var form = document.getElementById("profile-form");
  var live = document.getElementById("live");
  if (form && live) {
    var timer = null;
    var seq = 0;
    var update = function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++seq;
        var query = new URLSearchParams(new FormData(form)).toString();
        fetch("/preview?" + query, { credentials: "same-origin" })
          .then(function (r) { return r.text(); })
          .then(function (html) {
            if (mine === seq) {
              live.innerHTML = html;
              live.setAttribute("data-updated", String(mine));
            }
          })
          .catch(function () { /* the next change tries again */ });
      }, 120);
    };
    form.addEventListener("change", update);
    form.addEventListener("input", update);
  }

  // Tables with filter controls: <form data-filter-table="ID"> holding inputs with
  // data-filter="text" (substring of data-text) or data-filter="NAME" (equals data-NAME).
  document.querySelectorAll("form[data-filter-table]").forEach(function (f) {
    var table = document.getElementById(f.getAttribute("data-filter-table"));
    if (!table) return;
    var controls = f.querySelectorAll("[data-filter]");
    var shown = f.querySelector("#shown-count");
    var apply = function () {
      var n = 0;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var ok = true;
        controls.forEach(function (c) {
          var want = c.value.trim().toLowerCase();
          if (!want) return;
          var key = c.getAttribute("data-filter");
          var have = (row.getAttribute("data-" + key) || "").toLowerCase();
          if (key === "text" ? have.indexOf(want) < 0 : have !== want) ok = false;
        });
        row.hidden = !ok;
        if (ok) n++;
      });
      if (shown) shown.textContent = String(n);
    };
    controls.forEach(function (c) {
      c.addEventListener("input", apply);
      c.addEventListener("change", apply);
    });
    f.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  });
})();
