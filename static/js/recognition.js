// The colleague picker on the give-recognition form filters as one types. Without this file the
// Search button asks the server (GET /recognition/give?q=…), which narrows the list the same way
// and keeps everything chosen and typed. The rule is ColleagueMatches in
// views/recognition_picker.go: every word of the search matches the row's name, employee ID or
// team; a word of one or two characters must start a word there, a longer or Chinese one may occur
// anywhere. A ticked colleague is always shown.
(function () {
  var picker = document.querySelector("[data-colleague-picker]");
  if (!picker) return;
  var input = picker.querySelector("input[type=search]");
  var status = picker.querySelector("[data-picker-status]");
  var chosen = picker.querySelector("[data-picker-chosen]");
  var rows = Array.prototype.slice.call(picker.querySelectorAll("li[data-search]"));
  var groups = Array.prototype.slice.call(picker.querySelectorAll(".rec-team"));
  var clear = picker.querySelector("[data-testid=colleague-search-clear]");
  var msg = function (name) { return picker.getAttribute("data-msg-" + name) || ""; };
  var fill = function (text, args) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in args ? String(args[k]) : m; });
  };

  // The list now filters live: the server round trip is no longer needed.
  var submit = picker.querySelector("[data-picker-submit]");
  if (submit) submit.hidden = true;
  if (clear) clear.hidden = true;

  var cjk = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/;
  function wordMatches(text, words, w) {
    if (w.length >= 3 || cjk.test(w)) return text.indexOf(w) >= 0;
    return words.some(function (t) { return t.lastIndexOf(w, 0) === 0; });
  }

  function filter() {
    var q = input.value.trim();
    var words = q.toLowerCase().split(/\s+/).filter(Boolean);
    var matched = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search");
      var textWords = text.split(/\s+/);
      var match = words.every(function (w) { return wordMatches(text, textWords, w); });
      if (match) matched++;
      row.hidden = !match && !row.querySelector("input").checked;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector("li[data-search]:not([hidden])"); });
    if (!q) status.textContent = fill(msg("all"), {total: rows.length});
    else if (!matched) status.textContent = fill(msg("none"), {q: q});
    else status.textContent = fill(msg("matching"), {n: matched, total: rows.length, q: q});
  }

  function showChosen() {
    var names = rows.filter(function (row) { return row.querySelector("input").checked; })
      .map(function (row) { return row.getAttribute("data-name"); });
    chosen.textContent = names.length ? fill(msg("chosen"), {names: names.join(picker.getAttribute("data-sep"))}) : msg("chosen-none");
  }

  input.addEventListener("input", filter);
  input.addEventListener("keydown", function (e) {
    // Enter searches (already done) instead of sending the recognition.
    if (e.key === "Enter") e.preventDefault();
  });
  picker.addEventListener("change", function (e) {
    if (e.target.name === "to") showChosen();
  });
  // The server rendered every row (those outside a search hidden), so the search can widen again.
  filter();
})();

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
