// The receipt page: a button that copies the private link (shown only here, once). Without this
// script the link is plain text to select and copy, and the e-mail form still sends it.
(function () {
  "use strict";
  var row = document.getElementById("copy-row"), link = document.getElementById("follow-link");
  if (!row || !link) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  button.id = "copy-link";
  button.textContent = row.dataset.copyLabel;
  var status = document.createElement("span");
  status.setAttribute("role", "status");
  status.className = "help";
  function done(ok) { status.textContent = ok ? row.dataset.copiedLabel : row.dataset.copyFailed; }
  function fallback() {
    var range = document.createRange();
    range.selectNodeContents(link);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    done(ok);
  }
  button.addEventListener("click", function () {
    var text = link.getAttribute("href");
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  });
  row.appendChild(button);
  row.appendChild(status);
})();
