/* Baruga Pimpinan: registers the service worker, keeps the app badge and the offline notice current.
   Everything works without this file; it only adds to plain forms and links. */
(function () {
  "use strict";
  var body = document.body;

  function badgeCount() {
    var el = document.getElementById("badge-header");
    var n = el ? parseInt(el.textContent, 10) : parseInt(body.getAttribute("data-badge") || "0", 10);
    return isNaN(n) ? 0 : n;
  }

  function setAppBadge() {
    var n = badgeCount();
    body.setAttribute("data-badge", String(n));
    if (!("setAppBadge" in navigator)) return;
    try {
      var done = n > 0 ? navigator.setAppBadge(n) : navigator.clearAppBadge();
      if (done && done.catch) done.catch(function () {});
    } catch (e) { /* not allowed here (e.g. not installed): the header shows the count anyway */ }
  }

  function showOffline(offline) {
    var banner = document.getElementById("offline-banner");
    if (banner) banner.hidden = !offline;
  }

  if ("serviceWorker" in navigator && body.getAttribute("data-sw")) {
    navigator.serviceWorker.register(body.getAttribute("data-sw"), {scope: body.getAttribute("data-scope")})
      .catch(function () { /* the pages work without it */ });
  }

  // A page the worker served from its cache says so (see sw.js); the browser also tells us.
  if (document.documentElement.getAttribute("data-from-cache") === "1" || !navigator.onLine) showOffline(true);
  window.addEventListener("offline", function () { showOffline(true); });
  window.addEventListener("online", function () {
    if (document.documentElement.getAttribute("data-from-cache") !== "1") showOffline(false);
  });

  // Decisions cannot be sent offline: say so instead of failing.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-logout")) {
      if ("caches" in window) caches.keys().then(function (keys) {
        keys.forEach(function (key) { if (key.indexOf("baruga-pimpinan-data") === 0) caches.delete(key); });
      });
      return;
    }
    if (!navigator.onLine) {
      event.preventDefault();
      showOffline(true);
    }
  }, true);

  document.addEventListener("htmx:afterSettle", setAppBadge);
  setAppBadge();
})();
