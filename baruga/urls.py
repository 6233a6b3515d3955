from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from baruga.complaints import views_public

# The site's own error pages (baruga/errors.py); /api/ keeps its JSON error shape.
handler400 = "baruga.errors.bad_request"
handler403 = "baruga.errors.permission_denied"
handler404 = "baruga.errors.page_not_found"
handler500 = "baruga.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("akun/", include("baruga.accounts.urls")),
    path("keamanan/audit/", include("baruga.audit.urls")),
    path("keamanan/", include("baruga.security.urls")),
    # CKAN action API /api/3/action/… and DCAT /catalog.* (docs/satudata.md): before /api/'s catch-all.
    path("", include("baruga.satudata.ckan.urls")),
    path("api/", include("baruga.api_urls")),
    path("ppid/", include("baruga.ppid.urls")),
    path("spbe/", include("baruga.spbe.urls")),
    path("data/", include("baruga.satudata.urls")),  # Satu Data portal and staff pages (docs/satudata.md)
    path("open311/", include("baruga.open311.urls")),  # Open311 GeoReport v2 per jurisdiction
    path("pimpinan/", include("baruga.headapp.urls")),
    path("federasi/", include("baruga.federation.urls")),
    path("intake/", include("baruga.intake.urls")),  # WhatsApp/SMS webhooks (docs/channels.md)
    path("", include("baruga.indicators.urls")),
    path("", include("baruga.dissemination.urls")),  # /siaran-pers/ (newsroom) and /humas/ (staff)
    path("", include("baruga.stats.urls")),
    path("", views_public.home, name="home"),
    path("", include("baruga.notifications.urls")),
    path("", include("baruga.complaints.urls")),
]
