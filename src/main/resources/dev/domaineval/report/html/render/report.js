(function () {
  "use strict";
  var form = document.getElementById("slice-filter");
  var table = document.getElementById("slice-table");
  if (!form || !table) {
    return;
  }
  var domain = document.getElementById("filter-domain");
  var slice = document.getElementById("filter-slice");
  var finding = document.getElementById("filter-finding");
  var below = document.getElementById("filter-below");
  var ranked = document.getElementById("sort-ranked");
  var shown = document.getElementById("filter-count");
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  // The rendered order: ranked by what each row decides.
  var ranking = Array.prototype.slice.call(body.rows);
  var findingColumn = column("finding");
  var sort = { key: "", descending: false };

  function column(key) {
    for (var i = 0; i < heads.length; i++) {
      if (heads[i].getAttribute("data-key") === key) {
        return i;
      }
    }
    return -1;
  }

  // A cell's sort value: a number in a numeric column ("< 0.001" sorts below 0.001), else its
  // text; null for "—", "no test" and an empty cell, which sort last in either direction.
  function value(row, i, numeric) {
    var text = row.cells[i].textContent.trim();
    if (text === "" || text === "—" || text === "no test") {
      return null;
    }
    if (!numeric) {
      return text;
    }
    var less = text.charAt(0) === "<";
    var n = parseFloat(text.replace(/^<\s*/, "").replace(/−/g, "-").replace(/,/g, ""));
    if (isNaN(n)) {
      return null;
    }
    return less ? n / 2 : n;
  }

  function order() {
    var rows = ranking.slice();
    var i = column(sort.key);
    if (i >= 0) {
      var numeric = heads[i].classList.contains("num");
      var keyed = rows.map(function (row, index) {
        return { row: row, index: index, v: value(row, i, numeric) };
      });
      keyed.sort(function (a, b) {
        if (a.v === null || b.v === null) {
          return a.v === b.v ? a.index - b.index : a.v === null ? 1 : -1;
        }
        var c = numeric ? a.v - b.v : a.v.localeCompare(b.v);
        if (sort.descending) {
          c = -c;
        }
        return c !== 0 ? c : a.index - b.index;
      });
      rows = keyed.map(function (k) {
        return k.row;
      });
    }
    for (var j = 0; j < rows.length; j++) {
      body.appendChild(rows[j]);
    }
    for (var h = 0; h < heads.length; h++) {
      if (h === i) {
        heads[h].setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
      } else {
        heads[h].removeAttribute("aria-sort");
      }
    }
    ranked.disabled = i < 0;
  }

  function filter() {
    var n = 0;
    for (var i = 0; i < ranking.length; i++) {
      var row = ranking[i];
      var keep =
        (domain.value === "" || row.getAttribute("data-domain") === domain.value) &&
        (slice.value === "" || row.getAttribute("data-slice") === slice.value) &&
        (!finding.checked || row.cells[findingColumn].textContent.trim() !== "") &&
        (!below.checked || row.getAttribute("data-below") === "yes");
      row.hidden = !keep;
      if (keep) {
        n++;
      }
    }
    shown.textContent = n + " of " + ranking.length + " rows shown";
  }

  // The view in the address's query, so that a copied link opens the same view.
  function save() {
    var q = new URLSearchParams(location.search);
    function set(name, v) {
      if (v) {
        q.set(name, v);
      } else {
        q.delete(name);
      }
    }
    set("domain", domain.value);
    set("slice", slice.value);
    set("finding", finding.checked ? "1" : "");
    set("below", below.checked ? "1" : "");
    set("sort", sort.key ? sort.key + (sort.descending ? "-desc" : "-asc") : "");
    var s = q.toString();
    try {
      history.replaceState(history.state, "", location.pathname + (s ? "?" + s : "") + location.hash);
    } catch (e) {
      // A browser that refuses to change the address of a local file: the view still works.
    }
  }

  function choose(select, v) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === v) {
        select.value = v;
      }
    }
  }

  function load() {
    var q = new URLSearchParams(location.search);
    choose(domain, q.get("domain") || "");
    choose(slice, q.get("slice") || "");
    finding.checked = q.get("finding") === "1";
    below.checked = q.get("below") === "1";
    var m = /^(.+)-(asc|desc)$/.exec(q.get("sort") || "");
    if (m && column(m[1]) >= 0) {
      sort = { key: m[1], descending: m[2] === "desc" };
    }
  }

  function update() {
    filter();
    save();
  }

  for (var h = 0; h < heads.length; h++) {
    var th = heads[h];
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) {
      button.appendChild(th.firstChild);
    }
    th.appendChild(button);
    button.addEventListener(
      "click",
      (function (key) {
        return function () {
          sort = { key: key, descending: sort.key === key && !sort.descending };
          order();
          save();
        };
      })(th.getAttribute("data-key"))
    );
  }
  ranked.addEventListener("click", function () {
    sort = { key: "", descending: false };
    order();
    save();
  });
  domain.addEventListener("change", update);
  slice.addEventListener("change", update);
  finding.addEventListener("change", update);
  below.addEventListener("change", update);

  // A link to a slice's confusion matrices opens its folded part.
  function reveal(id) {
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
    }
  }
  window.addEventListener("hashchange", function () {
    reveal(location.hash.slice(1));
  });
  // Also when the address already ends with the link's anchor (no hashchange).
  body.addEventListener("click", function (e) {
    var link = e.target.closest("a[href^='#']");
    if (link) {
      reveal(link.getAttribute("href").slice(1));
    }
  });

  form.hidden = false;
  load();
  order();
  filter();
  reveal(location.hash.slice(1));
})();
