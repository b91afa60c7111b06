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
    // <table class="table-cards">: each cell is named after its column, for the phone's card layout
    root.querySelectorAll("table.table-cards").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody > tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (heads[index] && !cell.hasAttribute("colspan") && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", heads[index]);
            var value = document.createElement("div");
            value.className = "cell-value";
            value.append.apply(value, Array.prototype.slice.call(cell.childNodes));
            cell.appendChild(value);
          }
        });
      });
    });
    // <select data-reason-when="absent">: the reason in the same row is asked only for that choice
    root.querySelectorAll("select[data-reason-when]").forEach(function (select) {
      var reason = select.closest(".attendance-row").querySelector("[data-reason]");
      var input = reason && reason.querySelector("input, textarea");
      function toggle() {
        reason.hidden = select.value !== select.getAttribute("data-reason-when") && !(input && input.value);
      }
      if (reason) { toggle(); select.addEventListener("change", toggle); }
    });
    // <form data-filters="Filters">: on a phone a list's filters fold behind one button that says how many are set
    root.querySelectorAll("form[data-filters]").forEach(function (form) {
      if (form.hasAttribute("data-folding")) { return; }
      form.setAttribute("data-folding", "");
      var set = Array.prototype.filter.call(form.elements, function (field) {
        if (!field.name || field.name === "page" || field.type === "submit" || field.type === "button") { return false; }
        return field.type === "checkbox" || field.type === "radio" ? field.checked : Boolean(field.value);
      }).length;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-secondary btn-sm mb-2 d-sm-none filters-toggle";
      button.textContent = form.getAttribute("data-filters") + (set ? " (" + set + ")" : "");
      button.setAttribute("aria-expanded", "false");
      form.classList.add("filters-folded");
      button.addEventListener("click", function () {
        var open = !form.classList.toggle("filters-folded");
        button.setAttribute("aria-expanded", String(open));
      });
      form.parentNode.insertBefore(button, form);
    });
    // <div data-width="42">: a progress bar's width in per cent (a style attribute would need 'unsafe-inline')
    root.querySelectorAll("[data-width]").forEach(function (bar) {
      var value = parseFloat(bar.getAttribute("data-width"));
      if (!isNaN(value)) { bar.style.width = Math.max(0, Math.min(100, value)) + "%"; }
    });
  }

  // Pickers (liaoyuan/core/pickers.py): a match clicked under the search box becomes the select's choice (one more
  // choice, in a multiple select).
  document.addEventListener("click", function (event) {
    var choice = event.target.closest("[data-picker-value]");
    var picker = choice && choice.closest("[data-picker]");
    if (!picker) { return; }
    var select = picker.querySelector("select");
    var value = choice.getAttribute("data-picker-value");
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === value; });
    if (!option) {
      option = new Option(choice.textContent.trim(), value);
      select.add(option);
    }
    if (select.multiple) { option.selected = true; } else { select.value = value; }
    select.dispatchEvent(new Event("change", { bubbles: true }));
    var search = picker.querySelector("input[type=search]");
    if (search) { search.value = ""; }
    picker.querySelector(".picker-results").replaceChildren();
  });

  // <form data-busy>: while an export (or any slow submit) works, its buttons are disabled and say so. A file
  // download leaves the page in place, so they come back after a few seconds.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-busy")) { return; }
    var buttons = form.querySelectorAll("button[type=submit]");
    var clicked = event.submitter;
    window.setTimeout(function () {
      buttons.forEach(function (button) { button.disabled = true; });
      if (clicked) {
        clicked.setAttribute("data-label", clicked.innerHTML);
        clicked.insertAdjacentHTML("afterbegin", '<span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>');
      }
    }, 0);
    window.setTimeout(function () {
      buttons.forEach(function (button) { button.disabled = false; });
      if (clicked && clicked.hasAttribute("data-label")) { clicked.innerHTML = clicked.getAttribute("data-label"); }
    }, 5000);
  });

  ready(function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
})();
