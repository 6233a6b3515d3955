"""Reported values: the regency's admin enters its own, with evidence; the province verifies; bad input
changes nothing and says why."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baruga.audit.models import AuditEntry
from baruga.indicators import actions
from baruga.indicators.models import Value, ValueEvent, ValueStatus
from baruga.indicators.tests.conftest import png
from baruga.lib.lifecycle import ActionError

pytestmark = pytest.mark.django_db


def enter(cast, indicator, who=None, where=None, value="80", evidence="png", **extra):
    return actions.enter_value(actor=who or cast.citra, indicator=indicator, jurisdiction=where or cast.makassar,
                               year=2026, semester=1, value=value, source="Laporan Diskominfo",
                               evidence=png() if evidence == "png" else evidence, **extra)


def test_a_regency_admin_enters_its_own_value_with_evidence(cast, indicators):
    value = enter(cast, indicators["spbe-layanan-terintegrasi"])
    assert value.status == ValueStatus.SUBMITTED and value.value == Decimal("80")
    assert value.entered_by == cast.citra and value.evidence_type == "image/png"
    assert list(value.events.values_list("action", flat=True)) == ["enter"]
    assert AuditEntry.objects.filter(action="indicator.enter_value", target_id=str(value.pk)).exists()


def test_the_province_admin_verifies_it_and_then_it_cannot_change(cast, indicators):
    value = enter(cast, indicators["spbe-layanan-terintegrasi"])
    actions.verify_value(actor=cast.budi, value=value)
    value.refresh_from_db()
    assert value.status == ValueStatus.VERIFIED and value.verified_by == cast.budi
    with pytest.raises(ActionError, match="sudah diverifikasi"):
        enter(cast, indicators["spbe-layanan-terintegrasi"], value="95")
    value.refresh_from_db()
    assert value.value == Decimal("80") and value.events.count() == 2


def test_a_returned_value_is_corrected_and_its_history_kept(cast, indicators):
    value = enter(cast, indicators["spbe-layanan-terintegrasi"])
    actions.return_value(actor=cast.budi, value=value, reason="Bukti tidak sesuai periode")
    corrected = enter(cast, indicators["spbe-layanan-terintegrasi"], value="75")
    assert corrected.pk == value.pk and corrected.status == ValueStatus.SUBMITTED
    events = list(ValueEvent.objects.filter(value=value).values_list("action", "old_value", "new_value"))
    assert events == [("enter", None, Decimal("80")), ("return", Decimal("80"), Decimal("80")),
                      ("correct", Decimal("80"), Decimal("75"))]


@pytest.mark.parametrize("who", ["dewi", "eko", "hadi", "indah", "ayu"])
def test_no_one_but_makassars_admin_enters_makassars_value(cast, indicators, who):
    with pytest.raises(ActionError, match="wilayah Anda sendiri"):
        enter(cast, indicators["spbe-layanan-terintegrasi"], who=getattr(cast, who))
    assert not Value.objects.exists()


def test_the_province_admin_enters_the_provinces_value_and_another_province_admin_verifies_it(cast, indicators):
    value = enter(cast, indicators["spbe-layanan-terintegrasi"], who=cast.budi, where=cast.province)
    with pytest.raises(ActionError, match="isi sendiri"):
        actions.verify_value(actor=cast.budi, value=value)
    actions.verify_value(actor=cast.lina, value=value)
    assert Value.objects.get().status == ValueStatus.VERIFIED


@pytest.mark.parametrize("who", ["citra", "dewi", "indah", "hadi"])
def test_only_the_province_admin_verifies(cast, indicators, who):
    value = enter(cast, indicators["spbe-layanan-terintegrasi"])
    with pytest.raises(ActionError):
        actions.verify_value(actor=getattr(cast, who), value=value)
    assert Value.objects.get().status == ValueStatus.SUBMITTED
    assert not AuditEntry.objects.filter(action="indicator.verify_value").exists()


@pytest.mark.parametrize("code, raw, message", [
    ("spbe-layanan-terintegrasi", "120", "di luar rentang 0–100 persen"),
    ("spbe-layanan-terintegrasi", "-1", "di luar rentang"),
    ("spbe-layanan-terintegrasi", "delapan puluh", "harus berupa angka"),
    ("spbe-layanan-terintegrasi", "NaN", "harus berupa angka"),
    ("spbe-sdm-tik", "12.5", "bilangan bulat"),
    ("spbe-layanan-terintegrasi", "80.123456", "4 angka di belakang koma"),
])
def test_values_of_the_wrong_unit_or_out_of_range_are_refused(cast, indicators, code, raw, message):
    with pytest.raises(ActionError, match=message):
        enter(cast, indicators[code], value=raw)
    assert not Value.objects.exists() and not AuditEntry.objects.filter(action__startswith="indicator.").exists()


def test_a_comma_decimal_is_read_as_indonesians_write_it(cast, indicators):
    assert enter(cast, indicators["spbe-layanan-terintegrasi"], value="82,5").value == Decimal("82.5")


def test_evidence_that_is_not_a_pdf_or_image_is_refused(cast, indicators):
    script = SimpleUploadedFile("bukti.pdf.exe", b"MZ\x90\x00 not a document", content_type="application/pdf")
    with pytest.raises(ActionError, match="Bukti dukung ditolak"):
        enter(cast, indicators["spbe-layanan-terintegrasi"], evidence=script)
    assert not Value.objects.exists()


def test_evidence_is_required_where_the_indicator_says_so(cast, indicators):
    with pytest.raises(ActionError, match="wajib disertai bukti"):
        enter(cast, indicators["spbe-layanan-terintegrasi"], evidence=None)
    assert not Value.objects.exists()


def test_a_computed_indicator_is_not_entered_by_hand(cast, indicators):
    with pytest.raises(ActionError, match="dihitung sistem"):
        enter(cast, indicators["ikp-laporan-selesai"])


@pytest.mark.parametrize("year, semester", [(1999, 0), (2026, 3)])
def test_a_period_outside_the_calendar_is_refused(cast, indicators, year, semester):
    with pytest.raises(ActionError):
        actions.enter_value(actor=cast.citra, indicator=indicators["spbe-sdm-tik"], jurisdiction=cast.makassar,
                            year=year, semester=semester, value="3", source="x", evidence=png())


def test_targets_are_set_by_the_province_only_and_checked_like_values(cast, indicators):
    indicator = indicators["ikp-laporan-selesai"]
    target = actions.set_target(actor=cast.budi, indicator=indicator, jurisdiction=cast.gowa, year=2026,
                                semester=0, value="85")
    assert target.value == Decimal("85")
    with pytest.raises(ActionError, match="Hanya admin provinsi"):
        actions.set_target(actor=cast.dewi, indicator=indicator, jurisdiction=cast.gowa, year=2026, semester=0,
                           value="10")
    with pytest.raises(ActionError, match="di luar rentang"):
        actions.set_target(actor=cast.budi, indicator=indicator, jurisdiction=cast.gowa, year=2026, semester=0,
                           value="101")
    target.refresh_from_db()
    assert target.value == Decimal("85")
    assert AuditEntry.objects.filter(action="indicator.set_target").count() == 1


def test_another_regency_posting_to_makassars_page_changes_nothing(client, cast, indicators):
    client.force_login(cast.dewi)
    response = client.post(f"/petugas/kinerja-program/spbe-layanan-terintegrasi/{cast.makassar.code}/isi/",
                           {"year": 2026, "semester": 1, "value": "90", "source": "x", "evidence": png()})
    assert response.status_code in (302, 404)
    assert not Value.objects.exists()


def test_the_page_shows_the_refusal_in_indonesian(client, cast, indicators):
    client.force_login(cast.citra)
    url = f"/petugas/kinerja-program/spbe-layanan-terintegrasi/{cast.makassar.code}/"
    response = client.post(url + "isi/", {"year": 2026, "semester": 1, "value": "150", "source": "x",
                                          "evidence": png()}, follow=True)
    assert response.status_code == 200
    assert "di luar rentang 0–100 persen" in response.content.decode()
    assert not Value.objects.exists()


def test_the_admin_form_refuses_an_out_of_range_target_and_audits_a_good_one(client, cast, indicators):
    from baruga.accounts.models import User

    root = User.objects.create_superuser("root", "root@contoh.id", "kata-sandi-panjang-sekali")
    client.force_login(root)
    indicator = indicators["ikp-laporan-selesai"]
    form = {"indicator": indicator.pk, "jurisdiction": cast.gowa.pk, "year": 2026, "semester": 0}
    bad = client.post("/admin/indicators/target/add/", {**form, "value": "150"})
    assert bad.status_code == 200 and "di luar rentang" in bad.content.decode()
    client.post("/admin/indicators/target/add/", {**form, "value": "85"})
    assert AuditEntry.objects.filter(action="indicator.set_target", details__via="admin").count() == 1
