// kijun serve: live counts on the profile page and instant filters on tables.
// Everything works without this script; it saves round trips and applies changes to
// the profile form at once: every link of the page (要件・文書・検証, the profile.toml
// download) and the address bar follow the form as she changes it.
"use strict";
(function () {
  var form = document.getElementById("profile-form");
  var live = document.getElementById("live");

  // Point every profile-carrying link of the page at `query`.
  var carry = function (query) {
    document.querySelectorAll("a[data-nav]").forEach(function (a) {
      a.setAttribute("href", a.getAttribute("data-nav") + "?" + query);
    });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "/profile?" + query);
    }
  };

  if (form && live) {
    var timer = null;
    var seq = 0;
    var update = function () {
      clearTimeout(timer);
      var typed = new URLSearchParams(new FormData(form)).toString();
      // Links follow the form at once (a wrong form lands on its errors); the
      // preview then gives the profile's canonical query.
      carry(typed);
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch("/preview?" + typed, { credentials: "same-origin" })
          .then(function (r) { return r.text(); })
          .then(function (html) {
            if (mine !== seq) return;
            live.innerHTML = html;
            var summary = document.getElementById("summary");
            var canonical = summary && summary.getAttribute("data-query");
            if (canonical) carry(canonical);
            var name = form.elements["system.name"];
            var shown = document.getElementById("system-name");
            if (name && shown) shown.textContent = name.value;
            live.setAttribute("data-updated", String(mine));
          })
          .catch(function () { /* the next change tries again */ });
      }, 120);
    };
    form.addEventListener("change", update);
    form.addEventListener("input", update);
  }

  // What a filter compares: full-width letters and digits folded (ＡＵＴＨ → auth),
  // as the server does.
  var fold = function (s) {
    return (s.normalize ? s.normalize("NFKC") : s).toLowerCase();
  };

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
          var want = fold(c.value.trim());
          if (!want) return;
          var key = c.getAttribute("data-filter");
          var have = fold(row.getAttribute("data-" + key) || "");
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
