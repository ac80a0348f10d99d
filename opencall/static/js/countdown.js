// Rewrites a call's deadline in the reader's own time zone, in words, with the zone
// named, and counts down to it. Without JavaScript the page already shows the deadline
// in the call's time zone (named) and a countdown worked out by the server.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  // The server writes "31 May 2022" in English: keep day-month order (en-US would not).
  var locale = lang === "en" ? "en-GB" : lang;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }
  document.querySelectorAll("time[data-countdown], time[data-local-time]").forEach(function (element) {
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment.getTime())) { return; }
    element.textContent = moment.toLocaleString(locale, {
      day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit"
    }) + " (" + zone + ")";
  });
  document.querySelectorAll("[data-countdown-for]").forEach(function (element) {
    var end = new Date(element.getAttribute("data-countdown-for")).getTime();
    var timer = null;
    function tick() {
      var left = Math.max(0, end - Date.now());
      if (left === 0) {
        element.textContent = element.getAttribute("data-closed");
        if (timer !== null) { clearInterval(timer); }
      } else {
        var minutes = Math.floor(left / 60000);
        element.textContent = fill(element.getAttribute("data-left"), {
          days: Math.floor(minutes / 1440),
          hours: Math.floor((minutes % 1440) / 60),
          minutes: minutes % 60
        });
      }
      element.hidden = false;
    }
    tick();
    timer = setInterval(tick, 30000);
  });
})();
