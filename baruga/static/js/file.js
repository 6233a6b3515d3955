// Progressive enhancement for the report form: "use my location" and district filtering.
// The form works fully without this script.
(function () {
  var form = document.getElementById("report-form");
  if (!form) return;
  var lat = form.querySelector("#id_latitude"), lng = form.querySelector("#id_longitude");
  if (lat && lng && navigator.geolocation) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = form.dataset.locateLabel || "Gunakan lokasi saya";
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat.value = pos.coords.latitude.toFixed(6);
        lng.value = pos.coords.longitude.toFixed(6);
      });
    });
    lat.closest(".field").before(button);
  }
  var location = form.querySelector("#id_location"), district = form.querySelector("#id_district");
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
})();
