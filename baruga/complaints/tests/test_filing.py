"""Filing a report: validation, double submits, routing to the receiving jurisdiction, guests, tracking IDs."""

import datetime as dt
import hashlib
import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from baruga.complaints import actions
from baruga.complaints.models import Attachment, Kind, Report, ReporterContact, State
from baruga.directory.models import Category
from baruga.lib import tracking


def photo(name="lubang.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 80, 40)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def nothing_was_filed():
    return (Report.objects.count(), ReporterContact.objects.count(), Attachment.objects.count()) == (0, 0, 0)


def assert_filing_refused(file_report, message, **fields):
    with pytest.raises(actions.ActionError) as refused:
        file_report(attachments=[photo()], **fields)
    assert any(message in m for m in refused.value.messages), refused.value.messages
    assert nothing_was_filed()


LONG_BODY = "Lubang besar di depan sekolah, sudah dua minggu belum diperbaiki."


@pytest.mark.parametrize(("fields", "message"), [
    ({"title": ""}, "Judul wajib diisi."),
    ({"title": "   "}, "Judul wajib diisi."),
    ({"title": "J" * 151}, "Judul terlalu panjang (maksimal 150 karakter)."),
    ({"body": ""}, "Isi laporan wajib diisi."),
    ({"body": "x" * 5001}, "Isi laporan terlalu panjang (maksimal 5000 karakter)."),
    ({"body": "Jalan rusak."}, "Isi laporan terlalu pendek; ceritakan minimal 20 karakter."),
    ({"body": "   Jalan rusak parah.   "}, "Isi laporan terlalu pendek"),
], ids=["no-title", "blank-title", "long-title", "no-body", "long-body", "short-body", "short-after-strip"])
def test_a_report_with_a_bad_title_or_body_is_refused_and_nothing_is_filed(cast, file_report, fields, message):
    assert_filing_refused(file_report, message, **fields)


def test_a_title_of_exactly_150_characters_is_accepted(cast, file_report):
    report = file_report(title="J" * 150)
    assert len(report.title) == 150


def test_a_report_must_be_located_in_a_regency_or_city(cast, file_report):
    assert_filing_refused(file_report, "Pilih kabupaten/kota tempat kejadian.", location=cast.province, district=None)


def test_a_report_without_a_location_is_refused(cast, file_report):
    with pytest.raises(actions.ActionError) as refused:
        file_report(location=None, district=None)
    assert refused.value.messages == ["Pilih kabupaten/kota tempat kejadian."]
    assert nothing_was_filed()


def test_a_district_of_another_regency_is_refused(cast, file_report):
    assert_filing_refused(file_report, "Kecamatan tidak berada di kabupaten/kota yang dipilih.",
                          location=cast.makassar, district=cast.somba_opu)


def test_an_event_date_in_the_future_is_refused(cast, file_report):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert_filing_refused(file_report, "Tanggal kejadian tidak boleh di masa depan.", event_date=tomorrow)


def test_an_event_date_of_today_in_makassar_is_accepted(cast, file_report, time_machine):
    # 23:30 UTC on 9 August is already 07:30 on 10 August in Makassar.
    time_machine.move_to(dt.datetime(2026, 8, 9, 23, 30, tzinfo=dt.UTC))
    report = file_report(event_date=dt.date(2026, 8, 10))
    assert report.event_date == dt.date(2026, 8, 10)


@pytest.mark.parametrize("point", [{"latitude": "-5.147665"}, {"longitude": "119.432732"}])
def test_half_a_map_point_is_refused(cast, file_report, point):
    assert_filing_refused(file_report, "Titik peta harus berisi lintang dan bujur.", **point)


def test_a_whole_map_point_is_kept(cast, file_report):
    report = Report.objects.get(pk=file_report(latitude="-5.147665", longitude="119.432732").pk)
    assert (str(report.latitude), str(report.longitude)) == ("-5.147665", "119.432732")


def test_a_bad_attachment_refuses_the_whole_report(cast, file_report):
    with pytest.raises(actions.ActionError) as refused:
        file_report(attachments=[photo(), SimpleUploadedFile("surat.pdf", b"<html>bukan pdf</html>")])
    assert refused.value.messages == ["Berkas surat.pdf bukan gambar (JPEG, PNG, WebP) atau PDF yang sah."]
    assert nothing_was_filed()


def test_too_many_attachments_are_refused(cast, file_report, settings):
    settings.UPLOAD_MAX_FILES = 2
    with pytest.raises(actions.ActionError) as refused:
        file_report(attachments=[photo(), photo(), photo()])
    assert refused.value.messages == ["Maksimal 2 lampiran sekali kirim."]
    assert nothing_was_filed()


def test_a_good_report_is_filed_with_contact_attachment_and_history(cast, file_report):
    report = file_report(attachments=[photo("IMG_2041 Ayu.jpg")])
    assert report.state == State.SUBMITTED
    assert report.contact.name == "Ayu Lestari"
    attachment = report.attachments.get()
    assert attachment.content_type == "image/jpeg"
    assert "Ayu" not in attachment.file.name  # stored under a random name
    assert [(e.action, e.actor) for e in report.events.all()] == [("submit", cast.ayu)]


def test_an_account_holders_contact_defaults_to_the_account(cast, file_report):
    report = file_report(contact_name="", contact_email="", contact_phone="")
    assert (report.contact.name, report.contact.email) == ("Ayu", "ayu@contoh.id")


# --- double submit -------------------------------------------------------------------------


def test_a_double_submit_with_the_same_token_files_one_report(cast, file_report):
    token = uuid.uuid4()
    first = file_report(submission_token=token)
    second = file_report(submission_token=token)
    assert first.pk == second.pk
    assert Report.objects.count() == 1
    assert ReporterContact.objects.count() == 1
    assert first.events.count() == 1


def test_different_tokens_file_different_reports(cast, file_report):
    file_report(submission_token=uuid.uuid4())
    file_report(submission_token=uuid.uuid4())
    assert Report.objects.count() == 2


# --- routing to the receiving jurisdiction -------------------------------------------------


def test_a_city_road_in_makassar_goes_to_makassar(cast):
    assert actions.suggest_receiver(category=cast.city_road, location=cast.makassar) == cast.makassar
    assert actions.suggest_receiver(category=cast.city_road, location=cast.gowa) == cast.gowa


def test_a_provincial_road_goes_to_the_province(cast):
    assert actions.suggest_receiver(category=cast.province_road, location=cast.makassar) == cast.province


def test_an_unclassified_report_goes_to_the_province_whose_admin_routes_it(cast):
    assert actions.suggest_receiver(category=None, location=cast.gowa) == cast.province


def test_a_national_matter_goes_to_the_province_first(cast):
    national_road = Category.objects.create(slug="jalan-nasional", name="Jalan nasional", parent=cast.roads,
                                            authority="national")
    assert actions.suggest_receiver(category=national_road, location=cast.makassar) == cast.province


@pytest.mark.parametrize(("category", "location", "receiver"), [
    ("city_road", "makassar", "makassar"),
    ("city_road", "gowa", "gowa"),
    ("province_road", "gowa", "province"),
    (None, "makassar", "province"),
])
def test_a_filed_report_lands_at_the_suggested_receiver(cast, file_report, category, location, receiver):
    district = {"makassar": cast.tamalate, "gowa": cast.somba_opu}[location]
    report = file_report(category=getattr(cast, category) if category else None,
                         location=getattr(cast, location), district=district)
    assert report.jurisdiction == getattr(cast, receiver)
    assert report.location == getattr(cast, location)


# --- guests ----------------------------------------------------------------------------------


def test_a_guest_gets_a_secret_of_which_only_the_hash_is_stored(cast, file_report):
    report, secret = file_report(guest=True)
    assert report.reporter is None and report.is_guest
    assert len(secret) >= 32
    report = Report.objects.get(pk=report.pk)
    assert report.guest_secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = " ".join(str(value) for value in Report.objects.filter(pk=report.pk).values().get().values())
    assert secret not in stored


def test_two_guests_get_different_secrets(cast, file_report):
    _first, secret_one = file_report(guest=True)
    _second, secret_two = file_report(guest=True)
    assert secret_one != secret_two


def test_an_account_holder_gets_no_secret(cast):
    report, secret = actions.submit_report(
        reporter=cast.ayu, kind=Kind.ASPIRATION, title="Usul taman baca",
        body="Mohon dibangun taman baca di kelurahan kami untuk anak-anak.", location=cast.makassar,
    )
    assert secret is None
    assert report.guest_secret_hash == ""


# --- tracking IDs ----------------------------------------------------------------------------

TRACKING_ID = re.compile(rf"^BRG-[{tracking.ALPHABET}]{{4}}-[{tracking.ALPHABET}]{{4}}$")


def test_tracking_ids_are_unique_and_read_as_brg_xxxx_xxxx(cast, file_report):
    ids = [file_report().tracking_id for _ in range(25)]
    assert len(set(ids)) == 25
    assert all(TRACKING_ID.match(tracking_id) for tracking_id in ids), ids


def test_a_tracking_id_collision_is_retried_with_a_new_id(cast, file_report, monkeypatch):
    first = file_report()
    issued = iter([first.tracking_id, "BRG-2345-6789"])
    monkeypatch.setattr(actions, "new_tracking_id", lambda: next(issued))
    second = file_report()
    assert second.tracking_id == "BRG-2345-6789"
    assert Report.objects.count() == 2
    assert ReporterContact.objects.filter(report=second).count() == 1
