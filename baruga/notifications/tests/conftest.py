"""Helpers for the notification tests: a real local HTTP gateway and a way to let commits happen."""

import threading
import types
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from baruga.notifications.models import Preference

GATEWAY_SECRET = "rahasia-gateway-uji"


@pytest.fixture
def gateway(settings):
    """An SMS/WhatsApp gateway on 127.0.0.1 (a free port) that records each request and answers
    `gateway.status` (200 unless a test changes it)."""
    state = types.SimpleNamespace(received=[], status=200, secret=GATEWAY_SECRET)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.received.append(types.SimpleNamespace(path=self.path, headers=dict(self.headers), body=body))
            self.send_response(state.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_port}/kirim"
    settings.NOTIFY_GATEWAY_URL = state.url
    settings.NOTIFY_GATEWAY_SECRET = GATEWAY_SECRET
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs the after-commit callbacks (delivery) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def prefer(db):
    def _prefer(user, **fields):
        preference, _created = Preference.objects.update_or_create(user=user, defaults=fields)
        return preference

    return _prefer
