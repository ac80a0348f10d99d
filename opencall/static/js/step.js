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

  // A call's own question asked only after a given answer to another one on the same
  // step: hidden until that answer is chosen. Without JavaScript it shows, with a hint
  // saying when to answer it, and the server ignores its answer when it does not apply.
  document.querySelectorAll("[data-show-if]").forEach(function (wrapper) {
    var form = wrapper.closest("form");
    var values;
    try {
      values = JSON.parse(wrapper.getAttribute("data-show-values") || "[]").map(String);
    } catch (error) { return; }
    var inputs = form ? form.querySelectorAll('[name="q_' + wrapper.getAttribute("data-show-if") + '"]') : [];
    if (!inputs.length) { return; }
    wrapper.querySelectorAll("[data-show-if-hint]").forEach(function (hint) {
      var paragraph = hint.parentNode;
      hint.remove();
      if (paragraph && !paragraph.textContent.trim()) { paragraph.hidden = true; }
    });
    function sync() {
      var met = Array.prototype.some.call(inputs, function (input) {
        var chosen = input.type === "radio" || input.type === "checkbox" ? input.checked : true;
        return chosen && values.indexOf(input.value) !== -1;
      });
      wrapper.hidden = !met;
    }
    inputs.forEach(function (input) { input.addEventListener("change", sync); });
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
