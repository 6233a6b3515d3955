"""How API callers prove who they are.

- `session_auth`: a logged-in Django session (staff, citizens with an account). Unsafe methods
  must carry the CSRF token (header ``X-CSRFToken``), as on the pages.
- `report_secret`: a guest reporter sends the secret from the filing receipt in the
  ``X-Report-Secret`` header. A custom header cannot be sent cross-site without CORS, so it
  needs no CSRF token; when present, the session is not consulted.
- `optional_session`: like `session_auth`, but a caller without a session passes as `ANONYMOUS`
  (filing a report as a guest, reading the public status).
- API keys (`baruga.apikeys`): ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``. Every
  operation that takes the session takes a key instead: `SessionAuth` looks for a key first and,
  when one is presented, never consults the session (and needs no CSRF token). The caller is the
  key's owner (so the key never sees more than its owner's memberships allow); the key's scopes
  decide which operations it may call (`SCOPE_RULES`). An unknown, revoked or expired key gets 401
  ``unauthenticated``; a key without the scope 403 ``forbidden``; over its rate limit 429
  ``throttled``.
"""

import re

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, APIKeyHeader
from ninja.utils import check_csrf

from baruga.api_errors import ApiError, ErrorOut
from baruga.apikeys import services as keys

API_ROOT = "/api/v1"
# (path pattern below /api/v1, scope for GET/HEAD/OPTIONS, scope for other methods). First match wins;
# an operation no rule covers is refused to every key (403), so a new router is closed to keys until
# it is listed here.
SCOPE_RULES = [
    (re.compile(r"^/(staff|ppid/staff|spbe/staff|indikator/staff|stats|pimpinan)(/|$)"), "staff:read", "staff:write"),
    (re.compile(r"^/notifications(/|$)"), "notifications:read", "notifications:write"),
    (re.compile(r"^/(reports|me|ppid/requests)(/|$)"), "reports:read", "reports:write"),
]
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def presented_key(request):
    """The API key a request carries (``Authorization: Bearer …`` or ``X-API-Key``), else None."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return request.headers.get("X-API-Key") or None


def scope_for(request):
    """The scope an API operation needs from a key, from its path and method; None if no rule covers it."""
    path = request.path_info
    if not path.startswith(API_ROOT + "/"):
        return None
    path = path[len(API_ROOT):]
    for pattern, read, write in SCOPE_RULES:
        if pattern.match(path):
            return read if request.method in SAFE_METHODS else write
    return None


def authenticate_key(request, raw):
    """The owner of a valid key with the scope this operation needs; raises the API's 401/403/429."""
    try:
        key = keys.authenticate(raw)
    except keys.KeyRefused:
        raise ApiError(401, "unauthenticated",
                       _("Kunci API tidak dikenal, sudah dicabut atau sudah kedaluwarsa.")) from None
    retry_after = keys.over_limit(request, key)
    if retry_after is not None:
        raise ApiError(429, "throttled", _("Terlalu banyak permintaan dengan kunci API ini; coba lagi dalam %(n)s "
                                           "detik.") % {"n": retry_after})
    needed = scope_for(request)
    if needed is None or not key.has_scope(needed):
        raise ApiError(403, "forbidden", _("Kunci API ini tidak memiliki cakupan “%(scope)s” yang diperlukan "
                                           "operasi ini.") % {"scope": needed or "-"})
    owner = key.owner
    request.user = owner  # code below the API sees the key's owner, never a session
    return owner


def key_authenticated(request):
    return getattr(request, "api_key", None) is not None


class Anonymous:
    """A caller with neither a session nor a report secret."""

    is_authenticated = False

    def __repr__(self):
        return "ANONYMOUS"


ANONYMOUS = Anonymous()


class GuestSecret(str):
    """The secret a guest presented; whether it matches is decided per report."""


def _enforce_csrf(request):
    if getattr(request, "_ninja_csrf_exempt", False):
        return
    if check_csrf(request) is not None:
        raise ApiError(
            403, "csrf_failed",
            _("Token CSRF tidak ada atau tidak cocok. Kirim header X-CSRFToken bersama cookie sesi."),
        )


class SessionAuth(APIKeyCookie):
    """The Django session cookie; CSRF is checked here so the refusal speaks Indonesian."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=False)

    def __call__(self, request):
        raw = presented_key(request)
        if raw is not None:
            return authenticate_key(request, raw)
        return super().__call__(request)

    def authenticate(self, request, key):
        if not request.user.is_authenticated:
            return None
        _enforce_csrf(request)
        return request.user


class OptionalSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        return super().authenticate(request, key) or ANONYMOUS


class ReportSecretAuth(APIKeyHeader):
    param_name = "X-Report-Secret"

    def authenticate(self, request, key):
        return GuestSecret(key) if key else None


session_auth = SessionAuth()
optional_session = OptionalSessionAuth()
report_secret = ReportSecretAuth()


def document_api_keys(get_schema):
    """Wrap NinjaAPI.get_openapi_schema so the document says what every operation may answer.

    - every operation that takes the session also takes an API key (security scheme ``ApiKey``), and
      so may answer 401 (unknown, revoked or expired key), 403 (missing scope) and 429 (the key's rate);
    - every operation with a path parameter may answer 404 (also when the path does not match at all,
      e.g. a negative id: `baruga.api_errors.unmatched_path`);
    - every operation with parameters or a body may answer 422 (the schema's validation) and 400 (a body that
      is not JSON or not well-formed multipart, a reference that names nothing).
    All in the one error shape (``ErrorOut``); the router's own documentation of a status wins.
    """
    error_ref = {"$ref": "#/components/schemas/ErrorOut"}

    def add(operation, status, description):
        responses = operation.setdefault("responses", {})
        if str(status) not in responses and status not in responses:
            responses[str(status)] = {"description": description,
                                      "content": {"application/json": {"schema": error_ref}}}

    def schema(*args, **kwargs):
        document = get_schema(*args, **kwargs)
        components = document.setdefault("components", {})
        components.setdefault("schemas", {}).setdefault(
            "ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}"))
        for name, definition in ErrorOut.model_json_schema(
                ref_template="#/components/schemas/{model}").get("$defs", {}).items():
            components["schemas"].setdefault(name, definition)
        components["schemas"]["ErrorOut"].pop("$defs", None)
        components.setdefault("securitySchemes", {})["ApiKey"] = {
            "type": "http", "scheme": "bearer",
            "description": "An API key (`Authorization: Bearer bk_…`, or the `X-API-Key` header); its scopes decide "
                           "which operations it may call (see baruga.api_auth.SCOPE_RULES).",
        }
        for item in document.get("paths", {}).values():
            for operation in item.values():
                if not isinstance(operation, dict):
                    continue
                security = operation.get("security")
                if security and any({"SessionAuth", "OptionalSessionAuth"} & set(s) for s in security):
                    if {"ApiKey": []} not in security:
                        security.insert(0, {"ApiKey": []})
                    add(operation, 401, "Unauthorized")
                    add(operation, 403, "Forbidden")
                    add(operation, 429, "Too Many Requests")
                parameters = operation.get("parameters", [])
                if any(p.get("in") == "path" for p in parameters):
                    add(operation, 404, "Not Found")
                if parameters or operation.get("requestBody"):
                    add(operation, 400, "Bad Request")
                    add(operation, 422, "Unprocessable Entity")
        return document

    return schema
