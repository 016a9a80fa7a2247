(function () {
  "use strict";
  var form = document.getElementById("slice-filter");
  var table = document.getElementById("slice-table");
  if (!form || !table) {
    return;
  }
  var domain = document.getElementById("filter-domain");
  var slice = document.getElementById("filter-slice");
  var shown = document.getElementById("filter-count");
  var rows = table.tBodies[0].rows;
  function apply() {
    var n = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var keep =
        (domain.value === "" || row.getAttribute("data-domain") === domain.value) &&
        (slice.value === "" || row.getAttribute("data-slice") === slice.value);
      row.hidden = !keep;
      if (keep) {
        n++;
      }
    }
    shown.textContent = n + " of " + rows.length + " rows shown";
  }
  domain.addEventListener("change", apply);
  slice.addEventListener("change", apply);
  form.hidden = false;
  apply();
})();
