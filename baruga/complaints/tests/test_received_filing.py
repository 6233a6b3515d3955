"""A report another installation hands over is filed by `submit_report(received=...)`, the one filing
path: as the sender checked and sent it, at the jurisdiction it named, without a private link here."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from baruga.complaints import actions
from baruga.complaints.models import Attachment, Channel, Kind, Report, ReporterContact, State
from baruga.notifications.models import OutboxMessage
from baruga.stats.models import StateCount

pytestmark = pytest.mark.django_db


def photo(name):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def receive(cast, jurisdiction=None, **overrides):
    fields = dict(
        kind=Kind.COMPLAINT, title="Jalan provinsi rusak di Gowa", body="Jalan berlubang.",
        location=cast.province, contact_name="Rina", contact_email="rina@contoh.id", contact_phone="0812000111",
        contact_address="Jl. Poros Malino 3",
    )
    fields.update(overrides)
    origin = actions.Received(jurisdiction=jurisdiction or cast.province, instance="Kabupaten Mitra",
                              tracking_id="BRG-AAAA-BBBB", reason="Jalan provinsi, bukan kewenangan kabupaten.")
    return actions.submit_report(reporter=None, channel=Channel.FEDERATION, received=origin, **fields)


def test_a_received_report_is_filed_where_the_sender_named_without_a_private_link(cast):
    report, secret = receive(cast)
    assert secret is None and report.guest_secret_hash == "" and report.reporter is None
    assert (report.jurisdiction, report.location, report.channel) == (cast.province, cast.province, "federation")
    assert report.state == State.SUBMITTED and report.due_at is not None
    event = report.events.get()
    assert (event.action, event.jurisdiction, event.actor) == ("submit", cast.province, None)
    assert event.reason == ("Dialihkan dari Kabupaten Mitra (nomor BRG-AAAA-BBBB): "
                            "Jalan provinsi, bukan kewenangan kabupaten.")
    contact = ReporterContact.objects.get(report=report)
    assert (contact.email, contact.address) == ("rina@contoh.id", "Jl. Poros Malino 3")
    # The province admin learns where it comes from; the reporter, who filed elsewhere, gets no receipt here.
    notification = cast.budi.notifications.get(report=report)
    assert notification.title == "Laporan dialihkan dari Kabupaten Mitra: Jalan provinsi rusak di Gowa"
    assert notification.body == event.reason and notification.dedupe_key == f"federation:{event.pk}"
    assert not OutboxMessage.objects.filter(to_address="rina@contoh.id").exists()
    # Counted like any filing.
    assert StateCount.objects.filter(jurisdiction_id=cast.province.pk, state=State.SUBMITTED).exists()


def test_it_keeps_what_the_sender_kept_beyond_a_citizens_filing(cast, settings):
    """A short or long body (completions appended there) and every attachment collected there."""
    settings.UPLOAD_MAX_FILES = 1
    body = "Lubang.\n\nTambahan dari pelapor:\n" + "Makin parah. " * 600
    report, _ = receive(cast, body=body, attachments=[photo("a.png"), photo("b.png")])
    assert Report.objects.get(pk=report.pk).body == body.strip() and len(body) > actions.MAX_BODY
    assert Attachment.objects.filter(report=report).count() == 2
    # The same from a citizen is refused.
    with pytest.raises(actions.ActionError, match="terlalu pendek"):
        actions.submit_report(reporter=cast.ayu, kind=Kind.COMPLAINT, title="Jalan", body="Lubang.",
                              location=cast.makassar)


@pytest.mark.parametrize("case, message", [
    ("external", "Instansi tujuan tidak dilayani di sini."),
    ("inactive", "Instansi tujuan tidak dilayani di sini."),
    ("no_title", "Judul wajib diisi."),
    ("body_too_long", "Isi laporan terlalu panjang"),
    ("bad_attachment", "bukan gambar"),
])
def test_a_received_report_the_checks_refuse_files_nothing(cast, case, message):
    jurisdiction, overrides = cast.province, {}
    if case == "external":
        jurisdiction = cast.national
    elif case == "inactive":
        cast.province.is_active = False
        cast.province.save()
    elif case == "no_title":
        overrides["title"] = "  "
    elif case == "body_too_long":
        overrides["body"] = "x" * (actions.MAX_RECEIVED_BODY + 1)
    elif case == "bad_attachment":
        overrides["attachments"] = [SimpleUploadedFile("a.png", b"MZ", content_type="image/png")]
    with pytest.raises(actions.ActionError) as refused:
        receive(cast, jurisdiction=jurisdiction, **overrides)
    assert message in " ".join(refused.value.messages)
    assert not Report.objects.exists() and not Attachment.objects.exists()
