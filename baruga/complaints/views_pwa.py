"""The citizen site as an installable app (PWA): the manifest and the service worker, scope /.

The worker (`static/js/sw.js`) keeps exactly two kinds of things: the blank filing page as a guest
sees it (fetched without cookies, so it never holds anyone's name or session) and the static files
that page needs. Everything else — receipts with private links, tracking pages, staff pages, /akun/ —
goes to the network and is never stored. A report written offline is kept on the device by
`static/js/drafts.js` and sent when the connection returns (docs/channels.md, "Aplikasi warga").
"""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from baruga.lib import pwa

ICONS = ((192, "img/icon-192.png"), (512, "img/icon-512.png"))
# What the filing page loads: its stylesheets and scripts (file.html, base.html) and the app icons.
SHELL_ASSETS = ("css/baruga.css", "js/pwa.js", "js/drafts.js", "js/file.js", "js/error-summary.js",
                "vendor/leaflet/leaflet.css", "vendor/leaflet/leaflet.js", *(path for _size, path in ICONS))


@require_GET
def manifest(request):
    return pwa.manifest_response({
        "name": "Baruga Pelayanan Masyarakat", "short_name": "Baruga", "lang": "id",
        "description": _("Laporkan masalah layanan publik, juga saat sinyal putus: laporan dikirim begitu tersambung."),
        "id": "/", "start_url": reverse("complaints:file"), "scope": "/",
        "display": "standalone", "background_color": "#ffffff", "theme_color": "#0b5394",
        "icons": [{"src": static(path), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
                  for size, path in ICONS]
        + [{"src": static(ICONS[-1][1]), "sizes": "512x512", "type": "image/png", "purpose": "maskable"}],
    })


def offline_urls():
    """Everything the worker may keep: the blank filing page and static files, nothing else."""
    return {"form": reverse("complaints:file"), "assets": [static(path) for path in SHELL_ASSETS]}


@require_GET
def service_worker(request):
    """Served from the site root, so its scope is the whole site (it stores only `offline_urls`)."""
    return pwa.worker_response(source_path="js/sw.js", name="BARUGA_WARGA", scope="/", config=offline_urls())
