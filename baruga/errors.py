"""The site's own error pages: 400, 403, 404, 429 and 500 in the site's layout, in the visitor's language.

Django calls the handlers named in `baruga.urls` (handler400 …) when DEBUG is off. With DEBUG on
(`make run`) Django would show its technical 404 page, listing every URL pattern, instead:
`DevelopmentErrorPagesMiddleware` shows the real pages there too, and leaves only a crash (500)
to Django's debug page with its traceback.

API paths keep the API's error shape (`baruga.api_errors`): JSON, never an HTML page.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

API_PREFIX = "/api/"


def _is_api(request):
    return request.path_info.startswith(API_PREFIX)


def _api_error(status, code, detail):
    return JsonResponse({"detail": detail, "code": code, "errors": []}, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    if _is_api(request):
        return _api_error(400, "invalid", _("Permintaan tidak dapat diproses."))
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    if _is_api(request):
        return _api_error(403, "forbidden", _("Anda tidak berwenang melakukan ini."))
    # The reason a view gave (ours are written for the visitor, in gettext); Django's own raise none.
    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, "403.html", {"reason": reason}, status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    if _is_api(request):
        return _api_error(404, "not_found", _("Data tidak ditemukan."))
    return render(request, "404.html", status=404)


def server_error(request):
    """A crash: the page is rendered without the request's context processors, which may be what
    failed (the database, a bug in a template tag): 500.html needs no context at all."""
    if _is_api(request):
        return _api_error(500, "server_error", _("Terjadi kesalahan pada server; silakan coba lagi."))
    return HttpResponseServerError(loader.get_template("500.html").render())


class DevelopmentErrorPagesMiddleware:
    """With DEBUG on, show the real 404 and 400 pages instead of Django's technical ones.

    An unknown address never reaches a view (Django resolves it after the middleware), so it is
    resolved here first; a view raising Http404 or SuspiciousOperation is caught in
    `process_exception`. Crashes keep Django's debug page with its traceback. Installed only when
    DEBUG is on (settings).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG:
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as exc:
                return page_not_found(request, exc)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not settings.DEBUG:
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, SuspiciousOperation):
            return bad_request(request, exception)
        return None
