"""The API's one error shape and the handlers that produce it.

Every error is JSON ``{"detail": str, "code": str, "errors": [{"field": str, "message": str}]}``,
with ``detail`` and every ``message`` in the caller's language (Bahasa Indonesia by default).
The status/code mapping is documented in `baruga.api`.
"""

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import csrf_exempt
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from baruga.lib.api_fields import visible_length

logger = logging.getLogger("baruga.api")


class FieldError(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    code: str
    errors: list[FieldError]


def responses(ok, *codes):
    """An operation's responses for OpenAPI: its success schemas plus the error shape for `codes`."""
    return {**(ok if isinstance(ok, dict) else {200: ok}), **{code: ErrorOut for code in codes}}


class ApiError(Exception):
    """An error the API reports as it is; raised by views and helpers."""

    def __init__(self, status, code, detail, errors=None):
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = errors or []


def not_found():
    return ApiError(404, "not_found", _("Data tidak ditemukan."))


def invalid(detail, field=None):
    return ApiError(400, "invalid", detail, [{"field": field, "message": detail}] if field else None)


def forbidden(detail):
    return ApiError(403, "forbidden", detail)


def unauthenticated(detail=None):
    return ApiError(401, "unauthenticated", detail or _("Silakan masuk terlebih dahulu."))


def _field_name(loc):
    """`("body", "payload", "title")` -> "title"; `("query", "page")` -> "page"."""
    parts = [str(p) for p in loc[1:]]
    if loc and loc[0] == "body" and len(parts) > 1:
        parts = parts[1:]  # the view's parameter name means nothing to the caller
    return ".".join(parts) or str(loc[0] if loc else "")


def _bound(ctx, *keys):
    return next((ctx[k] for k in keys if k in ctx), "")


def _message(error):
    """An Indonesian message for one pydantic error (pydantic itself speaks English only)."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("Wajib diisi.")
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"]).removeprefix("Value error, ")
    if kind == "string_too_short":
        return _("Terlalu pendek (minimal %(n)s karakter).") % {"n": ctx.get("min_length")}
    if kind == "string_pattern_mismatch" and visible_length(ctx.get("pattern")) is not None:
        n = visible_length(ctx.get("pattern"))
        return _("Wajib diisi.") if n == 1 else _("Terlalu pendek (minimal %(n)s karakter).") % {"n": n}
    if kind == "string_too_long":
        return _("Terlalu panjang (maksimal %(n)s karakter).") % {"n": ctx.get("max_length")}
    if kind in ("greater_than", "greater_than_equal"):
        return _("Nilai minimal %(n)s.") % {"n": _bound(ctx, "ge", "gt")}
    if kind in ("less_than", "less_than_equal"):
        return _("Nilai maksimal %(n)s.") % {"n": _bound(ctx, "le", "lt")}
    if kind in ("enum", "literal_error"):
        return _("Pilihan tidak sah; gunakan salah satu dari: %(choices)s.") % {"choices": ctx.get("expected", "")}
    for prefix, message in _PREFIX_MESSAGES:
        if kind.startswith(prefix):
            return _(message)
    return _("Nilai tidak sah.")


# (pydantic error type prefix, message), translated when used.
_PREFIX_MESSAGES = [
    ("int_", gettext_noop("Harus berupa bilangan bulat.")),
    ("float_", gettext_noop("Harus berupa angka.")),
    ("decimal_", gettext_noop("Harus berupa angka desimal (maksimal 6 angka di belakang koma).")),
    ("bool_", gettext_noop("Harus bernilai true atau false.")),
    ("date", gettext_noop("Tanggal tidak sah; gunakan format TTTT-BB-HH.")),
    ("uuid_", gettext_noop("Harus berupa UUID.")),
    ("string_", gettext_noop("Harus berupa teks dengan format yang benar.")),
    ("list_", gettext_noop("Harus berupa daftar.")),
    ("too_", gettext_noop("Jumlah isian tidak sesuai.")),
]


def error_response(status, code, detail, errors=None):
    """The error shape outside an operation (the API's unmatched paths, `baruga.request_guard`)."""
    return JsonResponse({"detail": detail, "code": code, "errors": errors or []}, status=status)


def _respond(api, request, status, code, detail, errors=None):
    return api.create_response(request, {"detail": detail, "code": code, "errors": errors or []}, status=status)


def register(api):
    """Install the handlers on a NinjaAPI instance."""

    def on_api_error(request, exc):
        return _respond(api, request, exc.status, exc.code, exc.detail, exc.errors)

    def on_validation(request, exc):
        errors = [{"field": _field_name(e.get("loc", ())), "message": _message(e)} for e in exc.errors]
        return _respond(api, request, 422, "invalid", _("Data yang dikirim tidak sah; periksa isian berikut."), errors)

    def on_refused(request, exc):
        # The views map refusals of transitions themselves; what reaches here is bad input.
        return _respond(api, request, 400, "invalid", " ".join(exc.messages))

    def on_not_found(request, exc):
        return on_api_error(request, not_found())

    def on_unauthenticated(request, exc):
        return on_api_error(request, unauthenticated())

    def on_http_error(request, exc):
        if exc.status_code == 400:
            return _respond(api, request, 400, "invalid", _("Isi permintaan tidak dapat dibaca; kirim JSON yang sah."))
        if exc.status_code == 429:
            return _respond(api, request, 429, "throttled", _("Terlalu banyak permintaan; coba lagi nanti."))
        return _respond(api, request, exc.status_code, "error", _("Permintaan tidak dapat diproses."))

    def on_form_instead_of_json(request, exc):
        # A form POSTed to an operation that reads JSON: baruga.request_guard has read the form already.
        return _respond(api, request, 400, "invalid", _("Isi permintaan tidak dapat dibaca; kirim JSON yang sah."))

    def on_unexpected(request, exc):
        logger.exception("Unhandled API error on %s", request.path)
        return _respond(api, request, 500, "server_error", _("Terjadi kesalahan pada server; silakan coba lagi."))

    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(NinjaValidationError, on_validation)
    api.add_exception_handler(DjangoValidationError, on_refused)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(AuthenticationError, on_unauthenticated)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(RawPostDataException, on_form_instead_of_json)
    api.add_exception_handler(Exception, on_unexpected)


@csrf_exempt
def unmatched_path(request, path=""):
    """/api/… that matches no operation (or whose path converter refused, e.g. a negative id): the error
    shape, not Django's HTML page."""
    return error_response(404, "not_found", _("Data tidak ditemukan."))
