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
  // "1 day, 3 hours and 5 minutes" with each unit's plural in the reader's language
  // (Intl knows them), leading zero units left out.
  function duration(days, hours, minutes) {
    var parts = [["day", days], ["hour", hours], ["minute", minutes]].filter(function (part, index) {
      return part[1] > 0 || index === 2 || (index === 1 && days > 0);
    }).map(function (part) {
      return new Intl.NumberFormat(locale, { style: "unit", unit: part[0], unitDisplay: "long" }).format(part[1]);
    });
    return Intl.ListFormat ? new Intl.ListFormat(locale, { type: "conjunction" }).format(parts) : parts.join(", ");
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
          left: duration(Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60)
        });
      }
      element.hidden = false;
    }
    tick();
    timer = setInterval(tick, 30000);
  });
})();
