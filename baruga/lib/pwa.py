"""Installable web apps (PWA): the two pieces every app of the site needs, the manifest and the worker.

Used by the citizen site (`complaints.views_pwa`, scope /) and the heads' app (`headapp.views`, scope
/pimpinan/). The worker's source is a static file; the view prepends its configuration (version, the
URLs it may keep) as ``self.<NAME> = {...};`` so the static file holds no URLs, and a change of the
source or of the (hashed) asset URLs gives a new version, which the browser installs.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse


@lru_cache(maxsize=8)
def static_text(path):
    """A static file's text: from the app directories in development, collected files otherwise."""
    found = finders.find(path)
    if found is None:  # collected static files only (no app directories on this host)
        from django.contrib.staticfiles.storage import staticfiles_storage

        with staticfiles_storage.open(path) as handle:
            return handle.read().decode()
    return Path(found).read_text(encoding="utf-8")


def manifest_response(data):
    """The web app manifest, with its registered content type."""
    response = JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=3600"
    return response


def worker_response(*, source_path, name, config, scope):
    """The service worker `source_path` with ``self.<name> = config`` (plus its version) prepended.

    Never cached by the browser (``no-cache``: it asks each time whether the worker changed), and
    allowed to control `scope` (the header matters when the script lives below its scope)."""
    source = static_text(source_path)
    version = hashlib.sha256((source + json.dumps(config, sort_keys=True)).encode()).hexdigest()[:12]
    body = f"self.{name} = {json.dumps({'version': version, **config})};\n{source}"
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = scope
    response["Cache-Control"] = "no-cache"
    return response
