"""The reporter corrects the identity they gave, through the private link or their account."""

from django.urls import reverse

from baruga.audit.models import AuditEntry
from baruga.complaints.models import ReporterContact


def _url(report):
    return reverse("complaints:reporter_action", args=[report.tracking_id, "correct_contact"])


def test_a_guest_corrects_their_phone_through_the_private_link(client, cast, file_report):
    report, secret = file_report(guest=True)
    response = client.post(_url(report), {"k": secret, "field": "phone", "value": "081311112222"}, follow=True)
    assert "sudah dikoreksi" in response.text
    assert ReporterContact.objects.get(report=report).phone == "081311112222"
    entry = AuditEntry.objects.get(action="privacy.correct")
    assert "081311112222" not in str(entry.details) and "081311112222" not in entry.reason


def test_a_wrong_secret_corrects_nothing(client, cast, file_report):
    report, _secret = file_report(guest=True)
    assert client.post(_url(report), {"k": "salah", "field": "name", "value": "Orang Lain"}).status_code == 404
    assert ReporterContact.objects.get(report=report).name == "Ayu Lestari"


def test_staff_cannot_use_the_reporter_correction(client, cast, dispatched_report):
    client.force_login(cast.eko)
    assert client.post(_url(dispatched_report), {"field": "name", "value": "Eko"}).status_code == 404


def test_an_invalid_email_is_refused_with_a_message(client, cast, file_report):
    report = file_report()
    client.force_login(cast.ayu)
    response = client.post(_url(report), {"field": "email", "value": "bukan-email"}, follow=True)
    assert "msg-error" in response.text
    assert ReporterContact.objects.get(report=report).email == "ayu.lestari@contoh.id"
