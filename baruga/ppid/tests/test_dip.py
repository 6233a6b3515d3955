"""The public register (DIP): listing, search, exempt entries without documents, stale berkala flags, admin upload."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from baruga.ppid.admin import DocumentForm
from baruga.ppid.models import PublicInformation, PublicInformationDocument
from baruga.ppid.selectors import stale_items
from baruga.ppid.tests.conftest import pdf_upload


def _item(ppid, title, category="setiap_saat", updated=None, **extra):
    return PublicInformation.objects.create(
        jurisdiction=ppid.makassar, agency=ppid.pupr, title=title, category=category,
        last_updated_on=updated or timezone.localdate(), **extra)


def _document(item, name="dokumen.pdf"):
    doc = PublicInformationDocument(item=item, original_name=name, content_type="application/pdf", size=4,
                                    created_at=timezone.now())
    doc.file.save("x", ContentFile(b"%PDF"), save=True)
    return doc


@pytest.fixture
def register(ppid):
    today = timezone.localdate()
    budget = _item(ppid, "Ringkasan APBD Kota Makassar 2026", "berkala", today - dt.timedelta(days=30),
                   summary="Ringkasan anggaran pendapatan dan belanja daerah.")
    stale = _item(ppid, "Laporan realisasi anggaran semester I", "berkala", today - dt.timedelta(days=200))
    flood = _item(ppid, "Peringatan dini banjir Sungai Jeneberang", "serta_merta")
    exempt = _item(ppid, "Dokumen penyelidikan pengadaan jalan", "dikecualikan", exemption_ground="a",
                   consequence_test="Membuka dokumen saat penyelidikan berjalan menghambat penegakan hukum.",
                   exempt_until=dt.date(2027, 12, 31))
    hidden = _item(ppid, "Draf yang belum terbit", is_published=False)
    for item in (budget, stale, flood, exempt):
        _document(item)
    return {"budget": budget, "stale": stale, "flood": flood, "exempt": exempt, "hidden": hidden}


def test_the_register_lists_published_entries_with_their_documents(client, register):
    page = client.get("/ppid/dip/").content.decode()
    assert "Ringkasan APBD Kota Makassar 2026" in page and "Draf yang belum terbit" not in page
    assert f"/ppid/dip/dokumen/{register['budget'].documents.get().pk}/" in page


def test_exempt_entries_show_their_ground_but_never_their_documents(client, register):
    page = client.get("/ppid/dip/", {"category": "dikecualikan"}).content.decode()
    exempt = register["exempt"]
    assert "Dokumen penyelidikan pengadaan jalan" in page
    assert "a. Menghambat proses penegakan hukum" in page
    assert f"/ppid/dip/dokumen/{exempt.documents.get().pk}/" not in page
    assert client.get(f"/ppid/dip/dokumen/{exempt.documents.get().pk}/").status_code == 404


def test_documents_of_open_entries_download(client, register):
    response = client.get(f"/ppid/dip/dokumen/{register['budget'].documents.get().pk}/")
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"


def test_berkala_entries_older_than_six_months_are_flagged(client, register):
    page = client.get("/ppid/dip/", {"category": "berkala"}).content.decode()
    assert page.count("Belum diperbarui lebih dari 6 bulan") == 1
    assert [i.title for i in stale_items()] == ["Laporan realisasi anggaran semester I"]


def test_search_finds_by_title_and_summary(client, register):
    assert "Peringatan dini <mark>banjir</mark>" in client.get("/ppid/dip/", {"q": "banjir"}).content.decode()
    page = client.get("/ppid/dip/", {"q": "belanja daerah"}).content.decode()
    assert "Ringkasan APBD" in page and "banjir" not in page


def test_an_htmx_search_gets_only_the_results(client, register):
    page = client.get("/ppid/dip/", {"q": "banjir"}, headers={"HX-Request": "true"}).content.decode()
    assert page.strip().startswith('<div id="results">')


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/ppid/dip/").status_code == 200
    return len(queries)


def test_the_register_costs_the_same_queries_for_any_number_of_entries(client, ppid, register):
    few = _queries(client)
    for n in range(10):
        _document(_item(ppid, f"Informasi tambahan {n}"))
    assert _queries(client) == few == 4


def test_the_dip_api_hides_exempt_documents(client, register):
    items = {i["title"]: i for i in client.get("/api/v1/ppid/dip").json()["items"]}
    exempt = items["Dokumen penyelidikan pengadaan jalan"]
    assert exempt["documents"] == [] and exempt["exemption_ground"] == "a"
    assert items["Laporan realisasi anggaran semester I"]["stale"] is True
    assert items["Ringkasan APBD Kota Makassar 2026"]["documents"][0]["url"].endswith(
        f"/ppid/dip/dokumen/{register['budget'].documents.get().pk}/")


def test_an_exempt_entry_needs_its_ground_and_consequence_test(ppid):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        _item(ppid, "Dikecualikan tanpa alasan", "dikecualikan")


def test_the_admin_cleans_uploaded_documents(ppid):
    item = _item(ppid, "Rencana kerja 2026")
    form = DocumentForm(data={"url": ""}, files={"upload": pdf_upload("renja.pdf")},
                        instance=PublicInformationDocument(item=item))
    assert form.is_valid(), form.errors
    document = form.save()
    assert document.content_type == "application/pdf" and document.original_name == "renja.pdf"
    assert b"Pegawai Dinas" not in document.file.read()  # the author metadata is gone
    bad = DocumentForm(data={"url": ""}, files={}, instance=PublicInformationDocument(item=item))
    assert not bad.is_valid()


def test_the_admin_lists_the_register(admin_client, register):
    page = admin_client.get("/admin/ppid/publicinformation/?stale=yes").content.decode()
    assert "Laporan realisasi anggaran semester I" in page and "Ringkasan APBD" not in page
