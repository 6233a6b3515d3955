"""Media partners, contracts and placements: the contract window, the quota, bad input, duplicates."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baruga.dissemination import actions
from baruga.dissemination.models import MediaPartner, Placement

from .conftest import PARTNER, exe_upload, png_upload, wita


def place(humas, publication, partner=None, **overrides):
    fields = dict(url="https://fajar.example.id/2026/03/10/perbaikan-jalan-daeng-tata", placed_on=dt.date(2026, 3, 10),
                  proof=png_upload(), views=1200, impressions=3400, engagement=85)
    fields.update(overrides)
    return actions.record_placement(actor=humas.nanda, publication=publication, partner=partner, **fields)


# --- partners and contracts ------------------------------------------------------------------------

def test_a_verified_partner_needs_its_date_and_evidence(humas, travel):
    data = actions.PartnerInput(**{**PARTNER, "verified_on": None})
    with pytest.raises(actions.ActionError, match="tanggal verifikasi"):
        actions.create_partner(actor=humas.nanda, jurisdiction=humas.makassar, data=data)
    with pytest.raises(actions.ActionError, match="bukti verifikasi"):
        actions.create_partner(actor=humas.nanda, jurisdiction=humas.makassar, data=actions.PartnerInput(**PARTNER))
    assert not MediaPartner.objects.exists()


def test_a_partner_website_must_be_http_or_https(humas, travel):
    for url in ("javascript:alert(1)", "ftp://fajar.example.id", "fajar", "http://localhost"):
        with pytest.raises(actions.ActionError, match="http:// atau https://"):
            actions.create_partner(actor=humas.nanda, jurisdiction=humas.makassar, data=actions.PartnerInput(
                **{**PARTNER, "website": url}, evidence=png_upload()))


def test_one_partner_per_registration_number_and_jurisdiction(humas, partner):
    with pytest.raises(actions.ActionError, match="sudah terdaftar"):
        actions.create_partner(actor=humas.nanda, jurisdiction=humas.makassar,
                               data=actions.PartnerInput(**PARTNER, evidence=png_upload()))


@pytest.mark.parametrize("who", ["eko", "fajar", "citra", "hadi", "lina", "ayu"])
def test_only_communications_staff_of_the_jurisdiction_manage_its_partners(humas, travel, who):
    with pytest.raises(actions.ActionError, match="tidak berwenang"):
        actions.create_partner(actor=getattr(humas, who), jurisdiction=humas.makassar,
                               data=actions.PartnerInput(**PARTNER, evidence=png_upload()))


def test_the_head_of_the_unit_also_manages_partners(humas, travel):
    partner = actions.create_partner(actor=humas.oki, jurisdiction=humas.makassar,
                                     data=actions.PartnerInput(**PARTNER, evidence=png_upload()))
    assert partner.verification_evidence_type == "image/png"


def test_verification_evidence_of_a_forbidden_type_is_refused(humas, travel):
    with pytest.raises(actions.ActionError):
        actions.create_partner(actor=humas.nanda, jurisdiction=humas.makassar,
                               data=actions.PartnerInput(**PARTNER, evidence=exe_upload()))
    assert not MediaPartner.objects.exists()


@pytest.mark.parametrize("changes, message", [
    (dict(year=2026, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 2, 1)), "sudah punya kontrak"),
    (dict(year=2027, starts_on=dt.date(2027, 5, 1), ends_on=dt.date(2027, 4, 1)), "sesudah tanggal mulai"),
    (dict(year=2027, starts_on=dt.date(2026, 12, 1)), "dalam tahun anggaran 2027"),
    (dict(year=2027, value=-5), "tidak negatif"),
    (dict(year=2027, quota=0), "Kuota penayangan"),
])
def test_contract_rules(humas, partner, changes, message):
    fields = dict(year=2027, number="001/KOMINFO/2027", starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 12, 31),
                  value=50_000_000, quota=10)
    with pytest.raises(actions.ActionError, match=message):
        actions.add_contract(actor=humas.nanda, partner=partner, **{**fields, **changes})
    assert partner.contracts.count() == 1


# --- placements ------------------------------------------------------------------------------------

def test_a_placement_in_a_partner_medium_counts_against_its_contract(humas, partner, published):
    placement = place(humas, published, partner)
    assert placement.contract == partner.contract and placement.proof_content_type == "image/png"
    assert b"Pegawai Humas" not in placement.proof.read()
    assert placement.reach == 1200


def test_the_quota_of_the_contract_is_never_exceeded(humas, partner, published):
    for n in range(3):
        place(humas, published, partner, url=f"https://fajar.example.id/berita/{n}")
    with pytest.raises(actions.ActionError, match=r"Kuota penayangan kontrak 027/KOMINFO/III/2026 sudah habis \(3 dari 3\)"):
        place(humas, published, partner, url="https://fajar.example.id/berita/4")
    assert Placement.objects.count() == 3


def test_a_placement_outside_the_contract_window_is_refused(humas, partner, published, travel):
    travel.move_to(wita(2026, 12, 5, 9))
    with pytest.raises(actions.ActionError, match="di luar masa kontrak"):
        place(humas, published, partner, placed_on=dt.date(2026, 12, 1))
    assert not Placement.objects.exists()
    place(humas, published, partner, placed_on=dt.date(2026, 11, 30))  # the last day still counts


def test_own_channels_need_no_contract_nor_proof(humas, published):
    placement = place(humas, published, own_channel="Instagram @diskominfo.makassar",
                      url="https://instagram.com/p/Cx123", proof=None)
    assert placement.contract is None and placement.channel_name == "Instagram @diskominfo.makassar"


def test_a_partner_placement_needs_its_proof(humas, partner, published):
    with pytest.raises(actions.ActionError, match="bukti tayang"):
        place(humas, published, partner, proof=None)


def test_a_proof_of_a_forbidden_type_is_refused_and_nothing_is_recorded(humas, partner, published):
    with pytest.raises(actions.ActionError):
        place(humas, published, partner, proof=exe_upload())
    html = SimpleUploadedFile("bukti.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    with pytest.raises(actions.ActionError):
        place(humas, published, partner, proof=html)
    assert not Placement.objects.exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://fajar.example.id/a", "fajar.example.id/a",
                                 "data:text/html,hi", "https://", "http:///nohost"])
def test_a_placement_url_must_be_http_or_https(humas, partner, published, url):
    with pytest.raises(actions.ActionError, match="http:// atau https://"):
        place(humas, published, partner, url=url)


@pytest.mark.parametrize("figures, message", [
    (dict(views=-1), "tidak boleh negatif"),
    (dict(impressions=-20), "tidak boleh negatif"),
    (dict(views=5_000_000_000), "tidak masuk akal"),
    (dict(views=100, impressions=150, engagement=900), "tidak mungkin lebih besar"),
])
def test_negative_or_absurd_reach_is_refused(humas, partner, published, figures, message):
    with pytest.raises(actions.ActionError, match=message):
        place(humas, published, partner, **figures)
    assert not Placement.objects.exists()


def test_the_same_url_is_recorded_once_whatever_its_spelling(humas, partner, published):
    place(humas, published, partner)
    for twin in ("http://www.fajar.example.id/2026/03/10/perbaikan-jalan-daeng-tata/",
                 "https://FAJAR.example.id/2026/03/10/perbaikan-jalan-daeng-tata#komentar"):
        with pytest.raises(actions.ActionError, match="sudah tercatat"):
            place(humas, published, partner, url=twin)
    assert Placement.objects.count() == 1


def test_only_published_items_are_placed_and_not_before_they_were_published(humas, partner, draft):
    publication = draft()
    with pytest.raises(actions.ActionError, match="sudah terbit"):
        place(humas, publication, partner)


def test_a_placement_dated_before_publication_is_refused(humas, partner, published):
    with pytest.raises(actions.ActionError, match="sebelum publikasi terbit"):
        place(humas, published, partner, placed_on=dt.date(2026, 3, 9))


@pytest.mark.parametrize("who", ["eko", "fajar", "lina", "hadi"])
def test_only_communications_staff_of_the_jurisdiction_record_placements(humas, partner, published, who):
    with pytest.raises(actions.ActionError, match="tidak berwenang"):
        actions.record_placement(actor=getattr(humas, who), publication=published, partner=partner,
                                 url="https://fajar.example.id/x", placed_on=dt.date(2026, 3, 10), proof=png_upload())


def test_a_partner_of_another_jurisdiction_is_refused(humas, published, travel):
    gowa = actions.create_partner(actor=humas.lina, jurisdiction=humas.province,
                                  data=actions.PartnerInput(**PARTNER, evidence=png_upload()))
    with pytest.raises(actions.ActionError, match="bukan mitra wilayah"):
        place(humas, published, gowa)


# --- reach import ----------------------------------------------------------------------------------

def csv_upload(text):
    return SimpleUploadedFile("jangkauan.csv", text.encode("utf-8"), content_type="text/csv")


def test_reach_is_imported_from_csv_by_url(humas, partner, published):
    a = place(humas, published, partner, url="https://fajar.example.id/a", views=None, impressions=None, engagement=None)
    b = place(humas, published, own_channel="Situs resmi", url="https://makassarkota.go.id/berita/b", proof=None)
    result = actions.import_reach_csv(actor=humas.nanda, upload=csv_upload(
        "url;dilihat;impresi;interaksi\nhttps://fajar.example.id/a/;2.500;;40\nhttps://makassarkota.go.id/berita/b;10;20;3\n"))
    assert result.errors == [] and result.updated == 2
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.views, a.impressions, a.engagement) == (2500, None, 40) and b.views == 10


def test_a_csv_with_bad_rows_changes_nothing_and_names_every_bad_row(humas, partner, published):
    a = place(humas, published, partner, url="https://fajar.example.id/a")
    result = actions.import_reach_csv(actor=humas.nanda, upload=csv_upload(
        "url,dilihat,impresi,interaksi\n"
        "https://fajar.example.id/a,99,99,9\n"
        "https://fajar.example.id/tidak-ada,1,1,1\n"
        "javascript:alert(1),1,1,1\n"
        "https://fajar.example.id/a,-5,1,1\n"))
    assert [row for row, _message in result.errors] == [3, 4, 5]
    assert "Tidak ada penayangan" in result.errors[0][1] and "http" in result.errors[1][1]
    a.refresh_from_db()
    assert a.views == 1200 and result.updated == 0


def test_a_csv_without_the_columns_or_not_text_is_refused(humas, partner, published):
    with pytest.raises(actions.ActionError, match="kolom"):
        actions.import_reach_csv(actor=humas.nanda, upload=csv_upload("a,b\n1,2\n"))
    with pytest.raises(actions.ActionError):
        actions.import_reach_csv(actor=humas.nanda, upload=SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x00binary"))


def test_other_jurisdictions_cannot_import_reach_for_our_placements(humas, partner, published):
    place(humas, published, partner, url="https://fajar.example.id/a")
    result = actions.import_reach_csv(actor=humas.lina, upload=csv_upload("url,dilihat\nhttps://fajar.example.id/a,1\n"))
    assert result.errors and result.updated == 0
