// Small progressive enhancements; every page works without this file.
document.addEventListener("change", function (e) {
  var el = e.target;
  if (el.matches && el.matches("[data-autosubmit]")) {
    el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
  }
});
document.addEventListener("submit", function (e) {
  var form = e.target;
  var message = form.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    e.preventDefault();
    return;
  }
  // A double click must not send the form twice: the server also guards, this spares the round trip.
  if (form.dataset.submitted === "1") {
    e.preventDefault();
    return;
  }
  if ((form.method || "").toLowerCase() === "post") {
    form.dataset.submitted = "1";
    setTimeout(function () { form.dataset.submitted = ""; }, 4000);
  }
});
// The notifications page marks what it shows as read once it is open (the form's own
// button does the same without script); the header count goes with it.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-mark-read]");
  if (!form || !window.fetch) return;
  // URL-encoded: only upload routes take multipart bodies.
  var body = new URLSearchParams(new FormData(form));
  body.append("js", "1");
  fetch(form.action, { method: "POST", body: body, credentials: "same-origin" }).then(function (res) {
    if (!res.ok) return;
    var dot = document.querySelector("[data-testid=unread-count]");
    if (dot) dot.remove();
    form.remove();
  });
});
