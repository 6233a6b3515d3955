"""The filing form as a citizen meets it: which kinds it offers, optional fields, the error summary,
a chosen file on a page with errors, the map's places and the no-contact warning."""

import html
import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from baruga.complaints.forms import ReportForm
from baruga.complaints.models import Attachment, Kind, Report


def _form(cast, **overrides):
    data = {
        "kind": "complaint", "title": "Lampu jalan mati di Jl. Sultan Alauddin",
        "body": "Sudah seminggu lampu jalan mati sehingga gelap dan rawan kecelakaan pada malam hari.",
        "location": cast.makassar.pk, "district": "", "category": "", "address": "",
        "latitude": "", "longitude": "", "event_date": "", "contact_name": "", "contact_email": "",
        "contact_phone": "", "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def _photo():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, format="JPEG")
    return SimpleUploadedFile("jalan.jpg", out.getvalue(), content_type="image/jpeg")


def test_the_form_does_not_offer_information_requests_and_points_to_the_ppid_form(client, cast):
    page = client.get(reverse("complaints:file")).text
    assert 'value="information"' not in page
    assert 'value="complaint"' in page and 'value="aspiration"' in page
    assert f'href="{reverse("ppid:file")}"' in page
    assert "hak mengajukan keberatan" in page


def test_an_information_request_posted_to_the_form_is_sent_to_the_ppid_form_and_files_nothing(client, cast):
    response = client.post(reverse("complaints:file"), _form(cast, kind=Kind.INFORMATION))
    assert response.status_code == 200
    assert "formulir permohonan informasi PPID (/ppid/mohon/)" in html.unescape(response.text)
    assert not Report.objects.exists()


def test_every_optional_field_is_marked_optional_and_no_required_one_is(client, cast):
    page = client.get(reverse("complaints:file")).text
    form = ReportForm()
    for name, field in form.fields.items():
        if field.widget.is_hidden or getattr(field.widget, "input_type", "") in ("checkbox", "radio"):
            continue
        label = re.search(rf'<label for="id_{name}">(.*?)</label>', page, re.S).group(1)
        assert ("(opsional)" in label) is (not field.required), (name, label)
        assert "*" not in label


def test_errors_are_summarised_at_the_top_with_a_link_to_each_field(client, cast):
    response = client.post(reverse("complaints:file"), _form(cast, title="", body="pendek", kind="gosip"))
    page = response.text
    assert "<title>Kesalahan: Buat laporan" in page
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert page.index('class="error-summary"') < page.index("<h1>")
    assert 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert 'href="#id_title"' in summary and 'href="#id_body"' in summary
    assert 'href="#id_kind_0"' in summary  # a radio group links to its first option
    assert 'id="id_title_error"' in page  # and the message stays beside the field
    assert "js/error-summary.js" in page


def test_a_chosen_photo_on_a_page_with_errors_is_said_to_need_choosing_again(client, cast):
    response = client.post(reverse("complaints:file"), {**_form(cast, title=""), "attachments": [_photo()]})
    assert response.status_code == 200
    field = re.search(r'<div class="field has-error">\s*<label for="id_attachments">.*?</div>\s*</div>', response.text,
                      re.S)
    assert field is not None and "Pilih berkasnya lagi sebelum mengirim" in field.group(0)
    assert not Report.objects.exists() and not Attachment.objects.exists()


def test_without_a_chosen_file_nothing_is_said_about_files(client, cast):
    response = client.post(reverse("complaints:file"), _form(cast, title=""))
    assert "Pilih berkasnya lagi" not in response.text


def test_the_map_names_the_regencies_and_keeps_the_text_fields(client, cast):
    page = client.get(reverse("complaints:file")).text
    places = re.search(r'<script id="report-map-places" type="application/json">(.*?)</script>', page).group(1)
    assert '"name": "Kota Makassar"' in places and f'"id": {cast.makassar.pk}' in places
    assert 'id="id_latitude"' in page and 'id="id_longitude"' in page  # the fallback without JavaScript
    assert "vendor/leaflet/leaflet.js" in page and 'data-locate-label="Gunakan lokasi saya"' in page


def test_a_configured_tile_server_is_allowed_on_the_filing_page_only(client, cast, settings):
    settings.MAP_TILE_URL = "https://tiles.contoh.id/{z}/{x}/{y}.png"
    filing = client.get(reverse("complaints:file"))
    assert "https://tiles.contoh.id" in filing["Content-Security-Policy"]
    assert 'data-tiles="https://tiles.contoh.id/{z}/{x}/{y}.png"' in filing.text
    assert "tiles.contoh.id" not in client.get(reverse("complaints:track_lookup"))["Content-Security-Policy"]


def test_a_guest_is_told_before_filing_that_without_contact_no_updates_reach_them(client, cast):
    page = client.get(reverse("complaints:file")).text
    assert 'id="no-contact-note"' in page and "tautan pribadi" in page


def test_a_signed_in_citizen_gets_no_contact_warning(client, cast):
    client.force_login(cast.ayu)
    assert 'id="no-contact-note"' not in client.get(reverse("complaints:file")).text


def test_the_api_still_accepts_an_information_request_for_older_clients(client, cast):
    response = client.post("/api/v1/reports", {
        "kind": "information", "title": "Data jalan rusak 2025", "location_code": "73.71",
        "body": "Mohon data ruas jalan rusak di Kota Makassar tahun 2025 beserta anggarannya.",
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Report.objects.get().kind == Kind.INFORMATION
