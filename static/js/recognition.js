// Managers' extra fields: the customer's words and channel only for customer praise, the QA
// score only for a QA commendation. Without this file every field shows.
(function () {
  var source = document.querySelector("select[name=source]");
  if (!source) return;
  var sets = Array.prototype.slice.call(document.querySelectorAll("[data-for-source]"));
  function show() {
    sets.forEach(function (f) { f.hidden = f.getAttribute("data-for-source") !== source.value; });
  }
  source.addEventListener("change", show);
  show();
})();
