"""A citizen's "permintaan informasi" filed with the complaint service becomes a formal request."""

import pytest

from baruga.complaints import actions as complaint_actions
from baruga.complaints.models import Kind, State
from baruga.ppid import actions, permissions
from baruga.ppid.models import InformationRequest

IDENTITY = dict(purpose="Bahan tugas akhir tentang pemeliharaan jalan kota.", address="Jl. Sultan Alauddin 5",
                identity_number="7371015508990003")


@pytest.fixture
def info_report(ppid, file_report):
    return file_report(guest=True, kind=Kind.INFORMATION, category=ppid.city_road, title="Minta data perbaikan jalan 2025",
                       body="Saya meminta daftar ruas jalan kota yang diperbaiki tahun 2025 beserta anggarannya.")


def test_the_ppid_turns_the_report_into_a_request_keeping_its_history(ppid, info_report):
    report, secret = info_report
    info_request = actions.convert_report_to_request(actor=ppid.rina, report=report, **IDENTITY)
    report.refresh_from_db()
    assert info_request.source_report == report and info_request.channel == "report"
    assert info_request.identity.name == "Ayu Lestari" and info_request.identity.email == "ayu.lestari@contoh.id"
    assert "daftar ruas jalan" in info_request.information_wanted
    assert report.state == State.ARCHIVED
    archived = report.events.get(action="archive")
    assert info_request.registration_number in archived.reason and archived.actor == ppid.rina
    assert report.tracking_id in info_request.events.get(action="convert").reason
    # The reporter's private link opens the request too.
    assert permissions.guest_access(info_request, secret) is not None


def test_the_complaint_admin_may_convert_and_the_page_shows_the_report_history(ppid, info_report, client):
    report, _ = info_report
    client.force_login(ppid.citra)
    page = client.get(f"/ppid/petugas/konversi/{report.tracking_id}/")
    assert page.status_code == 200 and "Ayu Lestari" in page.content.decode()
    response = client.post(f"/ppid/petugas/konversi/{report.tracking_id}/", {
        **IDENTITY, "requester_type": "person", "name": "Ayu Lestari", "email": "ayu.lestari@contoh.id",
        "phone": "", "information_wanted": "Daftar ruas jalan yang diperbaiki 2025.", "obtain_method": "copy",
        "copy_format": "electronic", "delivery_method": "online", "agency": ""})
    info_request = InformationRequest.objects.get()
    assert response.status_code == 302  # citra is no PPID officer: back to the report
    client.force_login(ppid.rina)
    page = client.get(f"/ppid/petugas/permohonan/{info_request.registration_number}/").content.decode()
    assert f"Riwayat laporan asal {report.tracking_id}" in page and "Laporan diterima" in page


@pytest.mark.parametrize("who", ["eko", "hadi", "sari", "tono", "wati", "dewi"])
def test_others_cannot_convert(ppid, info_report, who, client):
    report, _ = info_report
    with pytest.raises(actions.ActionError, match="Hanya admin instansi atau PPID"):
        actions.convert_report_to_request(actor=getattr(ppid, who), report=report, **IDENTITY)
    client.force_login(getattr(ppid, who))
    assert client.get(f"/ppid/petugas/konversi/{report.tracking_id}/").status_code == 404


def test_only_information_requests_convert(ppid, file_report):
    report = file_report(category=ppid.city_road)  # a complaint
    with pytest.raises(actions.ActionError, match="Hanya laporan berjenis permintaan informasi"):
        actions.convert_report_to_request(actor=ppid.rina, report=report, **IDENTITY)


def test_an_anonymous_report_cannot_become_a_formal_request(ppid, file_report):
    report = file_report(kind=Kind.INFORMATION, category=ppid.city_road, is_anonymous=True)
    with pytest.raises(actions.ActionError, match="UU 14/2008 mensyaratkan identitas"):
        actions.convert_report_to_request(actor=ppid.rina, report=report, **IDENTITY)


@pytest.mark.parametrize("missing, message", [
    ("purpose", "Tujuan penggunaan informasi wajib diisi."),
    ("address", "Alamat pemohon wajib diisi."),
    ("identity_number", "NIK (nomor KTP) pemohon wajib diisi"),
])
def test_incomplete_data_changes_nothing(ppid, info_report, missing, message):
    report, _ = info_report
    with pytest.raises(actions.ActionError) as refused:
        actions.convert_report_to_request(actor=ppid.rina, report=report, **{**IDENTITY, missing: ""})
    assert message in " ".join(refused.value.messages)
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and not InformationRequest.objects.exists()


def test_a_report_converts_once(ppid, info_report):
    report, _ = info_report
    first = actions.convert_report_to_request(actor=ppid.rina, report=report, **IDENTITY)
    with pytest.raises(actions.ActionError, match=f"sudah dijadikan permohonan {first.registration_number}"):
        actions.convert_report_to_request(actor=ppid.rina, report=report, **IDENTITY)


def test_a_dispatched_report_is_no_longer_converted(ppid, info_report):
    report, _ = info_report
    complaint_actions.verify(actor=ppid.citra, report=report, title=report.title)
    complaint_actions.dispatch(actor=ppid.citra, report=report, agency=ppid.pupr)
    with pytest.raises(actions.ActionError, match="tidak dapat dijadikan permohonan"):
        actions.convert_report_to_request(actor=ppid.rina, report=report, **IDENTITY)


def test_the_reporters_nik_and_address_carry_over(ppid, info_report):
    from baruga.complaints.models import ReporterContact

    report, _ = info_report
    ReporterContact.objects.filter(report=report).update(nik="", address="")  # clear columns stay clear
    contact = ReporterContact.objects.get(report=report)
    contact.nik, contact.address = "7371015508990003", "Jl. Sultan Alauddin 5"
    contact.save()
    info_request = actions.convert_report_to_request(actor=ppid.rina, report=report, purpose=IDENTITY["purpose"])
    assert info_request.identity.identity_number == "7371015508990003"
    assert info_request.identity.address == "Jl. Sultan Alauddin 5"


# The complaint side: `complaints.actions.archive_converted`, the one writer of the report's archiving.

def test_the_report_is_archived_by_the_complaint_action_with_its_audit_entry(ppid, info_report):
    from baruga.audit.models import AuditEntry

    report, _ = info_report
    info_request = actions.convert_report_to_request(actor=ppid.rina, report=report, **IDENTITY)
    archived = report.events.get(action="archive")
    entry = AuditEntry.objects.get(action="report.archive", report=report)
    assert entry.actor == ppid.rina and entry.details["event_id"] == archived.pk
    assert entry.details["to_state"] == State.ARCHIVED and info_request.registration_number in entry.reason


@pytest.mark.parametrize("who", ["rina", "citra"])
def test_the_ppid_or_the_complaint_admin_archive_a_converted_report(ppid, info_report, who):
    report, _ = info_report
    complaint_actions.archive_converted(actor=getattr(ppid, who), report=report, registration_number="001/PPID/2026")
    report.refresh_from_db()
    assert report.state == State.ARCHIVED
    assert "nomor registrasi 001/PPID/2026" in report.events.get(action="archive").reason


@pytest.mark.parametrize("who", ["eko", "tono", "wati", "umar", "ayu"])
def test_no_one_else_archives_a_report_as_converted(ppid, info_report, who):
    from baruga.complaints.tests.builders import assert_refused

    report, _ = info_report
    assert_refused(lambda: complaint_actions.archive_converted(actor=getattr(ppid, who), report=report,
                                                               registration_number="001/PPID/2026"),
                   report, "Hanya admin instansi atau PPID yang dapat menjadikan laporan ini permohonan informasi.")


def test_only_an_open_information_report_is_archived_as_converted(ppid, info_report, file_report):
    from baruga.complaints.tests.builders import assert_refused

    complaint = file_report(category=ppid.city_road)
    assert_refused(lambda: complaint_actions.archive_converted(actor=ppid.rina, report=complaint,
                                                               registration_number="001/PPID/2026"),
                   complaint, "Hanya laporan berjenis permintaan informasi")
    report, _ = info_report
    complaint_actions.verify(actor=ppid.citra, report=report, title=report.title)
    complaint_actions.dispatch(actor=ppid.citra, report=report, agency=ppid.pupr)
    assert_refused(lambda: complaint_actions.archive_converted(actor=ppid.rina, report=report,
                                                               registration_number="001/PPID/2026"),
                   report, "tidak dapat dijadikan permohonan informasi")
