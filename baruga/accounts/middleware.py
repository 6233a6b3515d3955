"""Staff sessions: the second factor before anything else, and the idle timeout."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from baruga.accounts import twofactor

# The pages a half-signed-in staff member may open: the second-factor steps, logout, the language switch.
ALLOWED_URL_NAMES = ["accounts:two_factor", "accounts:two_factor_setup",
                     "accounts:logout", "set_language"]
ACTIVITY_WRITE_INTERVAL = 60  # seconds: do not write the session on every request
SESSIONLESS_PREFIXES = ("/open311/",)


def sessionless(request):
    """Requests that never use the session: API calls carrying an API key, and Open311."""
    path = request.path_info
    if path.startswith(SESSIONLESS_PREFIXES):
        return True
    if not path.startswith("/api/"):
        return False
    return request.headers.get("Authorization", "")[:7].lower() == "bearer " or "X-API-Key" in request.headers


class SecondFactorMiddleware:
    """The one place the second factor is enforced, for every page and API operation of every app.

    A staff member signed in with the password only is sent to the second-factor page (the API
    answers 401 ``second_factor_required``); citizens pass through untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed = None

    def allowed_paths(self):
        if self._allowed is None:
            self._allowed = {reverse(name) for name in ALLOWED_URL_NAMES}
        return self._allowed

    def __call__(self, request):
        path = request.path_info
        if sessionless(request):
            # Authenticated by an API key (baruga.api_auth) or Open311's api_key, never by the session:
            # the session's user, half signed in or not, plays no part in this request.
            request.user = AnonymousUser()
            return self.get_response(request)
        if (twofactor.needs_second_factor(request) and path not in self.allowed_paths()
                and not path.startswith(settings.STATIC_URL)):
            return self.demand(request)
        return self.get_response(request)

    def demand(self, request):
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": _("Selesaikan verifikasi dua langkah terlebih dahulu."),
                                 "code": "second_factor_required", "errors": []}, status=401)
        url = reverse("accounts:two_factor")
        if request.method in ("GET", "HEAD"):
            url += "?" + urlencode({"next": request.get_full_path()})
        response = redirect(url)
        if request.headers.get("HX-Request"):
            response["HX-Redirect"] = url  # htmx would otherwise swap the 2FA page into a fragment
        return response


class StaffIdleTimeoutMiddleware:
    """End a verified staff session after STAFF_IDLE_TIMEOUT seconds without a request.

    The clock starts when the second factor is given (`twofactor._complete`); sessions without it
    (citizens) are not touched, and the session is written at most once a minute.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        last = request.session.get(twofactor.LAST_ACTIVITY_KEY)
        if last is not None:
            now = int(time.time())
            if now - last > settings.STAFF_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("Sesi Anda berakhir karena tidak ada aktivitas selama %(n)s menit. "
                                         "Silakan masuk kembali.") % {"n": settings.STAFF_IDLE_TIMEOUT // 60})
            elif now - last >= ACTIVITY_WRITE_INTERVAL:
                request.session[twofactor.LAST_ACTIVITY_KEY] = now
        return self.get_response(request)
