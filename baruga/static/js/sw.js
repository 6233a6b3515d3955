/* Baruga citizen service worker, scope / (served by /sw.js with its configuration prepended as
   self.BARUGA_WARGA: version, form (the filing page's path), assets (static URLs)).

   It keeps two things only, so nothing personal is ever stored:
   - the blank filing page as a guest sees it, fetched without cookies (no name, no session): offline,
     a visit to the filing page gets this copy, marked data-from-cache="1" on <html>;
   - the static files that page loads: cache first.
   Everything else (receipts with private links, tracking pages, staff pages, /akun/, every POST)
   goes straight to the network and is never stored here. */
"use strict";
var CONFIG = self.BARUGA_WARGA;
var CACHE = "baruga-warga-" + CONFIG.version;

function keepBlankForm(cache) {
  // credentials "omit": the copy is the guest's page whoever is signed in on this device.
  return fetch(CONFIG.form, {credentials: "omit", cache: "no-store"}).then(function (response) {
    if (response.ok && !response.redirected) return cache.put(CONFIG.form, response);
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(CONFIG.assets).then(function () { return keepBlankForm(cache); });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf("baruga-warga-") === 0 && key !== CACHE;
    }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

function markedCopy(response) {
  return response.text().then(function (html) {
    return new Response(html.replace("<html ", '<html data-from-cache="1" '),
                        {status: 200, headers: {"Content-Type": "text/html; charset=utf-8"}});
  });
}

function formPage(event) {
  return fetch(event.request).then(function (response) {
    // Online: the page as the server gives it (never stored: it may be a signed-in person's);
    // the kept guest copy is refreshed beside it, so new categories reach the offline form.
    event.waitUntil(caches.open(CACHE).then(keepBlankForm).catch(function () {}));
    return response;
  }).catch(function () {
    return caches.open(CACHE).then(function (cache) { return cache.match(CONFIG.form); }).then(function (kept) {
      return kept ? markedCopy(kept) : Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === CONFIG.form && !url.search) {
    event.respondWith(formPage(event));
    return;
  }
  if (CONFIG.assets.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.open(CACHE).then(function (cache) { return cache.match(url.pathname); })
      .then(function (kept) { return kept || fetch(request); }));
  }
});
