"""The guest's private link, shown on the receipt page of the browser that filed.

Only the secret's hash is stored with the report or request. The secret itself travels back to the
filing browser in a cookie scoped to that one receipt page (`Path=` the receipt's URL), encrypted and
authenticated (Fernet under a key derived from SECRET_KEY for this purpose alone, bound to the
reference, valid for SESSION_COOKIE_AGE). No session row is written for a guest who files, so the
filing is one transaction; the browser sends the cookie to nothing but the receipt page. Shared by
complaints and PPID.

Receipts kept in the session by earlier versions are still read until those sessions expire.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.urls import reverse

COOKIE_NAME = "baruga_receipt"
SESSION_KEY = "baruga_receipts"  # where earlier versions kept them; read only
_INFO = b"baruga.receipts.cookie"


def _fernet():
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    keys = []
    for secret in secrets:
        material = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
            str(secret).encode())
        keys.append(Fernet(base64.urlsafe_b64encode(material)))
    return MultiFernet(keys)


def remember(response, reference, secret):
    """Give `response` (the redirect to the receipt at its URL) the cookie that shows `secret` there."""
    token = _fernet().encrypt(f"{reference}\n{secret}".encode()).decode()
    response.set_cookie(
        COOKIE_NAME, token, max_age=settings.SESSION_COOKIE_AGE, path=response["Location"],
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
    )
    return response


def recall(request, reference):
    """The secret for `reference` if this browser filed it (and the cookie is still valid), else None."""
    token = request.COOKIES.get(COOKIE_NAME)
    if token:
        try:
            text = _fernet().decrypt(token.encode(), ttl=settings.SESSION_COOKIE_AGE).decode()
        except (InvalidToken, UnicodeDecodeError):
            text = ""
        owner, _, secret = text.partition("\n")
        if secret and owner == reference:
            return secret
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return request.session.get(SESSION_KEY, {}).get(reference)
    return None


def follow_url(request, url_name, reference, secret):
    """The absolute private link to the follow page `url_name` of `reference`."""
    return request.build_absolute_uri(reverse(url_name, args=[reference]) + f"?k={secret}")
