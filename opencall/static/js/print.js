// The "Print my answers" button: shown only where JavaScript runs (without it, the
// browser's own Print command gives the same clean document, from the print styles).
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
