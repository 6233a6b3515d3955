// The request form: once a public body is chosen, the OPD list shows only that body's OPDs
// (the server checks the same: an OPD of another body is refused). Without JS every OPD is listed
// with its body's name.
(function () {
  "use strict";
  var body = document.getElementById("id_jurisdiction"), agency = document.getElementById("id_agency");
  if (!body || !agency) return;
  var options = Array.prototype.slice.call(agency.options);
  function refresh() {
    options.forEach(function (opt) {
      var other = opt.value !== "" && body.value !== "" && opt.dataset.jurisdiction !== body.value;
      opt.hidden = other;
      opt.disabled = other;
    });
    if (agency.selectedOptions[0] && agency.selectedOptions[0].hidden) agency.value = "";
  }
  body.addEventListener("change", refresh);
  refresh();
})();
