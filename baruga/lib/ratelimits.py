"""Rate limits on forms, look-ups, downloads and the API (django-ratelimit, counted in the cache).

The limits live in ``settings.RATE_LIMITS`` ("10/h": ten per hour), read on every request so an
administrator (or a test) can change them. Pages answer 429 with the site's error page (`limited`, templates/429.html),
the API with its usual error shape (`enforce_api`).

Counters are in the default cache: shared by the threads of one process. With several worker
processes, point REDIS_URL at one Redis so they share the counters (see settings).
"""

from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from baruga.api_errors import ApiError


def check(request, group, *, key="ip"):
    """Count this request against `group`; returns the seconds to wait when over the limit, else None."""
    rate = settings.RATE_LIMITS.get(group)
    if not rate:
        return None
    usage = get_usage(request, group=f"baruga.{group}", key=key, rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)


def throttled_response(request, retry_after):
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def limited(group, *, key="ip", methods=("GET", "POST")):
    """Decorate a page view: requests of `methods` beyond the group's rate get the 429 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                retry_after = check(request, group, key=key)
                if retry_after is not None:
                    return throttled_response(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def enforce_api(request, group, *, key="ip"):
    """For API operations: raise the API's 429 error when over the limit."""
    retry_after = check(request, group, key=key)
    if retry_after is not None:
        raise ApiError(429, "throttled", _("Terlalu banyak permintaan; coba lagi dalam %(n)s detik.") % {
            "n": retry_after})
