/* The dashboard map (Leaflet). Reads its data from the page's JSON blocks; without a tile server
   it draws the report grid on a plain background with the regency/city names.
   Points closer than CLUSTER_PX on screen are drawn as one circle with their total written in it
   (redrawn at each zoom); names are placed busiest place first and a name that would cover one
   already placed is left out, so the names stay legible at every zoom. */
(function () {
  "use strict";
  var CLUSTER_PX = 34;
  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function overlaps(a, b) {
    return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
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
    var layer = L.layerGroup().addTo(map);
    var max = 1;
    points.forEach(function (p) { max = Math.max(max, p.value); });

    function clusters(zoom) {
      var found = [];
      points.forEach(function (p) {
        var at = map.project([p.lat, p.lon], zoom);
        var near = null;
        for (var i = 0; i < found.length; i++) {
          if (found[i].at.distanceTo(at) < CLUSTER_PX) { near = found[i]; break; }
        }
        if (near) {
          var total = near.value + p.value;
          near.lat = (near.lat * near.value + p.lat * p.value) / total;
          near.lon = (near.lon * near.value + p.lon * p.value) / total;
          near.value = total;
        } else {
          found.push({ at: at, lat: p.lat, lon: p.lon, value: p.value });
        }
      });
      return found;
    }

    function draw() {
      layer.clearLayers();
      var groups = clusters(map.getZoom());
      var top = 1;
      groups.forEach(function (g) { top = Math.max(top, g.value); });
      groups.forEach(function (g) {
        var radius = 7 + 13 * Math.sqrt(g.value / top);
        var marker = L.circleMarker([g.lat, g.lon], { radius: radius, color: "#163a5c", weight: 1, fillColor: "#2f6fae", fillOpacity: 0.8 });
        marker.bindTooltip(String(g.value), { permanent: true, direction: "center", className: "cluster-count" });
        layer.addLayer(marker);
      });
      // Circles are obstacles; each name tries above, below, right and left of its place, near then farther.
      var placed = groups.map(function (g) {
        var at = map.latLngToContainerPoint([g.lat, g.lon]);
        var r = 7 + 13 * Math.sqrt(g.value / top);
        return { x1: at.x - r, x2: at.x + r, y1: at.y - r, y2: at.y + r };
      });
      labels.forEach(function (l) {
        var at = map.latLngToContainerPoint([l.lat, l.lon]);
        // Leaflet moves a tooltip 6 px further from its point than the offset (its arrow margin).
        var w = l.name.length * 7.5 + 8, h = 16;
        var options = [];
        [16, 34].forEach(function (gap) {
          options.push(
            ["top", [0, 6 - gap], { x1: at.x - w / 2, x2: at.x + w / 2, y1: at.y - gap - h, y2: at.y - gap }],
            ["bottom", [0, gap - 6], { x1: at.x - w / 2, x2: at.x + w / 2, y1: at.y + gap, y2: at.y + gap + h }],
            ["right", [gap - 6, 0], { x1: at.x + gap, x2: at.x + gap + w, y1: at.y - h / 2, y2: at.y + h / 2 }],
            ["left", [6 - gap, 0], { x1: at.x - gap - w, x2: at.x - gap, y1: at.y - h / 2, y2: at.y + h / 2 }]
          );
        });
        for (var k = 0; k < options.length; k++) {
          var area = options[k][2], free = true;
          for (var i = 0; i < placed.length && free; i++) { free = !overlaps(area, placed[i]); }
          if (free) {
            placed.push(area);
            layer.addLayer(L.tooltip({ permanent: true, direction: options[k][0], offset: options[k][1], className: "place-label" })
              .setLatLng([l.lat, l.lon]).setContent(l.name));
            return;
          }
        }
      });
    }

    var bounds = points.map(function (p) { return [p.lat, p.lon]; });
    if (!bounds.length) { labels.forEach(function (l) { bounds.push([l.lat, l.lon]); }); }
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 12 });
    } else {
      map.setView([-4.0, 120.0], 7);
    }
    draw();
    map.on("zoomend", draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
