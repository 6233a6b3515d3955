// Progressive enhancement for the report form: a map to pin the place, "use my location", district
// filtering and the no-contact warning. The form works fully without this script: latitude and
// longitude stay plain text fields, and the map only fills them in.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  var data = form.dataset;
  var lat = form.querySelector("#id_latitude"), lng = form.querySelector("#id_longitude");
  var location = form.querySelector("#id_location"), district = form.querySelector("#id_district");

  function readPlaces() {
    var el = document.getElementById("report-map-places");
    return el ? JSON.parse(el.textContent) : [];
  }
  var places = readPlaces();

  // Status line shared by the map and the location button (announced politely).
  var status = document.createElement("p");
  status.className = "help map-status";
  status.setAttribute("role", "status");

  var map = null, pin = null;
  function showPin(latitude, longitude, pan) {
    if (!map) return;
    var point = [latitude, longitude];
    if (pin) { pin.setLatLng(point); } else {
      pin = L.circleMarker(point, { radius: 9, color: "#8a1c1c", weight: 3, fillColor: "#d33", fillOpacity: 0.9 })
        .addTo(map);
    }
    if (pan) map.setView(point, Math.max(map.getZoom(), 12));
  }
  function setFields(latitude, longitude) {
    lat.value = latitude.toFixed(6);
    lng.value = longitude.toFixed(6);
    status.textContent = (data.mapPinned || "") + " " + lat.value + ", " + lng.value;
    lat.dispatchEvent(new Event("baruga:pinned"));
  }
  function fieldsPoint() {
    var a = parseFloat(lat.value), b = parseFloat(lng.value);
    return isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180 ? [a, b] : null;
  }

  if (lat && lng) {
    var anchor = lat.closest(".field");
    var box = document.createElement("div");
    box.className = "map-picker";
    if (typeof L !== "undefined") {
      var hint = document.createElement("p");
      hint.className = "help";
      hint.id = "map-hint";
      hint.textContent = data.mapHint || "";
      var canvas = document.createElement("div");
      canvas.id = "report-map";
      canvas.className = "report-map";
      canvas.setAttribute("role", "region");
      canvas.setAttribute("aria-label", data.mapLabel || "");
      canvas.setAttribute("aria-describedby", "map-hint");
      box.appendChild(hint);
      box.appendChild(canvas);
    }
    anchor.parentNode.insertBefore(box, anchor);

    if (navigator.geolocation) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.id = "locate-me";
      button.textContent = data.locateLabel || "Gunakan lokasi saya";
      button.addEventListener("click", function () {
        status.textContent = data.locateBusy || "";
        navigator.geolocation.getCurrentPosition(function (pos) {
          setFields(pos.coords.latitude, pos.coords.longitude);
          showPin(pos.coords.latitude, pos.coords.longitude, true);
        }, function () {
          status.textContent = data.locateError || "";
        }, { enableHighAccuracy: true, timeout: 15000 });
      });
      box.appendChild(button);
    }
    box.appendChild(status);

    if (typeof L !== "undefined") {
      map = L.map(canvas, { scrollWheelZoom: false });
      if (data.tiles) {
        L.tileLayer(data.tiles, { maxZoom: 18, attribution: data.attribution || "" }).addTo(map);
      }
      var bounds = [];
      places.forEach(function (p) {
        L.tooltip({ permanent: true, direction: "center", className: "place-label" })
          .setLatLng([p.lat, p.lon]).setContent(p.name).addTo(map);
        bounds.push([p.lat, p.lon]);
      });
      var centreOn = function (id) {
        places.forEach(function (p) { if (p.id === id) map.setView([p.lat, p.lon], 10); });
      };
      if (bounds.length) { map.fitBounds(bounds, { padding: [40, 40] }); } else { map.setView([-4.0, 120.0], 7); }
      map.on("click", function (event) {
        setFields(event.latlng.lat, event.latlng.lng);
        showPin(event.latlng.lat, event.latlng.lng, false);
      });
      var start = fieldsPoint();
      if (start) { showPin(start[0], start[1], true); } else if (location && location.value) {
        centreOn(parseInt(location.value, 10));  // a page back with errors: the chosen regency/city
      }
      var follow = function () {
        var point = fieldsPoint();
        if (point) showPin(point[0], point[1], true);
      };
      lat.addEventListener("change", follow);
      lng.addEventListener("change", follow);
      if (location) {
        location.addEventListener("change", function () {
          if (fieldsPoint()) return;  // a pinned point wins over the regency's centre
          centreOn(parseInt(location.value, 10));
        });
      }
    }
  }

  if (location && district) {
    var all = Array.prototype.slice.call(district.options);
    var refresh = function () {
      all.forEach(function (opt) {
        opt.hidden = opt.value !== "" && opt.dataset.jurisdiction !== location.value;
      });
      if (district.selectedOptions[0] && district.selectedOptions[0].hidden) district.value = "";
    };
    location.addEventListener("change", refresh);
    refresh();
  }

  // "Sudah dilaporkan?": similar open public reports of the chosen regency/city, asked for a second after
  // the citizen stops typing (or moves the pin). Without this script the box stays empty and the form
  // files as usual.
  var similarBox = document.getElementById("similar-reports");
  if (similarBox && similarBox.dataset.url && window.fetch && window.URLSearchParams) {
    // Beside the regency/city, where the citizen looks, rather than at the end of the form.
    var locationField = location && location.closest(".field");
    if (locationField) locationField.parentNode.insertBefore(similarBox, locationField.nextSibling);
    var similarNames = ["title", "body", "location", "category", "latitude", "longitude"];
    var similarTimer = null, similarAsked = "";
    var askSimilar = function () {
      var params = new URLSearchParams();
      similarNames.forEach(function (name) {
        var el = form.elements[name];
        if (el && el.value && el.value.trim()) params.append(name, el.value.trim());
      });
      if (!params.get("location") || !(params.get("title") || params.get("body"))) {
        similarBox.innerHTML = "";
        similarAsked = "";
        return;
      }
      var query = params.toString();
      if (query === similarAsked) return;
      similarAsked = query;
      fetch(similarBox.dataset.url + "?" + query, { credentials: "same-origin" })
        .then(function (response) { return response.status === 429 ? null : response.text(); })
        .then(function (html) { if (html !== null && query === similarAsked) similarBox.innerHTML = html; })
        .catch(function () { similarAsked = ""; });
    };
    var askLater = function () {
      clearTimeout(similarTimer);
      similarTimer = setTimeout(askSimilar, 1000);
    };
    similarNames.forEach(function (name) {
      var el = form.elements[name];
      if (!el) return;
      el.addEventListener("input", askLater);
      el.addEventListener("change", askLater);
    });
    if (lat) lat.addEventListener("baruga:pinned", askLater);
  }

  // The no-contact warning stays while neither an e-mail address nor a phone number is given.
  var note = document.getElementById("no-contact-note");
  var email = form.querySelector("#id_contact_email"), phone = form.querySelector("#id_contact_phone");
  if (note && email && phone) {
    var toggle = function () { note.hidden = !!(email.value.trim() || phone.value.trim()); };
    email.addEventListener("input", toggle);
    phone.addEventListener("input", toggle);
    toggle();
  }
})();
