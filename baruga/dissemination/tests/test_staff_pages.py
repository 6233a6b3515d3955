"""The staff pages under /humas/: who may open them, forms that keep what was typed, the payment report."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from baruga.audit.models import AuditEntry
from baruga.dissemination.models import Placement, Publication

from .conftest import RELEASE, png_upload
from .test_partners_and_placements import place


@pytest.mark.parametrize("who", [None, "ayu", "citra", "hadi"])
def test_people_without_a_dissemination_role_do_not_find_the_pages(client, humas, partner, who):
    if who:
        client.force_login(getattr(humas, who))
    for name, args in (("index", []), ("partners", []), ("partner", [partner.pk]), ("indicators", []),
                       ("publication_new", []), ("reach_import", [])):
        response = client.get(reverse(f"dissemination:{name}", args=args))
        assert response.status_code in (302, 404), name


def test_opd_staff_see_publications_but_not_partners(client, humas, partner):
    client.force_login(humas.eko)
    assert client.get(reverse("dissemination:index")).status_code == 200
    assert client.get(reverse("dissemination:partners")).status_code == 404
    assert client.get(reverse("dissemination:partner", args=[partner.pk])).status_code == 404


def test_humas_of_another_jurisdiction_does_not_see_the_partner(client, humas, partner):
    client.force_login(humas.lina)
    assert client.get(reverse("dissemination:partner", args=[partner.pk])).status_code == 404


def test_the_staff_menu_links_the_publications_for_dissemination_roles_only(client, humas):
    client.force_login(humas.nanda)
    assert reverse("dissemination:index") in client.get(reverse("dissemination:partners")).content.decode()
    client.force_login(humas.citra)
    assert f'href="{reverse("dissemination:index")}"' not in client.get(reverse("complaints:inbox")).content.decode()


def test_writing_a_draft_through_the_page(client, humas, travel):
    client.force_login(humas.eko)
    response = client.post(reverse("dissemination:publication_new"), {
        "jurisdiction": humas.makassar.pk, "agency": humas.pupr.pk, **RELEASE, "files": [png_upload()]})
    publication = Publication.objects.get()
    assert response.status_code == 302 and publication.attachments.count() == 1
    page = client.get(reverse("dissemination:publication", args=[publication.pk])).content.decode()
    assert "Ajukan untuk ditinjau" in page and "Setujui" not in page


def test_a_short_draft_comes_back_with_what_was_typed(client, humas, travel):
    client.force_login(humas.eko)
    response = client.post(reverse("dissemination:publication_new"), {
        "jurisdiction": humas.makassar.pk, "agency": humas.pupr.pk, **RELEASE, "body": "Terlalu pendek."})
    page = response.content.decode()
    assert response.status_code == 200 and "Kesalahan:" in page and "Isi terlalu singkat" in page
    assert RELEASE["title"] in page and not Publication.objects.exists()


def test_the_head_approves_on_the_page_and_a_refusal_is_a_message(client, humas, draft):
    publication = draft()
    client.force_login(humas.eko)
    client.post(reverse("dissemination:transition", args=[publication.pk, "submit"]))
    response = client.post(reverse("dissemination:transition", args=[publication.pk, "approve"]), follow=True)
    assert "tidak berwenang" in response.content.decode()
    client.force_login(humas.oki)
    client.post(reverse("dissemination:transition", args=[publication.pk, "approve"]))
    publication.refresh_from_db()
    assert publication.state == "approved"


def test_a_placement_over_quota_on_the_page_keeps_the_input_and_records_nothing(client, humas, partner, published):
    for n in range(3):
        place(humas, published, partner, url=f"https://fajar.example.id/{n}")
    client.force_login(humas.nanda)
    response = client.post(reverse("dissemination:placement_add", args=[published.pk]), {
        "partner": partner.pk, "url": "https://fajar.example.id/keempat", "placed_on": "2026-03-10",
        "proof": png_upload(), "views": "10"})
    page = response.content.decode()
    assert response.status_code == 400 and "Kuota penayangan" in page and "https://fajar.example.id/keempat" in page
    assert Placement.objects.count() == 3


def test_a_placement_with_a_bad_url_on_the_page(client, humas, partner, published):
    client.force_login(humas.nanda)
    response = client.post(reverse("dissemination:placement_add", args=[published.pk]), {
        "partner": partner.pk, "url": "javascript:alert(1)", "placed_on": "2026-03-10", "proof": png_upload()})
    assert response.status_code == 400 and "http:// atau https://" in response.content.decode()


def test_the_payment_report_as_xlsx_and_pdf_is_audited(client, humas, partner, published):
    place(humas, published, partner)
    client.force_login(humas.nanda)
    url = reverse("dissemination:partner_report", args=[partner.pk])
    response = client.get(url, {"start": "2026-03-01", "end": "2026-03-31", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:2] == ("Tanggal tayang", "Judul publikasi") and rows[1][1] == published.title
    pdf = client.get(url, {"start": "2026-03-01", "end": "2026-03-31", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content if pdf.streaming else
                                                                  [pdf.content]).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="dissemination.report_export").count() == 2
    bad = client.get(url, {"start": "2026-03-31", "end": "2026-03-01", "format": "pdf"})
    assert bad.status_code == 302


def test_the_proof_is_served_to_the_unit_only(client, humas, partner, published):
    placement = place(humas, published, partner)
    client.force_login(humas.nanda)
    response = client.get(reverse("dissemination:proof", args=[placement.pk]))
    assert response.status_code == 200 and response["Content-Security-Policy"].endswith("sandbox")
    client.force_login(humas.eko)
    assert client.get(reverse("dissemination:proof", args=[placement.pk])).status_code == 404


def test_the_csv_import_page_lists_row_errors(client, humas, partner, published):
    from django.core.files.uploadedfile import SimpleUploadedFile

    place(humas, published, partner, url="https://fajar.example.id/a")
    client.force_login(humas.nanda)
    response = client.post(reverse("dissemination:reach_import"), {"file": SimpleUploadedFile(
        "j.csv", b"url,dilihat\nhttps://fajar.example.id/a,-3\n")})
    assert response.status_code == 400 and "Baris 2" in response.content.decode()


def test_the_partner_form_refuses_a_verification_without_evidence(client, humas, travel):
    client.force_login(humas.nanda)
    response = client.post(reverse("dissemination:partner_new"), {
        "jurisdiction": humas.makassar.pk, "name": "Radio Suara Makassar", "kind": "radio",
        "legal_entity": "PT Suara Makassar", "registration_number": "NIB-1", "verification": "administratif",
        "verified_on": "2026-01-05"})
    assert "bukti verifikasi" in response.content.decode()


def test_indicators_page(client, humas, partner, published):
    client.force_login(humas.nanda)
    page = client.get(reverse("dissemination:indicators"), {"start": "2026-01-01", "end": "2026-03-31"}).content.decode()
    assert "Kota Makassar" in page and "Dinas PUPR Makassar" in page
