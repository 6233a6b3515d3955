/* Makes the site installable: registers the service worker (/sw.js, which keeps only the blank filing
   page and static files). Every page works without it. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var link = document.querySelector('link[rel="manifest"]');
  var worker = link && link.getAttribute("data-sw");
  if (!worker) return;
  navigator.serviceWorker.register(worker, {scope: "/"}).catch(function () { /* pages work without it */ });
})();
