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
