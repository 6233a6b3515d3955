"""`manage.py check` reports a half-configured or malformed gateway."""

from baruga.notifications.checks import gateway_settings


def test_a_gateway_url_without_a_secret_is_reported(settings):
    settings.NOTIFY_GATEWAY_URL, settings.NOTIFY_GATEWAY_SECRET = "https://gateway.contoh.id/kirim", ""
    assert [p.id for p in gateway_settings(None)] == ["notifications.W001"]


def test_a_gateway_url_that_is_not_http_is_an_error(settings):
    settings.NOTIFY_GATEWAY_URL, settings.NOTIFY_GATEWAY_SECRET = "file:///etc/passwd", "rahasia"
    assert [p.id for p in gateway_settings(None)] == ["notifications.E001"]


def test_no_gateway_or_a_complete_one_is_fine(settings):
    settings.NOTIFY_GATEWAY_URL, settings.NOTIFY_GATEWAY_SECRET = "", ""
    assert gateway_settings(None) == []
    settings.NOTIFY_GATEWAY_URL, settings.NOTIFY_GATEWAY_SECRET = "https://gateway.contoh.id/kirim", "rahasia"
    assert gateway_settings(None) == []
