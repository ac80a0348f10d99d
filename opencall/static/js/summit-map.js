// The supported events on a map (Leaflet, served by the site). The page's list says
// everything the map shows; without JavaScript the map simply stays hidden. The events
// come from a JSON script tag; every text is set as text, never as HTML.
(function () {
  "use strict";
  var box = document.getElementById("summit-map");
  var source = document.getElementById("summit-events");
  if (!box || !source || typeof L === "undefined") { return; }
  var events = JSON.parse(source.textContent);
  box.hidden = false;
  var icon = L.icon({
    iconUrl: box.dataset.icon,
    iconRetinaUrl: box.dataset.icon2x,
    shadowUrl: box.dataset.shadow,
    iconSize: [25, 41], iconAnchor: [12, 41], popupAnchor: [1, -34], shadowSize: [41, 41]
  });
  var map = L.map(box, { scrollWheelZoom: false, worldCopyJump: true });
  map.attributionControl.setPrefix(false);
  L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: 18 }).addTo(map);

  function line(parent, tag, text) {
    var element = document.createElement(tag);
    element.textContent = text;
    parent.appendChild(element);
    return element;
  }

  function link(parent, href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.rel = "nofollow noopener";
    a.textContent = text;
    parent.appendChild(a);
    return a;
  }

  var points = [];
  events.forEach(function (event) {
    var popup = document.createElement("div");
    var title = line(popup, "strong", "");
    if (event.url) { link(title, event.url, event.name); } else { title.textContent = event.name; }
    if (event.dates) { line(popup, "div", event.dates); }
    if (event.place) { line(popup, "div", event.place); }
    if (event.links.length) {
      line(popup, "div", box.dataset.contentLabel);
      var list = line(popup, "ul", "");
      event.links.forEach(function (href) { link(line(list, "li", ""), href, href); });
    }
    L.marker([event.lat, event.lon], { icon: icon, title: event.name, alt: event.name })
      .bindPopup(popup).addTo(map);
    points.push([event.lat, event.lon]);
  });
  if (points.length) {
    map.fitBounds(points, { padding: [30, 30], maxZoom: 6 });
  } else {
    map.setView([10, 0], 2);
  }
})();
