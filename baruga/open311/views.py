"""Open311 GeoReport v2 endpoints, one set per jurisdiction: /open311/<Kemendagri code>/v2/<resource>.<json|xml>.

No session and no cookies: reads are public (rate-limited per address), POST requests carries the
spec's `api_key` (an API key with the scope open311:write, counted against the key's own rate).
Every refusal is the spec's error list with the HTTP status as `code`.
"""

import logging
from functools import wraps

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from baruga.apikeys import services as keys
from baruga.open311 import services
from baruga.open311.formats import FORMATS, Open311Error, error_response, render
from baruga.lib import ratelimits
from baruga.security import detection

logger = logging.getLogger("baruga.open311")
MAX_POST_BYTES = 64 * 1024
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def endpoint(*methods):
    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapped(request, code, fmt, **kwargs):
            if fmt not in FORMATS:
                return error_response("xml", 400, _("Format “%(fmt)s” tidak didukung; gunakan .xml atau .json.")
                                      % {"fmt": fmt[:10]})
            try:
                if request.method not in methods and not (request.method == "HEAD" and "GET" in methods):
                    raise Open311Error(405, _("Metode %(method)s tidak didukung di alamat ini.")
                                       % {"method": request.method[:10]})
                if request.method in ("GET", "HEAD"):
                    retry_after = ratelimits.check(request, "open311")
                    if retry_after is not None:
                        response = error_response(fmt, 429, _("Terlalu banyak permintaan; coba lagi dalam %(n)s "
                                                              "detik.") % {"n": retry_after})
                        response["Retry-After"] = str(retry_after)
                        return response
                j = services.jurisdiction(code)
                return view(request, j, fmt, **kwargs)
            except Open311Error as exc:
                return error_response(fmt, exc.status, exc.description)
            except Exception:
                logger.exception("Unhandled Open311 error on %s", request.path)
                return error_response(fmt, 500, _("Terjadi kesalahan pada server; silakan coba lagi."))

        return wrapped

    return decorator


@endpoint("GET")
def discovery(request, j, fmt):
    base = reverse("open311:discovery", kwargs={"code": j.code, "fmt": fmt}).rsplit("discovery", 1)[0]
    return render(fmt, services.discovery(j, request, base), root="discovery",
                  child_tags={"endpoints": "endpoint", "formats": "format"})


@endpoint("GET")
def service_list(request, j, fmt):
    services.check_jurisdiction_id(request.GET, j)
    return render(fmt, [services.service_row(c) for c in services.services(j)], root="services", item="service")


@endpoint("GET")
def service_definition(request, j, fmt, service_code):
    services.check_jurisdiction_id(request.GET, j)
    category = services.service(j, service_code)
    return render(fmt, {"service_code": category.slug, "attributes": services.attributes(j)},
                  root="service_definition", child_tags={"attributes": "attribute", "values": "value"})


def _form(request):
    """The POSTed form, or the spec's 400 for anything that is not a readable, modest form."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_POST_BYTES:
        raise Open311Error(400, _("Data terlalu besar (maksimal %(n)d KB).") % {"n": MAX_POST_BYTES // 1024})
    if request.content_type not in FORM_TYPES:
        raise Open311Error(400, _("Kirim data sebagai application/x-www-form-urlencoded, sesuai GeoReport v2."))
    try:
        form, files = request.POST, request.FILES
    except (RequestDataTooBig, SuspiciousOperation, MultiPartParserError, UnicodeDecodeError, ValueError):
        raise Open311Error(400, _("Data formulir tidak dapat dibaca.")) from None
    if files:
        raise Open311Error(400, _("Unggah berkas tidak didukung; kirim tautan foto sebagai media_url."))
    return form


def _key(request, form):
    raw = (form.get("api_key") or "").strip()
    try:
        key = keys.authenticate(raw)
    except keys.KeyRefused:
        raise Open311Error(403, _("api_key tidak sah, sudah dicabut atau kedaluwarsa.")) from None
    if not key.has_scope("open311:write"):
        raise Open311Error(403, _("api_key ini tidak memiliki cakupan open311:write."))
    retry_after = keys.over_limit(request, key)
    if retry_after is not None:
        raise Open311Error(429, _("Terlalu banyak permintaan dengan api_key ini; coba lagi dalam %(n)s detik.")
                           % {"n": retry_after})
    return key


@endpoint("GET", "POST")
def requests_collection(request, j, fmt):
    if request.method == "POST":
        form = _form(request)
        key = _key(request, form)
        row = services.file_request(j=j, key=key, params=form, request=request)
        return render(fmt, [row], root="service_requests", item="request")  # 200, as GeoReport clients expect
    return render(fmt, services.request_rows(j, request.GET), root="service_requests", item="request")


@endpoint("GET")
def request_detail(request, j, fmt, service_request_id):
    services.check_jurisdiction_id(request.GET, j)
    try:
        rows = services.request_row(j, service_request_id)
    except Open311Error:
        detection.tracking_miss(request)
        raise
    return render(fmt, rows, root="service_requests", item="request")


@endpoint("GET")
def token(request, j, fmt, token):
    services.check_jurisdiction_id(request.GET, j)
    return render(fmt, [services.token_row(j, token)], root="service_requests", item="request")


@endpoint("GET")
def updates(request, j, fmt):
    return render(fmt, services.update_rows(j, request.GET), root="service_requests_updates", item="request_update")


@csrf_exempt
def not_found(request, code="", rest=""):
    fmt = "json" if rest.endswith(".json") else "xml"
    return error_response(fmt, 404, _("Sumber tidak ditemukan. Mulai dari discovery.xml."))
