"""The webhooks providers post inbound messages to. No session, no CSRF token: a signature instead.

Each view checks the signature over the raw body first (a forged or stale one: 403, logged), reads
the provider's shape into `adapters.Inbound`, counts the sender against the per-number rate limit,
and hands each message to `dialogue.take_in`. A signed request always gets 200 once read, even for a
message taken in before or over the limit: the provider must not retry those.
"""

import json
import logging
import re

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from baruga.intake import adapters, dialogue, mail, signing
from baruga.notifications import mailheaders
from baruga.lib import ratelimits
from baruga.security import detection
from baruga.lib.clientip import client_ip

logger = logging.getLogger("baruga.intake")
CHALLENGE = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


@csrf_exempt
@require_POST
def gateway(request):
    """The neutral JSON of an SMS/WhatsApp gateway (the same signature as Baruga's outbound messages)."""
    if not signing.baruga_signature_valid(request):
        return _forged(request, "gateway")
    try:
        inbound = adapters.from_gateway(json.loads(request.body))
    except ValueError:
        return _bad(_("Isi permintaan bukan JSON yang sah."))
    except adapters.BadPayload as exc:
        return _bad(str(exc))
    return _take_in(request, [inbound])


@csrf_exempt
@require_POST
def sms(request):
    """A plain SMS gateway's form post (`from`, `text`, `id`), signed like the gateway's JSON."""
    if not signing.baruga_signature_valid(request):
        return _forged(request, "sms")
    try:
        inbound = adapters.from_sms_form(request.POST)
    except adapters.BadPayload as exc:
        return _bad(str(exc))
    return _take_in(request, [inbound])


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp(request):
    """The WhatsApp Cloud API webhook: GET answers Meta's verification challenge, POST brings messages."""
    if request.method == "GET":
        challenge = request.GET.get("hub.challenge", "")
        if (request.GET.get("hub.mode") == "subscribe" and signing.whatsapp_verify_token_valid(
                request.GET.get("hub.verify_token")) and CHALLENGE.match(challenge)):
            return HttpResponse(challenge, content_type="text/plain")
        logger.warning("Refused a WhatsApp webhook verification from %s", client_ip(request))
        detection.intake_refused(request, channel="whatsapp", reason="verify_token")
        return JsonResponse({"detail": _("Token verifikasi tidak cocok.")}, status=403)
    if not signing.whatsapp_signature_valid(request):
        return _forged(request, "whatsapp")
    try:
        messages = adapters.from_whatsapp(json.loads(request.body))
    except ValueError:
        return _bad(_("Isi permintaan bukan JSON yang sah."))
    except adapters.BadPayload as exc:
        return _bad(str(exc))
    return _take_in(request, messages)


@csrf_exempt
@require_POST
def email_pipe(request):
    """A raw RFC 822 message from a mail server that pipes (docs/channels.md), signed with the pipe secret."""
    if not settings.EMAIL_INTAKE_PIPE_SECRET or not mailheaders.replies_enabled():
        return JsonResponse({"detail": _("Penerimaan e-mail tidak diaktifkan.")}, status=404)
    # Read from the stream: a message may be larger than DATA_UPLOAD_MAX_MEMORY_SIZE, up to its own limit.
    raw = request.read(settings.EMAIL_INTAKE_MAX_BYTES + 1)
    if len(raw) > settings.EMAIL_INTAKE_MAX_BYTES:
        logger.warning("Refused an e-mail piped from %s: over %s bytes", client_ip(request),
                       settings.EMAIL_INTAKE_MAX_BYTES)
        return JsonResponse({"detail": _("Pesan e-mail terlalu besar.")}, status=413)
    if not signing.email_pipe_signature_valid(request, body=raw):
        return _forged(request, "email")
    if not raw.strip():
        return _bad(_("Isi permintaan kosong; kirim satu pesan e-mail utuh (RFC 822)."))
    result = mail.take_in(raw, transport="pipe", request=request)
    answer = {"outcome": result.outcome, "reason": result.reason}
    if result.report is not None:
        answer["tracking_id"] = result.report.tracking_id
    return JsonResponse(answer)


def _take_in(request, messages):
    outcome = {"taken_in": 0, "duplicates": 0, "limited": 0}
    for inbound in messages:
        if ratelimits.check(request, "intake", key=lambda group, request, phone=inbound.phone: phone) is not None:
            logger.warning("Message %s from a number over the intake rate limit dropped", inbound.message_id)
            outcome["limited"] += 1
            continue
        replies = dialogue.take_in(inbound)
        outcome["taken_in" if replies is not None else "duplicates"] += 1
    return JsonResponse(outcome)


def _forged(request, name):
    logger.warning("Refused a %s webhook call with a missing, stale or forged signature from %s", name,
                   client_ip(request))
    detection.intake_refused(request, channel=name, reason="signature")
    return JsonResponse({"detail": _("Tanda tangan permintaan tidak sah atau kedaluwarsa.")}, status=403)


def _bad(detail):
    return JsonResponse({"detail": detail}, status=400)
