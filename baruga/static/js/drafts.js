// Reports written without a connection (the filing page, complaints/file.html). Offline — or on the
// copy of the page the service worker kept — "Kirim laporan" keeps the report as a draft on this
// device (IndexedDB, photos included as Blobs) instead of failing, and sends it when the connection
// returns. Each draft keeps the form's submission token, so a resend (two tabs, a lost answer) files
// nothing new: the server answers a repeated token with the report already filed for it. The CSRF
// token is taken fresh from the server at send time, never from the kept page. Once sent, a draft
// keeps only the tracking number and the private link, until the citizen removes it.
// Online, on the page the server just gave, the form posts as plain HTML: this script stays out.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  var panel = document.getElementById("drafts");
  if (!form || !panel) return;
  var text = panel.dataset;
  var list = document.getElementById("drafts-list");
  var notice = document.getElementById("offline-notice");
  var fromCache = document.documentElement.getAttribute("data-from-cache") === "1";
  var DB = "baruga-warga", STORE = "drafts";
  var sending = false;

  function newToken() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function tokenField() { return form.querySelector('input[name="submission_token"]'); }
  // The kept page carries one token for every visit: each filling-in gets its own.
  if (fromCache && tokenField()) tokenField().value = newToken();

  // --- storage -----------------------------------------------------------------------------------
  function open() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, {keyPath: "id"}); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode), result;
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
        var request = work(tx.objectStore(STORE));
        if (request) request.onsuccess = function () { result = request.result; };
      });
    });
  }
  function all() { return run("readonly", function (store) { return store.getAll(); }); }
  function save(draft) { return run("readwrite", function (store) { return store.put(draft); }); }
  function remove(id) { return run("readwrite", function (store) { return store.delete(id); }); }

  // --- the list shown to the citizen -------------------------------------------------------------
  function field(draft, name) {
    var found = (draft.entries || []).filter(function (entry) { return entry[0] === name; })[0];
    return found ? found[1] : "";
  }
  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }
  function button(label, handler) {
    var b = el("button", "secondary", label);
    b.type = "button";
    b.addEventListener("click", handler);
    return b;
  }
  function item(draft) {
    var li = el("li", "draft draft-" + draft.status);
    li.appendChild(el("p", "draft-title", draft.title || text.untitled));
    var status = {waiting: text.waiting, sending: text.sending, sent: text.sent, failed: text.failed}[draft.status];
    li.appendChild(el("p", "draft-status", status));
    if (draft.status === "sent") {
      var number = el("p", "", text.tracking + " ");
      number.appendChild(el("strong", "tracking", draft.tracking));
      li.appendChild(number);
      if (draft.link) {
        li.appendChild(el("p", "", text.private));
        var p = el("p", "copy-row"), a = el("a", "", draft.link);
        a.href = draft.link;
        p.appendChild(a);
        li.appendChild(p);
      } else if (draft.receipt) {
        var r = el("a", "", text.receipt);
        r.href = draft.receipt;
        li.appendChild(r);
      }
      li.appendChild(button(text.removeSent, function () { remove(draft.id).then(render); }));
    } else {
      if (draft.photosDropped) li.appendChild(el("p", "help", text.noPhotos));
      (draft.errors || []).forEach(function (message) { li.appendChild(el("p", "error", message)); });
      if (draft.status === "failed") li.appendChild(button(text.restore, function () { restore(draft); }));
      li.appendChild(button(text.remove, function () { remove(draft.id).then(render); }));
    }
    return li;
  }
  function render() {
    return all().then(function (drafts) {
      drafts.sort(function (a, b) { return a.created - b.created; });
      list.textContent = "";
      drafts.forEach(function (draft) { list.appendChild(item(draft)); });
      panel.hidden = drafts.length === 0;
    }).catch(function () { panel.hidden = true; });
  }
  function showOffline() { if (notice) notice.hidden = navigator.onLine; }

  // --- keeping a draft ---------------------------------------------------------------------------
  function entriesOf(formData, withFiles) {
    var entries = [], dropped = false;
    formData.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") return;
      if (typeof value !== "string") {
        if (!value.size && !value.name) return;  // an empty file input
        if (!withFiles) { dropped = true; return; }
      }
      entries.push([name, value]);
    });
    return {entries: entries, dropped: dropped};
  }
  function keep(event) {
    event.preventDefault();
    var formData = new FormData(form);
    var draft = {id: String(tokenField().value || newToken()), created: Date.now(), status: "waiting",
                 title: formData.get("title") || ""};
    var full = entriesOf(formData, true);
    draft.entries = full.entries;
    save(draft).catch(function () {
      // Some browsers cannot keep files in IndexedDB: keep the text, say the photos must be added later.
      var textOnly = entriesOf(formData, false);
      draft.entries = textOnly.entries;
      draft.photosDropped = textOnly.dropped;
      return save(draft);
    }).then(function () {
      form.reset();
      tokenField().value = newToken();
      return render();
    }).then(function () {
      panel.focus();
      if (navigator.onLine) sendAll();
    }).catch(function () {
      list.textContent = "";
      list.appendChild(el("li", "error", text.noStorage));
      panel.hidden = false;
    });
  }
  form.addEventListener("submit", function (event) {
    if (!navigator.onLine || fromCache) keep(event);
  });

  // --- sending -----------------------------------------------------------------------------------
  function freshCsrf() {
    return fetch(form.getAttribute("action") || window.location.pathname, {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var input = new DOMParser().parseFromString(html, "text/html").querySelector('input[name="csrfmiddlewaretoken"]');
        if (!input) throw new Error("no CSRF token");
        return input.value;
      });
  }
  function messagesIn(doc) {
    var found = doc.querySelectorAll("#report-form .errors p, #report-form .error p");
    return Array.prototype.map.call(found, function (p) { return p.textContent.trim(); });
  }
  function sendOne(draft, csrf) {
    var body = new FormData();
    draft.entries.forEach(function (entry) { body.append(entry[0], entry[1]); });
    body.append("csrfmiddlewaretoken", csrf);
    draft.status = "sending";
    return save(draft).then(render).then(function () {
      return fetch(form.getAttribute("action") || window.location.pathname,
                   {method: "POST", body: body, credentials: "same-origin"});
    }).then(function (response) {
      return response.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var number = doc.getElementById("tracking-id");
        if (response.ok && response.redirected && number) {
          var link = doc.getElementById("follow-link");
          // Sent: the report's content leaves this device; the number and the private link stay.
          return {id: draft.id, created: draft.created, title: draft.title, status: "sent",
                  tracking: number.textContent.trim(), link: link ? link.getAttribute("href") : "",
                  receipt: new URL(response.url).pathname};
        }
        if (response.status === 429 || response.status >= 500) { draft.status = "waiting"; return draft; }
        draft.status = "failed";
        draft.errors = messagesIn(doc);
        if (!draft.errors.length) draft.errors = [text.rejected];
        return draft;
      });
    }, function () { draft.status = "waiting"; return draft; })  // the connection dropped again
      .then(save);
  }
  function sendAll() {
    if (sending || !navigator.onLine) return Promise.resolve();
    sending = true;
    return all().then(function (drafts) {
      var due = drafts.filter(function (d) { return d.status === "waiting" || d.status === "sending"; });
      if (!due.length) return null;
      return freshCsrf().then(function (csrf) {
        return due.reduce(function (chain, draft) {
          return chain.then(function () { return sendOne(draft, csrf); });
        }, Promise.resolve());
      });
    }).catch(function () { /* still no connection: try again on the next "online" */ })
      .then(function () { sending = false; return render(); });
  }

  // A draft the server refused goes back into the form to be corrected and sent as usual.
  function restore(draft) {
    var files = {};
    Array.prototype.forEach.call(form.elements, function (input) {
      if (input.type === "checkbox" || input.type === "radio") input.checked = false;
    });
    draft.entries.forEach(function (entry) {
      var name = entry[0], value = entry[1];
      if (typeof value !== "string") { (files[name] = files[name] || []).push(value); return; }
      var inputs = form.querySelectorAll('[name="' + name + '"]');
      Array.prototype.forEach.call(inputs, function (input) {
        if (input.type === "checkbox" || input.type === "radio") {
          if (input.value === value) input.checked = true;
        } else if (input.type !== "file") {
          input.value = value;
        }
      });
    });
    Object.keys(files).forEach(function (name) {
      var input = form.querySelector('input[type="file"][name="' + name + '"]');
      if (!input || !window.DataTransfer) return;
      var transfer = new DataTransfer();
      files[name].forEach(function (file) { transfer.items.add(file); });
      input.files = transfer.files;
    });
    remove(draft.id).then(render).then(function () {
      var first = form.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
  }

  window.addEventListener("online", function () { showOffline(); sendAll(); });
  window.addEventListener("offline", showOffline);
  showOffline();
  render().then(sendAll);
})();
