"""Photos on report pages: thumbnails through the permission-checked attachment view, the full image one
click away, the reporter's and the OPD's photos told apart; and the rating's words."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from baruga.complaints import actions
from baruga.complaints.models import Attachment


def _photo(name="jalan.jpg", size=(1600, 1200), fmt="JPEG", mode="RGB"):
    image = Image.new(mode, size, "red")
    exif = Image.Exif()
    exif[0x013B] = "Pelapor Rahasia"  # Artist: the stored file has none, the thumbnail must not bring one
    out = io.BytesIO()
    image.save(out, format=fmt, **({"exif": exif} if fmt == "JPEG" else {}))
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def _pdf():
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return SimpleUploadedFile("surat.pdf", out.getvalue(), content_type="application/pdf")


def _guest_report(file_report, *files):
    return file_report(guest=True, attachments=list(files))


def test_the_reporter_sees_photos_as_thumbnails_linking_to_the_full_image(client, cast, file_report):
    report, secret = _guest_report(file_report, _photo(), _pdf())
    page = client.get(reverse("complaints:track", args=[report.tracking_id]) + f"?k={secret}").text
    photo = Attachment.objects.get(content_type="image/jpeg")
    full = reverse("complaints:attachment", args=[photo.pk]) + f"?k={secret}"
    thumb = reverse("complaints:attachment_thumbnail", args=[photo.pk]) + f"?k={secret}"
    assert re.search(rf'<a href="{re.escape(full)}"><img src="{re.escape(thumb)}" alt="" width="120" height="120"', page)
    assert "Lampiran dari pelapor" in page
    pdf = Attachment.objects.get(content_type="application/pdf")
    assert f'{reverse("complaints:attachment", args=[pdf.pk])}?k={secret}">Dokumen PDF' in page


def test_a_thumbnail_is_a_small_jpeg_without_metadata_kept_beside_the_file(client, cast, file_report):
    report, secret = _guest_report(file_report, _photo())
    photo = Attachment.objects.get()
    response = client.get(reverse("complaints:attachment_thumbnail", args=[photo.pk]) + f"?k={secret}")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "JPEG" and max(image.size) == 240 and image.getexif() == {}
    assert b"Pelapor Rahasia" not in response.content
    assert response["Cache-Control"] == "private, max-age=86400" and response["X-Content-Type-Options"] == "nosniff"
    assert photo.file.storage.exists(f"{photo.file.name}.thumb.jpg")


def test_a_transparent_png_gets_a_white_background(client, cast, file_report):
    report, secret = _guest_report(file_report, _photo("peta.png", (300, 100), "PNG", "RGBA"))
    photo = Attachment.objects.get()
    response = client.get(reverse("complaints:attachment_thumbnail", args=[photo.pk]) + f"?k={secret}")
    assert Image.open(io.BytesIO(response.content)).size == (240, 80)


def test_the_browser_revalidates_a_kept_thumbnail_by_etag(client, cast, file_report):
    report, secret = _guest_report(file_report, _photo())
    url = reverse("complaints:attachment_thumbnail", args=[Attachment.objects.get().pk]) + f"?k={secret}"
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_a_stranger_gets_no_thumbnail_of_a_report_not_public(client, cast, file_report):
    report, _secret = _guest_report(file_report, _photo())
    url = reverse("complaints:attachment_thumbnail", args=[Attachment.objects.get().pk])
    assert client.get(url).status_code == 404
    assert client.get(url + "?k=salah").status_code == 404


def test_a_document_has_no_thumbnail(client, cast, file_report):
    report, secret = _guest_report(file_report, _pdf())
    url = reverse("complaints:attachment_thumbnail", args=[Attachment.objects.get().pk]) + f"?k={secret}"
    assert client.get(url).status_code == 404


def test_staff_see_the_reporters_and_the_opds_photos_apart(client, cast, dispatched_report):
    actions.accept(actor=cast.eko, report=dispatched_report)
    actions.respond(actor=cast.eko, report=dispatched_report, body="Lampu sudah diganti, lihat foto.",
                    attachments=[_photo("sesudah.jpg")])
    client.force_login(cast.citra)
    page = client.get(reverse("complaints:staff_detail", args=[dispatched_report.tracking_id])).text
    after = Attachment.objects.get(response__isnull=False)
    assert "Lampiran dari Dinas PUPR Makassar" in page
    assert reverse("complaints:attachment_thumbnail", args=[after.pk]) in page
    assert client.get(reverse("complaints:attachment_thumbnail", args=[after.pk])).status_code == 200


def test_the_rating_choices_say_what_each_number_means(client, cast, dispatched_report):
    actions.accept(actor=cast.eko, report=dispatched_report)
    actions.respond(actor=cast.eko, report=dispatched_report, body="Lampu sudah diganti.")
    if dispatched_report.__class__.objects.get(pk=dispatched_report.pk).state != "responded":
        actions.approve_response(actor=cast.fajar, report=dispatched_report)
    client.force_login(cast.ayu)
    page = client.get(reverse("complaints:track", args=[dispatched_report.tracking_id])).text
    assert "1 — Sangat tidak puas" in page and "5 — Sangat puas" in page and "3 — Cukup" in page


def test_anyone_sees_the_thumbnails_of_a_public_report(client, cast, file_report):
    report, _secret = file_report(guest=True, category=cast.city_road, attachments=[_photo()])
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    photo = Attachment.objects.get()
    page = client.get(reverse("complaints:public_detail", args=[report.tracking_id])).text
    assert reverse("complaints:attachment_thumbnail", args=[photo.pk]) in page and "Lampiran dari pelapor" in page
    assert client.get(reverse("complaints:attachment_thumbnail", args=[photo.pk])).status_code == 200


def test_thumbnails_have_their_own_rate_limit(client, cast, file_report, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "thumbnail": "2/m"}
    report, secret = _guest_report(file_report, _photo())
    url = reverse("complaints:attachment_thumbnail", args=[Attachment.objects.get().pk]) + f"?k={secret}"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
