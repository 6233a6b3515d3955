"""The receipt: the private link is shown once, so the guest can copy it, have it e-mailed (through the
outbox, rate-limited) and is warned when no update will reach them."""

import re
import uuid

from django.urls import reverse

from baruga.complaints.models import Report
from baruga.notifications.models import OutboxMessage


def _file(client, cast, **overrides):
    data = {
        "kind": "complaint", "title": "Lampu jalan mati di Jl. Sultan Alauddin",
        "body": "Sudah seminggu lampu jalan mati sehingga gelap dan rawan kecelakaan pada malam hari.",
        "location": cast.makassar.pk, "district": "", "category": "", "address": "", "latitude": "",
        "longitude": "", "event_date": "", "contact_name": "", "contact_email": "", "contact_phone": "",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    response = client.post(reverse("complaints:file"), data)
    assert response.status_code == 302, response.content[:300]
    return Report.objects.latest("pk"), response["Location"]


def _private_link(page):
    return re.search(r'id="follow-link" href="([^"]+)"', page).group(1)


def test_a_guest_without_contact_is_warned_that_only_the_private_link_follows_the_report(client, cast):
    _report, url = _file(client, cast)
    page = client.get(url).text
    assert 'id="no-contact-warning"' in page and "tidak akan sampai kepada Anda" in page


def test_a_guest_with_an_address_gets_no_such_warning(client, cast):
    _report, url = _file(client, cast, contact_email="rudi@contoh.id")
    assert 'id="no-contact-warning"' not in client.get(url).text


def test_the_receipt_offers_a_copy_button_and_the_e_mail_form(client, cast):
    _report, url = _file(client, cast)
    page = client.get(url).text
    assert 'id="copy-row"' in page and 'data-copy-label="Salin tautan"' in page and "js/receipt.js" in page
    assert 'id="send-link-form"' in page and 'type="email"' in page


def test_the_private_link_is_queued_in_the_outbox_to_the_address_given(client, cast, django_capture_on_commit_callbacks):
    report, url = _file(client, cast)
    link = _private_link(client.get(url).text)
    OutboxMessage.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url, {"email": "rudi@contoh.id"})
    assert response.status_code == 302 and response["Location"] == url
    message = OutboxMessage.objects.get()
    assert message.to_address == "rudi@contoh.id" and message.channel == "email"
    assert link in message.body and report.tracking_id in message.subject
    assert "Tautan pribadi dikirim ke rudi@contoh.id" in client.get(url).text


def test_the_same_address_gets_it_once(client, cast):
    _report, url = _file(client, cast)
    client.post(url, {"email": "rudi@contoh.id"})
    client.post(url, {"email": "RUDI@contoh.id"})
    assert OutboxMessage.objects.filter(dedupe_key__startswith="private-link:").count() == 1
    assert "sudah pernah dikirim" in client.get(url).text


def test_a_bad_address_is_refused_with_a_message_and_queues_nothing(client, cast):
    _report, url = _file(client, cast)
    response = client.post(url, {"email": "bukan-alamat"})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text and 'href="#id_email"' in response.text
    assert not OutboxMessage.objects.filter(dedupe_key__startswith="private-link:").exists()


def test_sending_is_rate_limited(client, cast, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "receipt_email": "2/h"}
    _report, url = _file(client, cast)
    for n in range(2):
        assert client.post(url, {"email": f"orang{n}@contoh.id"}).status_code == 302
    assert client.post(url, {"email": "orang9@contoh.id"}).status_code == 429
    assert OutboxMessage.objects.filter(dedupe_key__startswith="private-link:").count() == 2


def test_another_browser_cannot_send_the_link(client, cast):
    from django.test import Client

    _report, url = _file(client, cast)
    response = Client().post(url, {"email": "penyusup@contoh.id"})
    assert response.status_code == 302 and "/lacak/" in response["Location"]
    assert not OutboxMessage.objects.filter(dedupe_key__startswith="private-link:").exists()


def test_a_guest_with_only_a_phone_number_gets_no_such_warning(client, cast):
    _report, url = _file(client, cast, contact_phone="081299998888")
    assert 'id="no-contact-warning"' not in client.get(url).text
