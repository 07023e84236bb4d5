/* The request wizard's keyboard focus (CSP script-src 'self': no inline script).
   After a validation error, focus goes to the error summary, whose links lead to the fields;
   otherwise to the step's first field (the chosen answer of a radio group), or its heading. */
(function () {
  "use strict";

  function firstField(root) {
    var marked = root.querySelector("[data-autofocus]");
    if (marked) {
      return marked;
    }
    var field = root.querySelector(
      "form input:not([type=hidden]):not([disabled]), form select:not([disabled]), form textarea:not([disabled])"
    );
    if (field && field.type === "radio" && field.form) {
      var checked = field.form.querySelector('input[type=radio][name="' + field.name + '"]:checked');
      return checked || field;
    }
    return field;
  }

  function focusStart() {
    var root = document.querySelector("[data-wizard-focus]");
    if (!root) {
      return;
    }
    var target = root.querySelector(".error-summary") || firstField(root) || root.querySelector("h1");
    if (!target) {
      return;
    }
    if (!target.matches("input, select, textarea, button, a[href]")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusStart);
  } else {
    focusStart();
  }
})();
