"""How API callers prove who they are.

- `session_auth`: a logged-in Django session (staff, citizens with an account). Unsafe methods
  must carry the CSRF token (header ``X-CSRFToken``), as on the pages.
- `report_secret`: a guest reporter sends the secret from the filing receipt in the
  ``X-Report-Secret`` header. A custom header cannot be sent cross-site without CORS, so it
  needs no CSRF token; when present, the session is not consulted.
- `optional_session`: like `session_auth`, but a caller without a session passes as `ANONYMOUS`
  (filing a report as a guest, reading the public status).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, APIKeyHeader
from ninja.utils import check_csrf

from baruga.api_errors import ApiError


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
