(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  var form = document.getElementById("filters");
  var count = document.getElementById("findings-count");
  if (!table || !form || !count) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows).map(function (tr, i) {
    var d = tr.dataset;
    return {
      tr: tr, index: i, text: tr.textContent.toLowerCase(),
      severity: d.severity, clause: d.clause.split(" "), control: d.control.split(" "),
      owner: d.owner, file: d.file
    };
  });
  var total = rows.length;
  var ids = ["severity", "clause", "control", "owner", "file"];
  var selects = ids.map(function (id) { return document.getElementById("filter-" + id); });
  var search = document.getElementById("filter-search");
  form.hidden = false;

  function apply() {
    var want = selects.map(function (s) { return s.value; });
    var q = search.value.trim().toLowerCase();
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = (!want[0] || r.severity === want[0]) &&
        (!want[1] || r.clause.indexOf(want[1]) >= 0) &&
        (!want[2] || r.control.indexOf(want[2]) >= 0) &&
        (!want[3] || r.owner === want[3]) &&
        (!want[4] || r.file === want[4]) &&
        (!q || r.text.indexOf(q) >= 0);
      if (r.tr.hidden === ok) { r.tr.hidden = !ok; }
      if (ok) { shown++; }
    }
    count.textContent = shown + " of " + total + " findings shown";
  }

  selects.forEach(function (s) { s.addEventListener("change", apply); });
  var timer = 0;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 150);
  });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });

  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var col = Number(th.getAttribute("data-sort"));
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var keyed = rows.map(function (r) {
        var cell = r.tr.cells[col];
        var k = cell.getAttribute("data-key");
        return { r: r, k: k !== null ? Number(k) : cell.textContent };
      });
      keyed.sort(function (a, b) {
        var c = 0;
        if (typeof a.k === "number") { c = b.k - a.k; } else { c = a.k.localeCompare(b.k, undefined, { numeric: true }); }
        return c * dir || a.r.index - b.r.index;
      });
      var frag = document.createDocumentFragment();
      rows = keyed.map(function (x) { frag.appendChild(x.r.tr); return x.r; });
      body.appendChild(frag);
    });
  });
})();
