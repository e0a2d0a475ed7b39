
(function () {
  "use strict";
  var bar = document.getElementById("filters");
  var table = document.getElementById("findings-table");
  if (!bar || !table) { return; }
  var selects = bar.querySelectorAll("select");
  var rows = table.querySelectorAll("tbody tr.finding");
  var empty = document.getElementById("findings-empty");
  var count = document.getElementById("filter-count");
  function apply() {
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var ok = true;
      for (var j = 0; j < selects.length; j++) {
        var want = selects[j].value;
        if (want && row.getAttribute("data-" + selects[j].name) !== want) { ok = false; }
      }
      row.hidden = !ok;
      if (ok) { shown++; }
    }
    empty.hidden = shown !== 0;
    count.textContent = "Showing " + shown + " of " + rows.length + " findings";
  }
  for (var k = 0; k < selects.length; k++) { selects[k].addEventListener("change", apply); }
  document.getElementById("filter-reset").addEventListener("click", function () {
    for (var m = 0; m < selects.length; m++) { selects[m].value = ""; }
    apply();
  });
  bar.hidden = false;
  apply();
})();
