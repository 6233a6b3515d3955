"""Citizen pages: filing without JavaScript, receipt, private link, answering, public list."""

import io
import re
import uuid

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from baruga.complaints import actions
from baruga.complaints.models import Attachment, Report, State
from baruga.lib import receipts


def _form(cast, **overrides):
    data = {
        "kind": "complaint", "title": "Lampu jalan mati di Jl. Sultan Alauddin",
        "body": "Sudah seminggu lampu jalan mati sehingga gelap dan rawan kecelakaan pada malam hari.",
        "location": cast.makassar.pk, "district": cast.tamalate.pk, "category": "", "address": "Depan masjid",
        "latitude": "", "longitude": "", "event_date": "", "contact_name": "Rudi", "contact_email": "rudi@contoh.id",
        "contact_phone": "081299998888", "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def _jpeg_with_gps():
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x013B] = "Pelapor Rahasia"  # Artist
    exif[0x8825] = {1: "S", 2: (5.0, 8.0, 0.0), 3: "E", 4: (119.0, 25.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_guest_files_a_report_and_gets_a_receipt_with_a_private_link(client, cast):
    photo = SimpleUploadedFile("IMG_0001.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(reverse("complaints:file"), {**_form(cast), "attachments": [photo]})
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:receipt", args=[report.tracking_id])

    receipt = client.get(response["Location"])
    assert report.tracking_id in receipt.text
    link = re.search(r'id="follow-link" href="([^"]+)"', receipt.text).group(1)
    assert "?k=" in link

    followed = client.get(link.replace("http://testserver", ""))
    assert "Sudah seminggu lampu jalan mati" in followed.text
    stored = Attachment.objects.get().file.read()
    assert b"Pelapor Rahasia" not in stored and Image.open(io.BytesIO(stored)).getexif() == {}


def test_the_reporter_who_gave_an_email_gets_a_receipt_by_email(client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("complaints:file"), _form(cast))
    report = Report.objects.get()
    # Delivered through the notifications outbox; the receiving admins are e-mailed too.
    receipts = [m for m in mail.outbox if m.to == ["rudi@contoh.id"]]
    assert len(receipts) == 1
    assert report.tracking_id in receipts[0].subject
    assert "?k=" not in receipts[0].body


def test_the_receipt_is_not_shown_to_another_browser(client, cast, file_report):
    report, _secret = file_report(guest=True)
    response = client.get(reverse("complaints:receipt", args=[report.tracking_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:track", args=[report.tracking_id])


def test_the_receipt_travels_in_a_cookie_for_its_page_alone_and_no_session_is_written(client, cast):
    response = client.post(reverse("complaints:file"), _form(cast))
    report = Report.objects.get()
    cookie = response.cookies[receipts.COOKIE_NAME]
    assert cookie["path"] == reverse("complaints:receipt", args=[report.tracking_id])
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["max-age"] == settings.SESSION_COOKIE_AGE
    assert report.tracking_id not in cookie.value  # encrypted, not merely signed
    assert not Session.objects.exists()
    page = client.get(cookie["path"])
    assert "?k=" in page.text and "no-store" in page["Cache-Control"]


def test_a_receipt_cookie_opens_no_other_report_and_a_tampered_one_opens_nothing(client, cast, file_report):
    client.post(reverse("complaints:file"), _form(cast))
    mine = Report.objects.get()
    other, _secret = file_report(guest=True)
    token = client.cookies[receipts.COOKIE_NAME].value
    assert client.get(reverse("complaints:receipt", args=[other.tracking_id])).status_code == 302
    client.cookies[receipts.COOKIE_NAME] = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    response = client.get(reverse("complaints:receipt", args=[mine.tracking_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:track", args=[mine.tracking_id])


def test_a_receipt_cookie_lasts_as_long_as_a_session_and_survives_a_secret_key_rotation(client, cast, settings):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        client.post(reverse("complaints:file"), _form(cast))
    report = Report.objects.get()
    url = reverse("complaints:receipt", args=[report.tracking_id])
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    with time_machine.travel("2026-03-02 16:59 +0800", tick=False):
        assert "?k=" in client.get(url).text
    with time_machine.travel("2026-03-02 17:01 +0800", tick=False):  # SESSION_COOKIE_AGE (8 h) later
        assert client.get(url).status_code == 302


def test_a_receipt_kept_in_the_session_by_an_earlier_version_is_still_shown(client, cast, file_report):
    report, secret = file_report(guest=True)
    session = client.session
    session[receipts.SESSION_KEY] = {report.tracking_id: secret}
    session.save()
    page = client.get(reverse("complaints:receipt", args=[report.tracking_id]))
    assert f"?k={secret}" in page.text


def test_a_double_submit_files_one_report(client, cast):
    data = _form(cast)
    client.post(reverse("complaints:file"), data)
    client.post(reverse("complaints:file"), data)
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"title": ""}, "Bidang ini tidak boleh kosong"),
        ({"body": "pendek"}, "Pastikan nilai ini mengandung paling sedikit 20 karakter"),
        ({"title": "x" * 151}, "paling banyak 150 karakter"),
        ({"location": ""}, "Bidang ini tidak boleh kosong"),
        ({"district": "999999"}, "pilihan yang valid"),
        ({"latitude": "-5.1"}, "Titik peta harus berisi lintang dan bujur"),
        ({"contact_phone": "telepon saya"}, "Nomor telepon tidak valid"),
        ({"kind": "gosip"}, "pilihan yang valid"),
    ],
)
def test_bad_input_gets_a_clear_message_and_files_nothing(client, cast, overrides, message):
    response = client.post(reverse("complaints:file"), _form(cast, **overrides))
    assert response.status_code == 200
    assert message in response.text
    assert Report.objects.count() == 0


def test_a_district_of_another_regency_is_refused(client, cast):
    response = client.post(reverse("complaints:file"), _form(cast, district=cast.somba_opu.pk))
    assert "Kecamatan tidak berada di kabupaten/kota yang dipilih" in response.text
    assert Report.objects.count() == 0


def test_a_disguised_file_is_refused_by_its_content(client, cast):
    fake = SimpleUploadedFile("foto.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    response = client.post(reverse("complaints:file"), {**_form(cast), "attachments": [fake]})
    assert "bukan gambar (JPEG, PNG, WebP) atau PDF yang sah" in response.text
    assert Report.objects.count() == 0 and Attachment.objects.count() == 0


def test_an_oversized_file_is_refused(client, cast, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    big = SimpleUploadedFile("foto.jpg", _jpeg_with_gps() + b"\0" * 2000, content_type="image/jpeg")
    response = client.post(reverse("complaints:file"), {**_form(cast), "attachments": [big]})
    assert "terlalu besar" in response.text
    assert Report.objects.count() == 0


def test_tracking_by_number_shows_status_but_not_the_text(client, cast, file_report):
    report, _secret = file_report(guest=True, is_confidential=True)
    response = client.get(reverse("complaints:track_lookup"), {"tracking_id": report.tracking_id.lower()})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Belum terverifikasi" in page.text
    assert report.body not in page.text and report.title not in page.text


def test_an_unknown_tracking_number_gets_a_clear_message(client, cast):
    response = client.get(reverse("complaints:track_lookup"), {"tracking_id": "BRG-2222-2222"})
    assert response.status_code == 404
    assert "Nomor pelacakan tidak ditemukan" in response.text


def test_a_wrong_secret_gives_no_reporter_view_and_no_action(client, cast, dispatched_report):
    report = dispatched_report
    actions.accept(actor=cast.eko, report=report)
    actions.respond(actor=cast.eko, report=report, body="Sudah diperbaiki.")
    page = client.get(reverse("complaints:track", args=[report.tracking_id]), {"k": "salah"})
    assert "Sudah diperbaiki." not in page.text
    response = client.post(reverse("complaints:reporter_action", args=[report.tracking_id, "rate"]),
                           {"k": "salah", "rating": "1"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.rating is None


def test_the_guest_answers_through_the_private_link(client, cast, file_report):
    report, secret = file_report(guest=True, category=cast.city_road)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    actions.respond(actor=cast.eko, report=report, body="Sudah ditambal kemarin.")
    url = reverse("complaints:track", args=[report.tracking_id])
    assert "Sudah ditambal kemarin." in client.get(url, {"k": secret}).text

    client.post(reverse("complaints:reporter_action", args=[report.tracking_id, "reopen"]),
                {"k": secret, "text": "Lubangnya masih ada di sisi kiri jalan."})
    report.refresh_from_db()
    assert report.state == State.IN_PROGRESS
    actions.respond(actor=cast.eko, report=report, body="Sisi kiri sudah ditambal.")
    response = client.post(reverse("complaints:reporter_action", args=[report.tracking_id, "rate"]),
                           {"k": secret, "rating": "4", "comment": "Cepat"}, follow=True)
    assert "Terima kasih atas penilaian Anda" in response.text
    report.refresh_from_db()
    assert (report.state, report.rating) == (State.FINISHED, 4)


def test_a_rating_out_of_range_changes_nothing(client, cast, dispatched_report):
    actions.respond(actor=cast.eko, report=dispatched_report, body="Sudah.")
    client.force_login(cast.ayu)
    response = client.post(reverse("complaints:reporter_action", args=[dispatched_report.tracking_id, "rate"]),
                           {"rating": "9"}, follow=True)
    assert "pilihan yang valid" in response.text
    dispatched_report.refresh_from_db()
    assert dispatched_report.state == State.RESPONDED and dispatched_report.rating is None


def test_the_public_list_masks_personal_data_and_hides_confidential_reports(client, cast, file_report):
    public = file_report(category=cast.city_road, body="Hubungi saya di 0812-3456-7890 atau budi@contoh.id, NIK 7371011234560001 ya pak.")
    secret = file_report(title="Laporan rahasia tentang pungli", is_confidential=True, category=cast.city_road)
    for report in (public, secret):
        actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    listing = client.get(reverse("complaints:public_list"))
    assert public.tracking_id in listing.text and secret.tracking_id not in listing.text
    detail = client.get(reverse("complaints:public_detail", args=[public.tracking_id]))
    assert "0812-3456-7890" not in detail.text and "budi@contoh.id" not in detail.text
    assert "7371011234560001" not in detail.text
    assert client.get(reverse("complaints:public_detail", args=[secret.tracking_id])).status_code == 404


def test_unverified_reports_are_not_public(client, cast, file_report):
    report = file_report()
    assert client.get(reverse("complaints:public_detail", args=[report.tracking_id])).status_code == 404


def test_public_search_finds_by_words(client, cast, file_report):
    hit = file_report(title="Drainase tersumbat di Panakkukang", category=cast.city_road)
    miss = file_report(title="Antrean panjang di puskesmas", category=cast.city_road)
    for report in (hit, miss):
        actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    response = client.get(reverse("complaints:public_list"), {"q": "drainase"})
    assert hit.tracking_id in response.text and miss.tracking_id not in response.text


def test_the_public_list_answers_htmx_with_only_the_results(client, cast):
    response = client.get(reverse("complaints:public_list"), HTTP_HX_REQUEST="true")
    assert 'id="results"' in response.text and "<html" not in response.text


def test_a_citizen_with_an_account_sees_only_their_own_reports(client, cast, file_report):
    mine = file_report()
    other = file_report(reporter=cast.hadi, title="Laporan orang lain")
    client.force_login(cast.ayu)
    page = client.get(reverse("complaints:my_reports"))
    assert mine.tracking_id in page.text and other.tracking_id not in page.text


def test_the_page_is_in_english_when_asked(client, cast):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get("/")
    assert 'lang="en"' in response.text


def test_the_english_catalogue_translates_the_filing_form(client, cast):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("complaints:file"))
    assert "Buat laporan" not in page.text
    assert "Kirim laporan" not in page.text


# The empty filing page is kept per process with its two per-visit values left as holes.

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_INPUT = re.compile(r'name="submission_token" value="([^"]+)"')


def _blank():
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    page = browser.get(reverse("complaints:file"))
    assert page.status_code == 200
    return browser, page.text


def test_each_guest_gets_their_own_tokens_on_the_blank_form_and_can_file_with_it(cast):
    first, first_page = _blank()
    second, second_page = _blank()
    tokens = [(CSRF_INPUT.findall(p), TOKEN_INPUT.findall(p)) for p in (first_page, second_page)]
    assert all(csrf and len(set(csrf)) == 1 and len(token) == 1 for csrf, token in tokens)  # the filing and language forms
    assert tokens[0][0] != tokens[1][0] and tokens[0][1] != tokens[1][1]
    for browser, (csrf, token) in ((first, tokens[0]), (second, tokens[1])):
        response = browser.post(reverse("complaints:file"), _form(
            cast, csrfmiddlewaretoken=csrf[0], submission_token=token[0]))
        assert response.status_code == 302, response.content[:500]
    assert Report.objects.filter(submission_token__in=[tokens[0][1][0], tokens[1][1][0]]).count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_kept_form_follows_a_change_of_the_directory(client, cast):
    client.get(reverse("complaints:file"))
    cast.makassar.name = "Kota Makassar Baru"
    cast.makassar.save()
    assert "Kota Makassar Baru" in client.get(reverse("complaints:file")).text


@pytest.mark.django_db(transaction=True)
def test_a_pending_message_is_shown_on_the_filing_page_not_swallowed(client, cast):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    client.get(reverse("complaints:file"))  # the kept page exists
    storage, response = CookieStorage(RequestFactory().get("/")), HttpResponse()
    storage.add(constants.INFO, "Pesan untuk tamu ini")
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    assert "Pesan untuk tamu ini" in client.get(reverse("complaints:file")).text
    assert "Pesan untuk tamu ini" not in client.get(reverse("complaints:file")).text
