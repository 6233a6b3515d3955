"""Input no view can use, refused before any view runs: one place for pages, the API and Open311.

- A NUL character (``\\x00``) in the path, the query string, a form field or a JSON string: PostgreSQL
  cannot store or even compare text holding one (``DataError``), so each search, lookup and save
  would fail with a 500. File contents of a multipart upload are not text and are not looked at;
  its text fields are.
- A POSTed form that cannot be read: ``multipart/form-data`` without a boundary (or with an empty
  one), a malformed or oversized form. Open311 already answered these with its own 400
  (`baruga.open311.views._form`); every other endpoint read the form in the view and answered 500.

Each refusal is a 400 in the error format of where it was sent: the API's ``{detail, code, errors}``
(`baruga.api_errors`; the federation endpoints share it), the GeoReport error list under /open311/,
and the site's 400 page (handler400) elsewhere.
"""

import json
import re

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.urls import get_resolver, get_urlconf
from django.utils.translation import gettext as _

from baruga.api_errors import error_response as api_error
from baruga.open311.formats import error_response as open311_error

JSON_PREFIXES = ("/api/", "/federasi/")
OPEN311_PREFIX = "/open311/"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NUL = "\x00"


class Refusal(Exception):
    def __init__(self, detail, field=None):
        super().__init__(detail)
        self.detail = detail
        self.field = field


def _nul_refusal(field=None):
    return Refusal(_("Isian tidak boleh mengandung karakter NUL (\\x00); hapus karakter itu lalu kirim lagi."),
                   field)


def _check_pairs(pairs):
    for key, values in pairs:
        if NUL in key or any(NUL in value for value in values):
            raise _nul_refusal(key.replace(NUL, "") or None)


def _nul_in_json(value, where=""):
    """The dotted place of the first string (key or value) holding a NUL, or None."""
    if isinstance(value, str):
        return where if NUL in value else None
    if isinstance(value, list):
        items = ((f"{where}.{i}" if where else str(i), item) for i, item in enumerate(value))
    elif isinstance(value, dict):
        if any(NUL in key for key in value):
            return where
        items = ((f"{where}.{key}" if where else key, item) for key, item in value.items())
    else:
        return None
    return next((found for place, item in items if (found := _nul_in_json(item, place)) is not None), None)


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _check_body(request):
    if request.method != "POST" and not _declared_length(request):
        return
    if request.content_type in FORM_TYPES:
        if request.method != "POST":
            return  # Django reads forms of POST requests only
        try:
            _check_pairs(request.POST.lists())  # multipart: the text fields; files stay in request.FILES
        except (MultiPartParserError, SuspiciousOperation, UnreadablePostError, UnicodeDecodeError, ValueError):
            raise Refusal(_("Data formulir tidak dapat dibaca.")) from None
        return
    if request.content_type.startswith("multipart/"):
        return
    # Anything else may be JSON (the API reads any body as JSON). Bodies above Django's limit for
    # memory are left to the view, which reads them its own way (the federation inbox) or refuses them.
    if _declared_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        return
    try:
        raw = request.body
    except (RequestDataTooBig, UnreadablePostError):
        return
    if b"\x00" in raw:
        raise _nul_refusal()
    if b"\\u0000" not in raw.lower():
        return
    try:
        data = json.loads(raw)
    except ValueError:
        return  # not JSON: the view refuses it as such
    where = _nul_in_json(data)
    if where is not None:
        raise _nul_refusal(where or None)


def check(request):
    """Raise Refusal for input no view can use."""
    if NUL in request.path_info:
        raise _nul_refusal()
    _check_pairs(request.GET.lists())
    _check_body(request)


def _page_refusal(request, refusal):
    handler = get_resolver(get_urlconf()).resolve_error_handler(400)
    return handler(request, BadRequest(refusal.detail))


OPEN311_FORMAT = re.compile(r"\.(json|xml)$")


def refusal_response(request, refusal):
    path = request.path_info
    if path.startswith(JSON_PREFIXES):
        errors = [{"field": refusal.field, "message": refusal.detail}] if refusal.field else None
        return api_error(400, "invalid", refusal.detail, errors)
    if path.startswith(OPEN311_PREFIX):
        fmt = OPEN311_FORMAT.search(path)
        return open311_error(fmt.group(1) if fmt else "xml", 400, refusal.detail)
    return _page_refusal(request, refusal)


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check(request)
        except Refusal as refusal:
            return refusal_response(request, refusal)
        return self.get_response(request)
