"""The federation endpoints: the signed inbox, pairing, and our public keys.

Errors use the API's one shape ({"detail", "code", "errors"}); nothing here answers 500 for bad
input. The inbox reads at most FEDERATION_MAX_BODY bytes (+1, to tell "too large").
"""

import logging

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.utils.translation import gettext as _

from baruga.federation import inbox, pairing, signing

logger = logging.getLogger("baruga.federation")


def _read_limited(request, limit):
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    raw = request.read(limit + 1)
    return None if len(raw) > limit else raw


def _json(status, body):
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@never_cache
@require_POST
def receive(request):
    raw = _read_limited(request, inbox.max_body())
    if raw is None:
        return _json(413, inbox.error_body("too_large", _("Pesan terlalu besar.")))
    try:
        status, body = inbox.receive(raw, key_id=request.headers.get("X-Baruga-Key-Id", ""),
                                     signature=request.headers.get("X-Baruga-Signature", ""), request=request)
    except Exception:  # a fault of ours, not of the message: the sender keeps it and retries later
        logger.exception("Federation inbox failed to apply a message")
        return _json(503, inbox.error_body("server_error", _("Pesan belum dapat diproses; kirim ulang nanti.")))
    return _json(status, body)


@csrf_exempt
@never_cache
@require_POST
def pair(request):
    raw = _read_limited(request, 1_000_000)
    if raw is None:
        return _json(413, inbox.error_body("too_large", _("Permintaan terlalu besar.")))
    status, body = pairing.handle_request(raw)
    return _json(status, body)


@require_GET
def keys(request):
    me = signing.identity()
    return _json(200, {"instance_id": str(me.instance_id), "name": me.name, "keys": signing.public_keys()})

