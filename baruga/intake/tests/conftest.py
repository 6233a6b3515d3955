"""A fake provider: a citizen's phone whose messages reach the webhooks as a provider would sign them,
and whose replies are read from the notifications outbox (where the outbound gateway takes them)."""

import hashlib
import hmac
import itertools
import json
import time

import pytest

from baruga.intake import phones
from baruga.notifications.channels.gateway import sign
from baruga.notifications.models import OutboxMessage

GATEWAY_SECRET = "rahasia-gateway-uji"
APP_SECRET = "rahasia-aplikasi-meta"
VERIFY_TOKEN = "token-verifikasi-uji"
_ids = itertools.count(1)


@pytest.fixture(autouse=True)
def _intake_settings(settings):
    settings.NOTIFY_GATEWAY_SECRET = GATEWAY_SECRET
    settings.NOTIFY_GATEWAY_URL = "https://gateway.contoh.id/kirim"
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    settings.INTAKE_DIALOGUE_TIMEOUT_HOURS = 24
    settings.SITE_URL = "https://baruga.contoh.id"


def post_gateway(client, path, body, *, content_type, secret=GATEWAY_SECRET, timestamp=None):
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    return client.generic("POST", path, body, content_type=content_type, headers={
        "X-Baruga-Timestamp": timestamp, "X-Baruga-Signature": sign(secret, timestamp, body)})


def post_whatsapp(client, payload, *, secret=APP_SECRET):
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.generic("POST", "/intake/whatsapp/", body, content_type="application/json",
                          headers={"X-Hub-Signature-256": signature})


def whatsapp_webhook(number, message, name="Rahman"):
    """The Cloud API's webhook body for one message (`message` without `from`)."""
    return {"object": "whatsapp_business_account", "entry": [{"id": "1234", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"display_phone_number": "6281100000000", "phone_number_id": "99"},
        "contacts": [{"profile": {"name": name}, "wa_id": number}],
        "messages": [{"from": number, "timestamp": str(int(time.time())), **message}],
    }}]}]}


class Phone:
    """A citizen's phone on one transport: "whatsapp" (Cloud API), "sms" (form post) or "gateway" (neutral JSON)."""

    def __init__(self, client, transport="whatsapp", number="6281234567890", gateway_channel="whatsapp"):
        self.client, self.transport, self.number, self.gateway_channel = client, transport, number, gateway_channel
        self.last_id = None

    def send(self, text=None, *, location=None, image=None, message_id=None):
        self.last_id = message_id or f"wamid.uji{next(_ids)}"
        if self.transport == "whatsapp":
            if location is not None:
                message = {"type": "location", "location": {"latitude": location[0], "longitude": location[1]}}
            elif image is not None:
                message = {"type": "image", "image": image}
            else:
                message = {"type": "text", "text": {"body": text}}
            return post_whatsapp(self.client, whatsapp_webhook(self.number, {"id": self.last_id, **message}))
        if self.transport == "sms":
            from urllib.parse import urlencode

            body = urlencode({"from": self.number, "text": text or "", "id": self.last_id}).encode()
            return post_gateway(self.client, "/intake/sms/", body, content_type="application/x-www-form-urlencoded")
        payload = {"channel": self.gateway_channel, "from": self.number, "message_id": self.last_id, "text": text or ""}
        if location is not None:
            payload["location"] = {"latitude": location[0], "longitude": location[1]}
        return post_gateway(self.client, "/intake/gateway/", json.dumps(payload).encode(),
                            content_type="application/json")

    def say(self, text=None, **kwargs):
        """Send, check the webhook took it, and return the replies it caused."""
        before = set(OutboxMessage.objects.values_list("pk", flat=True))
        response = self.send(text, **kwargs)
        assert response.status_code == 200, response.content
        return [m.body for m in self._mine().exclude(pk__in=before).order_by("pk")]

    def _mine(self):
        return OutboxMessage.objects.filter(to_address=phones.address(phones.normalise(self.number)))


@pytest.fixture
def phone(client, cast):
    return lambda **kwargs: Phone(client, **kwargs)
