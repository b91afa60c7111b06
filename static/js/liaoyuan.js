// Liaoyuan's own behaviour, kept out of the HTML so that the Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function enhance(root) {
    // <select data-autosubmit>: choosing submits the form (the language menu)
    root.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    // <input data-select-on-focus>: a link or token to copy is selected whole on focus
    root.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
      input.addEventListener("focus", function () { input.select(); });
    });
    // <div data-width="42">: a progress bar's width in per cent (a style attribute would need 'unsafe-inline')
    root.querySelectorAll("[data-width]").forEach(function (bar) {
      var value = parseFloat(bar.getAttribute("data-width"));
      if (!isNaN(value)) { bar.style.width = Math.max(0, Math.min(100, value)) + "%"; }
    });
  }

  ready(function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
})();
