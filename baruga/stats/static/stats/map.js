/* The dashboard map (Leaflet). Reads its data from the page's JSON blocks; without a tile server
   it draws the report grid on a plain background with the regency/city names. */
(function () {
  "use strict";
  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function init() {
    var box = document.getElementById("stats-map");
    if (!box || typeof L === "undefined") { return; }
    var points = readJSON("stats-map-points") || [];
    var labels = readJSON("stats-map-labels") || [];
    box.classList.remove("is-hidden");
    var map = L.map(box, { scrollWheelZoom: false });
    var tiles = box.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: box.getAttribute("data-attribution") || "" }).addTo(map);
    }
    var bounds = [];
    var max = 1;
    points.forEach(function (p) { if (p.value > max) { max = p.value; } });
    points.forEach(function (p) {
      var radius = 4 + 12 * Math.sqrt(p.value / max);
      L.circleMarker([p.lat, p.lon], { radius: radius, color: "#1f4e7a", weight: 1, fillColor: "#2f6fae", fillOpacity: 0.6 })
        .bindTooltip(p.lat.toFixed(2) + ", " + p.lon.toFixed(2) + ": " + p.value)
        .addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    labels.forEach(function (l) {
      L.tooltip({ permanent: true, direction: "center", className: "place-label" })
        .setLatLng([l.lat, l.lon]).setContent(l.name).addTo(map);
      if (!points.length) { bounds.push([l.lat, l.lon]); }
    });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [20, 20], maxZoom: 12 });
    } else {
      map.setView([-4.0, 120.0], 7);
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
