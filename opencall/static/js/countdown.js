// Shows the deadline in the reader's own time zone and counts down to it.
// Without JavaScript the page already shows the deadline in the call's time zone and UTC.
(function () {
  "use strict";
  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }
  document.querySelectorAll("time[data-countdown]").forEach(function (element) {
    var moment = new Date(element.getAttribute("datetime"));
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    element.textContent = moment.toLocaleString(document.documentElement.lang, {
      dateStyle: "full", timeStyle: "short"
    }) + " (" + zone + ")";
  });
  document.querySelectorAll("[data-countdown-for]").forEach(function (element) {
    var end = new Date(element.getAttribute("data-countdown-for")).getTime();
    function tick() {
      var left = Math.max(0, end - Date.now());
      if (left === 0) {
        element.textContent = element.getAttribute("data-closed");
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
    setInterval(tick, 30000);
  });
})();
