"""Bulk copying: one user downloading N attachments (or exports) within the window raises one high event."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from baruga.security.models import SecurityEvent


def _png():
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(out, format="PNG")
    return SimpleUploadedFile("foto.png", out.getvalue(), content_type="image/png")


def _setup(settings, threshold=5):
    settings.SECURITY_DETECTION = {**settings.SECURITY_DETECTION, "downloads": threshold}
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "attachment": "1000/m"}


def test_the_threshold_reached_raises_one_high_event_naming_the_user(client, cast, file_report, settings):
    _setup(settings)
    report = file_report(category=cast.city_road, attachments=[_png()])
    url = f"/lampiran/{report.attachments.get().pk}/"
    client.force_login(cast.citra)
    for _ in range(8):
        assert client.get(url).status_code == 200
    event = SecurityEvent.objects.get(kind="mass_download")
    assert event.severity == "high" and event.actor == cast.citra and event.details["downloads"] == 5


def test_below_the_threshold_nothing_is_raised(client, cast, file_report, settings):
    _setup(settings)
    report = file_report(category=cast.city_road, attachments=[_png()])
    client.force_login(cast.citra)
    for _ in range(4):
        client.get(f"/lampiran/{report.attachments.get().pk}/")
    assert not SecurityEvent.objects.filter(kind="mass_download").exists()


def test_refused_downloads_do_not_count(client, cast, file_report, settings):
    _setup(settings)
    report = file_report(category=cast.city_road, is_confidential=True, attachments=[_png()])
    client.force_login(cast.gita)  # another OPD: 404 each time
    for _ in range(8):
        assert client.get(f"/lampiran/{report.attachments.get().pk}/").status_code == 404
    assert not SecurityEvent.objects.filter(kind="mass_download").exists()


def test_the_default_threshold_is_one_hundred(settings):
    assert settings.SECURITY_DETECTION["downloads"] == 100
