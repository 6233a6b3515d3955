"""Data-subject rights (UU 27/2022): export, correction, and erasure that waits for the retention period."""

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from baruga.accounts import privacy
from baruga.accounts.models import PrivacyRequest, User
from baruga.audit.models import AuditEntry
from baruga.complaints import actions
from baruga.complaints.models import Report, ReporterContact
from baruga.complaints.tests.test_identity_encryption import assert_absent, dump_database
from baruga.notifications.models import OutboxMessage

NAME = "Sitti Nurhaliza Daeng Ngai"
EMAIL = "sitti.daengngai@contoh.id"
PHONE = "081144556677"
NIK = "7371015508900003"
ADDRESS = "Jl. Sungai Saddang Baru No. 77"
MY_DATA = "/akun/data-saya/"
EXPORT = "/akun/data-saya/unduh/"
ERASE = "/akun/data-saya/hapus/"
SUBJECT_ADMIN = "/admin/accounts/privacyrequest/subjek/"


@pytest.fixture
def root(cast):
    return User.objects.create_superuser(username="root", password="rahasia-sekali-123", email="root@contoh.id")


@pytest.fixture
def sitti(cast):
    """A citizen with an account whose report carries a distinctive identity."""
    return User.objects.create_user(username="warga-sitti", password="rahasia-sekali-123", first_name=NAME,
                                    email=EMAIL, phone=PHONE)


def sittis_report(file_report, sitti, **overrides):
    report = file_report(reporter=sitti, category=overrides.pop("category", None), contact_name=NAME,
                         contact_email=EMAIL, contact_phone=PHONE, **overrides)
    privacy.correct_contact(actor=sitti, report=report, field="nik", value=NIK)
    privacy.correct_contact(actor=sitti, report=report, field="address", value=ADDRESS)
    return report


def close(report, cast, *, days_ago):
    """Archive the report (as the receiving admin) and pretend it happened `days_ago` days ago."""
    admin = cast.citra if report.jurisdiction_id == cast.makassar.pk else cast.budi
    actions.archive(actor=admin, report=report, reason="unclear")
    Report.objects.filter(pk=report.pk).update(state_changed_at=timezone.now() - dt.timedelta(days=days_ago))


# --- export -------------------------------------------------------------------------------------


def test_ayu_downloads_her_own_data_as_json(client, cast, dispatched_report):
    actions.respond(actor=cast.eko, report=dispatched_report, body="Lubang sudah ditambal hari ini.")
    actions.rate(actor=cast.ayu, report=dispatched_report, rating=4, comment="Cepat")
    client.force_login(cast.ayu)

    response = client.post(EXPORT)

    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["username"] == "ayu" and data["account"]["email"] == "ayu@contoh.id"
    [report] = data["reports"]
    assert report["tracking_id"] == dispatched_report.tracking_id
    assert report["contact"] == {"name": "Ayu Lestari", "email": "ayu.lestari@contoh.id", "phone": "081234567890",
                                 "nik": "", "address": ""}
    assert {h["action"] for h in report["history"]} == {"submit", "rate"}  # what she did, not the officers
    assert report["responses"][0]["body"] == "Lubang sudah ditambal hari ini."
    assert data["ratings"] == [{"tracking_id": dispatched_report.tracking_id, "rating": 4, "comment": "Cepat"}]
    assert any(m["to"] == "ayu.lestari@contoh.id" for m in data["messages"])
    assert "Eko" not in response.content.decode()  # the officer who answered is not named
    entry = AuditEntry.objects.get(action="privacy.export")
    assert entry.actor == cast.ayu and entry.details["reports"] == [dispatched_report.tracking_id]


def test_the_page_needs_a_login_and_the_download_a_post(client, cast, file_report):
    report = file_report()
    assert client.get(MY_DATA).status_code == 302
    client.force_login(cast.ayu)
    page = client.get(MY_DATA)
    assert page.status_code == 200 and report.tracking_id in page.text
    assert client.get(EXPORT).status_code == 405
    assert not AuditEntry.objects.filter(action="privacy.export").exists()


def test_a_citizen_cannot_export_someone_elses_data(client, cast, file_report, sitti):
    sittis = sittis_report(file_report, sitti)
    # A guest typed ayu's account address: signing up proves no address, so it is not "hers" to download.
    guest, _secret = file_report(guest=True, contact_name="Orang Lain", contact_email="ayu@contoh.id")
    client.force_login(cast.ayu)

    text = client.post(EXPORT).content.decode()

    assert sittis.tracking_id not in text and guest.tracking_id not in text and "Orang Lain" not in text
    for lookup in ({"email": EMAIL}, {"user": sitti}, {"phone": PHONE, "user": cast.ayu}):
        with pytest.raises(PermissionDenied):
            privacy.export_subject(actor=cast.ayu, **lookup)
    with pytest.raises(PermissionDenied):
        privacy.export_subject(actor=cast.citra, email=EMAIL)  # staff are not superusers


def test_a_superuser_finds_a_guest_through_the_blind_indexes(cast, file_report, root):
    report, _secret = file_report(guest=True, contact_name=NAME, contact_email=EMAIL, contact_phone=PHONE)
    privacy.correct_contact(actor=cast.budi, report=report, field="nik", value=NIK, reason="Surat permohonan PPID")
    contact = ReporterContact.objects.get(report=report)

    for lookup in ({"email": EMAIL.upper()}, {"phone": "+62 811-4455-6677"}, {"nik": NIK}):
        subject = privacy.find_subject(**lookup)
        assert subject.contacts == [contact] and subject.user is None

    data = privacy.export_subject(actor=root, nik=NIK, reason="Permintaan tertulis 12/2026")
    assert [r["tracking_id"] for r in data["reports"]] == [report.tracking_id]
    assert data["reports"][0]["contact"]["nik"] == NIK and data["account"] is None
    assert [m["to"] for m in data["messages"]] == [EMAIL]
    entry = AuditEntry.objects.get(action="privacy.export")
    assert entry.details["lookup"] == ["nik"] and NIK not in json.dumps(entry.details)


def test_the_export_command_prints_json(cast, file_report, sitti):
    report = sittis_report(file_report, sitti)
    out = io.StringIO()
    call_command("privacy_export", "--email", EMAIL, stdout=out)
    data = json.loads(out.getvalue())
    assert data["account"]["username"] == "warga-sitti"
    assert data["reports"][0]["tracking_id"] == report.tracking_id
    assert AuditEntry.objects.get(action="privacy.export").actor_label == "SYSTEM"


# --- correction ---------------------------------------------------------------------------------


def test_the_reporter_and_the_admin_correct_the_contact_and_opd_staff_cannot(cast, dispatched_report):
    contact = privacy.correct_contact(actor=cast.ayu, report=dispatched_report, field="phone", value="0811 2222 333")
    assert list(ReporterContact.objects.filter(phone="+62811-2222-333")) == [contact]
    with pytest.raises(privacy.PrivacyError):
        privacy.correct_contact(actor=cast.citra, report=dispatched_report, field="email", value="baru@contoh.id")
    privacy.correct_contact(actor=cast.citra, report=dispatched_report, field="email", value="baru@contoh.id",
                            reason="Pelapor menelepon, alamat lama salah ketik")
    assert ReporterContact.objects.get(pk=contact.pk).email == "baru@contoh.id"
    for outsider in (cast.eko, cast.gita, cast.budi):
        with pytest.raises(PermissionDenied):
            privacy.correct_contact(actor=outsider, report=dispatched_report, field="name", value="X", reason="uji")

    entries = list(AuditEntry.objects.filter(action="privacy.correct").order_by("id"))
    assert [e.actor_label for e in entries] == ["reporter", "citra"]
    assert "baru@contoh.id" not in json.dumps([e.details for e in entries]) and entries[1].details["field"] == "email"


@pytest.mark.parametrize("field,value,message", [
    ("email", "bukan-email", "e-mail tidak sah"),
    ("nik", "12345", "16 angka"),
    ("phone", "telepon saya", "telepon tidak valid"),
    ("title", "Judul", "dapat dikoreksi"),
])
def test_a_correction_is_validated(cast, file_report, field, value, message):
    with pytest.raises(privacy.PrivacyError, match=message):
        privacy.correct_contact(actor=cast.ayu, report=file_report(), field=field, value=value)


# --- erasure and retention ----------------------------------------------------------------------


def test_erasure_is_refused_while_a_report_is_still_handled(cast, file_report, root, sitti):
    report = sittis_report(file_report, sitti)
    with pytest.raises(privacy.PrivacyError, match=f"Laporan {report.tracking_id} masih ditangani"):
        privacy.erase_subject(actor=root, user=sitti, reason="Permintaan warga", force_reason="Perintah pengadilan")
    assert ReporterContact.objects.get(report=report).name == NAME
    assert User.objects.get(pk=sitti.pk).is_active
    assert not AuditEntry.objects.filter(action="privacy.erase").exists()


def test_erasure_within_the_retention_period_needs_a_superusers_written_reason(cast, file_report, root, sitti):
    report = sittis_report(file_report, sitti)
    close(report, cast, days_ago=10)
    with pytest.raises(privacy.PrivacyError, match="masa retensi 365 hari berakhir"):
        privacy.erase_subject(actor=root, email=EMAIL, reason="Permintaan warga")
    with pytest.raises(PermissionDenied):
        privacy.erase_subject(actor=cast.budi, email=EMAIL, reason="Permintaan warga", force_reason="Mendesak")

    result = privacy.erase_subject(actor=root, email=EMAIL, reason="Permintaan warga",
                                   force_reason="Putusan pengadilan no. 1/2026")

    assert result.forced and result.reports == [report.tracking_id]
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert entry.details["retention_overridden"] and "Putusan pengadilan" in entry.reason
    assert EMAIL not in json.dumps(entry.details)


def test_the_retention_period_is_a_setting(settings, cast, file_report, root, sitti):
    report = sittis_report(file_report, sitti)
    close(report, cast, days_ago=40)
    settings.PRIVACY_RETENTION_DAYS = 30
    privacy.erase_subject(actor=root, user=sitti, reason="Permintaan warga")
    assert ReporterContact.objects.get(report=report).name == ""


def test_staff_accounts_are_not_erased_through_this_service(cast, root):
    with pytest.raises(privacy.PrivacyError, match="akun petugas"):
        privacy.erase_subject(actor=root, user=cast.citra, reason="Pensiun")


@pytest.mark.django_db(transaction=True)
def test_after_erasure_neither_the_dump_nor_the_pages_hold_her_data(client, cast, file_report, root, sitti):
    client.force_login(sitti)  # leaves a login record behind
    report = sittis_report(file_report, sitti, category=cast.city_road)
    guest, _secret = file_report(guest=True, contact_name=NAME, contact_phone=PHONE, contact_email="")
    close(report, cast, days_ago=400)
    close(guest, cast, days_ago=400)
    client.post(ERASE, {"confirm": "on", "note": f"Tolong hapus data saya, {NAME}"})

    result = privacy.erase_subject(actor=root, email=EMAIL, phone=PHONE, reason="Permintaan warga lewat situs")

    assert sorted(result.reports) == sorted([report.tracking_id, guest.tracking_id]) and not result.forced
    account = User.objects.get(pk=sitti.pk)
    assert (account.username, account.email, account.phone, account.first_name, account.is_active) == (
        f"terhapus-{sitti.pk}", "", "", "", False)
    assert not account.has_usable_password()
    assert Report.objects.filter(pk=report.pk, title=report.title).exists()  # the public record stays
    assert PrivacyRequest.objects.get(user=account).status == PrivacyRequest.Status.DONE
    assert not OutboxMessage.objects.filter(to_address=EMAIL).exists()

    assert_absent(dump_database(), [NAME, "Nurhaliza", EMAIL, "daengngai", PHONE, "44556677", NIK, ADDRESS])
    client.force_login(cast.citra)
    page = client.get(reverse("complaints:staff_detail", args=[report.tracking_id])).text
    assert report.title in page and NAME not in page and EMAIL not in page and PHONE not in page
    client.logout()
    login = client.post(reverse("accounts:login"), {"username": "warga-sitti", "password": "rahasia-sekali-123"})
    assert login.status_code == 200 and not login.wsgi_request.user.is_authenticated


# --- the citizen's request and the admin ----------------------------------------------------------


def test_a_citizen_asks_for_erasure_and_an_admin_decides(client, cast, file_report):
    client.force_login(cast.ayu)
    refused = client.post(ERASE, {"note": "Hapus"})
    assert refused.status_code == 200 and not PrivacyRequest.objects.exists()  # the box was not ticked

    response = client.post(ERASE, {"confirm": "on", "note": "Saya pindah domisili"})

    assert response.status_code == 302
    item = PrivacyRequest.objects.get(user=cast.ayu)
    assert item.status == PrivacyRequest.Status.PENDING and item.note == "Saya pindah domisili"
    entry = AuditEntry.objects.get(action="privacy.erase_request")
    assert entry.details == {"user_id": cast.ayu.pk, "request_id": item.pk} and entry.reason == ""
    again = client.post(ERASE, {"confirm": "on"})
    assert "masih diproses" in again.text and PrivacyRequest.objects.count() == 1
    assert "Menunggu keputusan" in client.get(MY_DATA).text


def test_only_superusers_reach_the_admin_view(client, cast, root):
    client.force_login(cast.citra)
    assert client.get(SUBJECT_ADMIN).status_code == 302  # not admin staff at all: to the admin login
    cast.citra.is_staff = True
    cast.citra.save()
    assert client.get(SUBJECT_ADMIN).status_code == 403
    client.force_login(root)
    assert client.get(SUBJECT_ADMIN).status_code == 200
    assert client.get("/admin/accounts/privacyrequest/").status_code == 200


def test_a_superuser_exports_and_erases_from_the_admin(client, cast, file_report, root, sitti):
    report = sittis_report(file_report, sitti)
    close(report, cast, days_ago=400)
    item = privacy.request_erasure(user=sitti, note="Tolong")
    client.force_login(root)
    url = f"{SUBJECT_ADMIN}?permintaan={item.pk}"

    found = client.post(url, {"operation": "find", "email": EMAIL})
    assert report.tracking_id in found.text
    exported = client.post(url, {"operation": "export", "email": EMAIL, "reason": "Permintaan 3/2026"})
    assert exported["Content-Disposition"].startswith("attachment;")
    assert json.loads(exported.content)["reports"][0]["contact"]["name"] == NAME
    unconfirmed = client.post(url, {"operation": "erase", "email": EMAIL, "reason": "Permintaan 3/2026"}, follow=True)
    assert "Centang konfirmasi" in unconfirmed.text and ReporterContact.objects.get(report=report).name == NAME

    erased = client.post(url, {"operation": "erase", "username": "warga-sitti", "reason": "Permintaan 3/2026",
                               "confirm": "on"})

    assert erased.status_code == 302
    assert ReporterContact.objects.get(report=report).name == ""
    item.refresh_from_db()
    assert item.status == PrivacyRequest.Status.DONE and item.handled_by == root and item.note == ""
    assert list(AuditEntry.objects.filter(action__startswith="privacy.").values_list("action", flat=True)
                .order_by("id")) == ["privacy.correct", "privacy.correct", "privacy.erase_request", "privacy.export",
                                     "privacy.erase"]
