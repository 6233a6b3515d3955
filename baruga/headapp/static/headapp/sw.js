/* Baruga Pimpinan service worker (served by /pimpinan/sw.js with its configuration prepended as
   self.BARUGA_PIMPINAN: version, shell URLs, offline page, scope, login page).

   - install: cache the offline shell (offline page, stylesheet, scripts, icons);
   - list pages under the scope: network first, the copy kept in the data cache; offline, the last
     copy is served with data-from-cache="1" on <html> and the offline notice shown;
   - static assets of the shell: cache first;
   - everything else (POSTs, htmx requests, the API): straight to the network. */
"use strict";
var CONFIG = self.BARUGA_PIMPINAN;
var SHELL_CACHE = "baruga-pimpinan-shell-" + CONFIG.version;
var DATA_CACHE = "baruga-pimpinan-data";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    return cache.addAll(CONFIG.shell);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf("baruga-pimpinan-shell-") === 0 && key !== SHELL_CACHE;
    }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

function fromCacheMarked(response) {
  return response.text().then(function (html) {
    html = html.replace("<html ", '<html data-from-cache="1" ')
      .replace('class="offline-banner" role="status" hidden>', 'class="offline-banner" role="status">');
    return new Response(html, {status: 200, headers: {"Content-Type": "text/html; charset=utf-8"}});
  });
}

function listPage(request) {
  return fetch(request).then(function (response) {
    var signedOut = response.redirected && new URL(response.url).pathname.indexOf(CONFIG.login) === 0;
    if (signedOut) {
      caches.delete(DATA_CACHE);  // another person may use this device next: keep no lists
    } else if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(DATA_CACHE).then(function (cache) { cache.put(request.url, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(DATA_CACHE).then(function (cache) {
      return cache.match(request.url, {ignoreVary: true});
    }).then(function (cached) {
      if (cached) return fromCacheMarked(cached);
      return caches.match(CONFIG.offline, {ignoreVary: true}).then(function (shell) {
        return shell ? fromCacheMarked(shell) : Response.error();
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.indexOf(CONFIG.scope) === 0) {
    event.respondWith(listPage(request));
    return;
  }
  if (CONFIG.shell.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(request, {ignoreVary: true}).then(function (cached) {
      return cached || fetch(request);
    }));
  }
});
