"""The site's public base URL: SITE_URL when it is configured, otherwise the host a request came to.

SITE_URL is unset by default, so answers to a request (Open311's discovery, its links) name the host
the client actually used. Texts written outside a request (e-mails, the demo summary) have no host to
take: they use SITE_URL, or the development server's address when it is unset.
"""

from django.conf import settings

DEVELOPMENT_URL = "http://127.0.0.1:8000"


def site_url(request=None):
    """The base URL without a trailing slash."""
    configured = (settings.SITE_URL or "").rstrip("/")
    if configured:
        return configured
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return DEVELOPMENT_URL


def absolute_url(path, request=None):
    """`path` (starting with /) made absolute on `site_url(request)`."""
    return site_url(request) + path
