"""Staff record a report received by phone, letter, at the desk or in the media (channel "staff").

citra (admin of Makassar) and eko (sub-admin of Makassar's Dinas PUPR) may record for Makassar;
ayu (a citizen), hadi (Makassar's leader) and joko (an OPD of Gowa) may not.
"""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from baruga.audit.models import AuditEntry
from baruga.complaints import actions
from baruga.complaints.models import Channel, Report, Source, StaffRecording, State
from baruga.complaints.tests.api_helpers import get, jpeg_with_gps, post
from baruga.stats import selectors as stats

BODY = "Warga menelepon: lampu jalan di Jl. Sultan Alauddin padam sejak tiga malam."


def _fields(cast, **overrides):
    fields = dict(
        jurisdiction=cast.makassar, source=Source.PHONE, received_on=timezone.localdate(), kind="complaint",
        title="Lampu jalan padam", body=BODY, location=cast.makassar, contact_name="Pak Rahman",
        contact_phone="0812 3456 7890",
    )
    fields.update(overrides)
    return fields


def _payload(cast, **overrides):
    payload = dict(
        jurisdiction_code=cast.makassar.code, source="phone", received_on=timezone.localdate().isoformat(),
        title="Lampu jalan padam", body=BODY, location_code=cast.makassar.code, contact_name="Pak Rahman",
        contact_phone="081234567890",
    )
    payload.update(overrides)
    return payload


# Who may record

@pytest.mark.parametrize("name", ["citra", "eko", "fajar"])
def test_the_admin_and_the_opd_staff_of_makassar_record_for_makassar(cast, name):
    report = actions.record_report(actor=getattr(cast, name), **_fields(cast))
    assert (report.channel, report.state, report.jurisdiction) == (Channel.STAFF, State.SUBMITTED, cast.makassar)
    recording = StaffRecording.objects.get(report=report)
    assert (recording.source, recording.recorded_by) == (Source.PHONE, getattr(cast, name))
    first = report.events.get()
    assert first.actor == getattr(cast, name) and "Telepon" in first.reason
    assert report.reporter is None and report.guest_secret_hash == ""
    assert AuditEntry.objects.filter(action="report.record", report=report).exists()


@pytest.mark.parametrize("name", ["ayu", "hadi", "indah", "joko", "dewi"])
def test_a_citizen_a_leader_and_staff_of_another_jurisdiction_may_not_record_for_makassar(cast, name):
    with pytest.raises(actions.ActionError) as refused:
        actions.record_report(actor=getattr(cast, name), **_fields(cast))
    assert "tidak berwenang mencatat" in refused.value.messages[0]
    assert not Report.objects.exists()


def test_the_recorded_report_lands_in_the_recorders_jurisdiction_even_for_a_matter_elsewhere(cast):
    report = actions.record_report(actor=cast.citra, **_fields(cast, location=cast.gowa, category=cast.city_road))
    assert report.jurisdiction == cast.makassar  # citra may transfer it after verifying


def test_the_citizens_phone_is_kept_encrypted_and_normalised(cast):
    report = actions.record_report(actor=cast.citra, **_fields(cast, contact_email="rahman@contoh.id"))
    contact = report.contact
    assert (contact.name, contact.phone, contact.email) == ("Pak Rahman", "+6281234567890", "rahman@contoh.id")
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM complaints_reportercontact WHERE report_id = %s", [report.pk])
        assert "6281234567890" not in cursor.fetchone()[0]


def test_the_contact_may_be_left_out(cast):
    report = actions.record_report(actor=cast.eko, **_fields(cast, contact_name="", contact_phone=""))
    assert (report.contact.name, report.contact.phone, report.contact.email) == ("", "", "")


# Bad input: a message in Indonesian, nothing recorded

@pytest.mark.parametrize("overrides, message", [
    ({"source": "pigeon"}, "Pilih sumber laporan."),
    ({"source": Source.SOCIAL_MEDIA}, "Tautan sumber wajib diisi untuk laporan dari media sosial."),
    ({"source": Source.SOCIAL_MEDIA, "source_url": "javascript:alert(1)"}, "Tautan sumber tidak sah"),
    ({"source": Source.LETTER, "source_url": "https://x.com/a/1"}, "Tautan sumber hanya diisi"),
    ({"received_on": None}, "Tanggal diterima wajib diisi."),
    ({"received_on": dt.date.today() + dt.timedelta(days=3)}, "Tanggal diterima tidak boleh di masa depan."),
    ({"contact_email": "bukan-email"}, "Alamat e-mail tidak sah."),
    ({"contact_phone": "12ab"}, "Nomor telepon tidak sah"),
    ({"body": "pendek"}, "Isi laporan terlalu pendek"),
])
def test_bad_input_is_refused_with_a_message_and_records_nothing(cast, overrides, message):
    with pytest.raises(actions.ActionError) as refused:
        actions.record_report(actor=cast.citra, **_fields(cast, **overrides))
    assert refused.value.messages[0].startswith(message)
    assert not Report.objects.exists() and not StaffRecording.objects.exists()


def test_mass_media_may_come_with_or_without_a_link(cast):
    with_link = actions.record_report(actor=cast.citra, **_fields(
        cast, source=Source.MASS_MEDIA, source_url="https://koran.example.id/berita/1"))
    without = actions.record_report(actor=cast.citra, **_fields(cast, source=Source.MASS_MEDIA))
    assert with_link.staff_recording.source_url == "https://koran.example.id/berita/1"
    assert without.staff_recording.source_url == ""


# Inbox and statistics

def test_the_recorded_report_appears_in_the_admins_inbox(client, cast):
    report = actions.record_report(actor=cast.eko, **_fields(cast))
    client.force_login(cast.citra)
    response = get(client, "/staff/reports")
    assert report.tracking_id in {item["tracking_id"] for item in response.json()["items"]}
    page = client.get(reverse("complaints:inbox"))
    assert report.tracking_id in page.content.decode()


def test_the_statistics_count_it_under_its_channel(cast, file_report):
    file_report(category=cast.city_road)
    actions.record_report(actor=cast.citra, **_fields(cast))
    actions.record_report(actor=cast.citra, **_fields(cast, source=Source.LETTER))
    scope = stats.scope_for("wilayah", cast.makassar.code)
    figures = stats.dashboard(scope, stats.parse_filters({}, scope), user=cast.citra)
    by_channel = {row["key"]: row["value"] for row in figures["by_channel"]}
    assert (by_channel["staff"], by_channel["web"]) == (2, 1)
    assert [row["label"] for row in figures["by_channel"] if row["key"] == "staff"] == ["Dicatat petugas"]


# The page

def test_the_page_records_a_letter_with_its_scan(client, cast):
    client.force_login(cast.citra)
    page = client.get(reverse("complaints:record"))
    assert page.status_code == 200
    token = page.context["form"].initial["submission_token"]
    response = client.post(reverse("complaints:record"), {
        "jurisdiction": cast.makassar.pk, "source": "letter", "received_on": timezone.localdate().isoformat(),
        "kind": "complaint", "title": "Surat warga: drainase tersumbat", "body": BODY,
        "location": cast.makassar.pk, "contact_name": "Ibu Sari", "submission_token": token,
        "attachments": [jpeg_with_gps("surat.jpg")],
    })
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:staff_detail", args=[report.tracking_id])
    assert (report.channel, report.staff_recording.source, report.attachments.count()) == ("staff", "letter", 1)
    assert "Surat, diterima" in client.get(response["Location"]).content.decode()


def test_an_opd_recorder_comes_back_to_the_page_with_the_tracking_number(client, cast):
    client.force_login(cast.eko)
    response = client.post(reverse("complaints:record"), {
        "jurisdiction": cast.makassar.pk, "source": "walk_in", "received_on": timezone.localdate().isoformat(),
        "kind": "complaint", "title": "Warga datang: drainase tersumbat", "body": BODY,
        "location": cast.makassar.pk, "submission_token": actions.new_submission_token(),
    }, follow=True)
    report = Report.objects.get()
    assert response.redirect_chain == [(reverse("complaints:record"), 302)]
    assert report.tracking_id in response.content.decode()


def test_the_page_shows_the_refusal_and_records_nothing(client, cast):
    client.force_login(cast.citra)
    response = client.post(reverse("complaints:record"), {
        "jurisdiction": cast.makassar.pk, "source": "social_media", "received_on": timezone.localdate().isoformat(),
        "kind": "complaint", "title": "Unggahan warga", "body": BODY, "location": cast.makassar.pk,
        "submission_token": actions.new_submission_token(),
    })
    assert response.status_code == 200
    assert "Tautan sumber wajib diisi untuk laporan dari media sosial." in response.content.decode()
    assert not Report.objects.exists()


def test_the_page_offers_only_the_recorders_own_jurisdiction(client, cast):
    client.force_login(cast.joko)
    response = client.post(reverse("complaints:record"), {
        "jurisdiction": cast.makassar.pk, "source": "phone", "received_on": timezone.localdate().isoformat(),
        "kind": "complaint", "title": "Lampu padam", "body": BODY, "location": cast.makassar.pk,
        "submission_token": actions.new_submission_token(),
    })
    assert response.status_code == 200 and not Report.objects.exists()
    assert list(response.context["form"].fields["jurisdiction"].queryset) == [cast.gowa]


@pytest.mark.parametrize("name", ["ayu", "hadi"])
def test_the_page_and_its_menu_link_are_not_there_for_a_citizen_or_a_leader(client, cast, name):
    client.force_login(getattr(cast, name))
    assert client.get(reverse("complaints:record")).status_code == 404
    assert reverse("complaints:record") not in client.get(reverse("complaints:public_list")).content.decode()


def test_the_menu_links_the_page_for_opd_staff(client, cast):
    client.force_login(cast.eko)
    assert reverse("complaints:record") in client.get(reverse("complaints:inbox")).content.decode()


# The API

def test_the_api_records_a_social_media_report(client, cast):
    client.force_login(cast.eko)
    response = post(client, "/staff/recorded-reports", _payload(
        cast, source="social_media", source_url="https://instagram.com/p/abc", contact_phone=""))
    assert response.status_code == 201, response.json()
    report = Report.objects.get(tracking_id=response.json()["tracking_id"])
    assert (report.channel, report.staff_recording.source_url) == ("staff", "https://instagram.com/p/abc")
    assert response.json()["secret"] is None


@pytest.mark.parametrize("name", ["ayu", "hadi", "joko"])
def test_the_api_refuses_who_may_not_record_for_makassar(client, cast, name):
    client.force_login(getattr(cast, name))
    response = post(client, "/staff/recorded-reports", _payload(cast))
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_the_api_refuses_bad_input_in_indonesian(client, cast):
    client.force_login(cast.citra)
    response = post(client, "/staff/recorded-reports", _payload(
        cast, received_on=(timezone.localdate() + dt.timedelta(days=1)).isoformat()))
    assert response.status_code == 400
    assert response.json()["detail"] == "Tanggal diterima tidak boleh di masa depan."
    unknown = post(client, "/staff/recorded-reports", _payload(cast, source="burung"))
    assert unknown.status_code == 422
    assert not Report.objects.exists()


def test_the_api_takes_the_original_scan(client, cast):
    client.force_login(cast.citra)
    data = {key: value for key, value in _payload(cast, source="walk_in").items()}
    response = client.post("/api/v1/staff/recorded-reports/with-attachments",
                           {**data, "files": [jpeg_with_gps("ktp-dan-surat.jpg")]})
    assert response.status_code == 201, json.loads(response.content)
    assert Report.objects.get().attachments.count() == 1
