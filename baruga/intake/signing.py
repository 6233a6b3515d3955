"""Who may post to the webhooks: a signature over the raw body, checked in constant time.

- The gateway (neutral JSON) and the SMS form post: the scheme of the outbound gateway
  (`baruga.notifications.channels.gateway.sign`): ``X-Baruga-Signature`` is the hex HMAC-SHA256 of
  ``"{X-Baruga-Timestamp}.{body}"`` with ``NOTIFY_GATEWAY_SECRET``; a timestamp further than
  ``INTAKE_SIGNATURE_MAX_AGE`` seconds from now (either way) is refused, so a captured request
  cannot be replayed later.
- The MTA pipe for e-mail (POST /intake/email/, a raw RFC 822 message as the body): the same scheme
  with ``EMAIL_INTAKE_PIPE_SECRET`` (a replay inside the window is harmless: a Message-ID is taken once).
- WhatsApp Cloud API: ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body with the app secret>``.
  Meta does not sign a timestamp; replays are harmless because each message id is taken in once.
"""

import hashlib
import hmac
import time

from django.conf import settings

from baruga.notifications.channels.gateway import sign


def baruga_signature_valid(request, *, now=None):
    return _timestamped_signature_valid(request, settings.NOTIFY_GATEWAY_SECRET, now=now)


def email_pipe_signature_valid(request, *, body, now=None):
    """The MTA pipe (POST /intake/email/): the gateway's scheme with ``EMAIL_INTAKE_PIPE_SECRET``;
    `body` as read from the request's stream."""
    return _timestamped_signature_valid(request, settings.EMAIL_INTAKE_PIPE_SECRET, now=now, body=body)


def _timestamped_signature_valid(request, secret, *, now=None, body=None):
    timestamp = request.headers.get("X-Baruga-Timestamp", "")
    signature = request.headers.get("X-Baruga-Signature", "")
    if not (secret and timestamp.isdigit() and signature):
        return False
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > settings.INTAKE_SIGNATURE_MAX_AGE:
        return False
    body = request.body if body is None else body
    return hmac.compare_digest(sign(secret, timestamp, body), signature.strip().lower())


def whatsapp_signature_valid(request):
    secret = settings.WHATSAPP_APP_SECRET
    header = request.headers.get("X-Hub-Signature-256", "")
    if not (secret and header.startswith("sha256=")):
        return False
    expected = hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256="):].strip().lower())


def whatsapp_verify_token_valid(token):
    expected = settings.WHATSAPP_VERIFY_TOKEN
    return bool(expected) and hmac.compare_digest(expected.encode(), (token or "").encode())
