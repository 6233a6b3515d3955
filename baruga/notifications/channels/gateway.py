"""A generic SMS/WhatsApp gateway reached by a signed HTTP webhook.

Baruga POSTs JSON ``{"to", "text", "message_id", "sent_at"}`` to ``NOTIFY_GATEWAY_URL``. The gateway
checks two headers before it forwards the text:

- ``X-Baruga-Timestamp``: Unix seconds when the request was signed (reject old ones, e.g. > 5 min);
- ``X-Baruga-Signature``: hex HMAC-SHA256 with ``NOTIFY_GATEWAY_SECRET`` over ``f"{timestamp}.{body}"``,
  ``body`` being the raw request body (compare in constant time).

A message may arrive twice (a worker that died after sending is retried): the gateway should
ignore a ``message_id`` it has already forwarded. Any 2xx answer means delivered; anything else,
a redirect included, is a failure that the outbox retries.
"""

import datetime as dt
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from django.conf import settings

from baruga.notifications.channels.base import Channel, DeliveryError

DEFAULT_TIMEOUT = 10  # seconds


def sign(secret, timestamp, body):
    """The signature of one request; a gateway verifies it the same way."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # urllib would turn a redirected POST into a GET that "succeeds"; a redirect is a failure here.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None



class GatewayChannel(Channel):
    name = "gateway"

    @property
    def url(self):
        return getattr(settings, "NOTIFY_GATEWAY_URL", "")

    @property
    def secret(self):
        return getattr(settings, "NOTIFY_GATEWAY_SECRET", "")

    def is_configured(self):
        return bool(self.url and self.secret)

    def send(self, message):
        if not self.is_configured():
            raise DeliveryError("NOTIFY_GATEWAY_URL or NOTIFY_GATEWAY_SECRET is not set")
        if not self.url.startswith(("https://", "http://")):
            raise DeliveryError("NOTIFY_GATEWAY_URL must be an http(s) URL")
        body = json.dumps({
            "to": message.to_address,
            "text": message.body,
            "message_id": str(message.pk),
            "sent_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = str(int(time.time()))
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Baruga-Notify/1",
            "X-Baruga-Timestamp": timestamp,
            "X-Baruga-Signature": sign(self.secret, timestamp, body),
        })
        timeout = getattr(settings, "NOTIFY_GATEWAY_TIMEOUT", DEFAULT_TIMEOUT)
        try:
            with urllib.request.build_opener(_NoRedirect).open(request, timeout=timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"gateway answered HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:  # refused, DNS, TLS, timeout
            raise DeliveryError(f"gateway unreachable: {getattr(exc, 'reason', exc)}") from None
        if not 200 <= status < 300:
            raise DeliveryError(f"gateway answered HTTP {status}")
