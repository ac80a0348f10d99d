// Enhancements of the application's form steps; every step works without them.
(function () {
  "use strict";
  // Step 6: an offer's details open when it is ticked. Without JavaScript all show.
  document.querySelectorAll("[data-offer]").forEach(function (card) {
    var box = card.querySelector("input[type=checkbox]");
    var details = card.querySelector("[data-offer-details]");
    if (!box || !details) { return; }
    box.setAttribute("aria-controls", details.id);
    function sync() {
      details.hidden = !box.checked;
      box.setAttribute("aria-expanded", box.checked ? "true" : "false");
    }
    box.addEventListener("change", sync);
    sync();
  });

  // The live check is redrawn on each change: keep its details open if they were.
  var wasOpen = false;
  document.addEventListener("htmx:beforeSwap", function () {
    var details = document.querySelector("[data-live-check-details]");
    wasOpen = Boolean(details && details.open);
  });
  document.addEventListener("htmx:afterSwap", function () {
    var details = document.querySelector("[data-live-check-details]");
    if (details && wasOpen) { details.open = true; }
  });

  // After a refused submit, take the reader to the list of what to correct.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
