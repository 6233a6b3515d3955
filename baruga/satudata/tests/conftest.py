"""The Satu Data cast, on top of the shared one (`conftest.cast`):

- pita: produsen data of Makassar's Dinas PUPR;  dani: produsen data of Makassar's Disdik
- wulan: walidata of Kota Makassar;  wawan: walidata pendukung of Kota Makassar
- bima: pembina data (BPS) of the province;  gilang: walidata of Kabupaten Gowa
- pras: produsen data of Gowa's Dinas PUPR
(eko is a complaints sub-admin of Makassar's Dinas PUPR: no data role.)
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baruga.accounts.models import Membership, Role
from baruga.satudata import actions
from conftest import _user

STANDARD = dict(
    title="Jumlah Penduduk per Kecamatan", notes="Jumlah penduduk Kota Makassar menurut kecamatan dan jenis kelamin.",
    konsep="Penduduk adalah semua orang yang berdomisili di wilayah Kota Makassar.",
    definisi="Jumlah penduduk menurut data administrasi kependudukan semester II.",
    klasifikasi="Kecamatan (Kemendagri)", ukuran="Jumlah", satuan="Jiwa", source="Disdukcapil Kota Makassar",
    frequency="annual", region_code="73.71", collection_method="administrative", license_id="cc-by-4.0",
    tags=["penduduk", "kependudukan"], groups=["administrasi-kependudukan"],
)
CSV = "kecamatan;tahun;jumlah\nMariso;2024;60.123\nMamajang;2024;59.876,5\nTamalate;2024;210.000\n"
CHECKLIST = {"standard": True, "metadata": True, "interoperability": True, "reference_codes": True}


@pytest.fixture
def data(cast):
    for name, first, role, scope in [
        ("pita", "Pita", Role.DATA_PRODUCER, cast.pupr),
        ("dani", "Dani", Role.DATA_PRODUCER, cast.disdik),
        ("wulan", "Wulan", Role.DATA_STEWARD, cast.makassar),
        ("wawan", "Wawan", Role.DATA_ASSISTANT, cast.makassar),
        ("bima", "Bima", Role.DATA_ADVISOR, cast.province),
        ("gilang", "Gilang", Role.DATA_STEWARD, cast.gowa),
        ("pras", "Pras", Role.DATA_PRODUCER, cast.pupr_gowa),
    ]:
        user = _user(name, first)
        field = "agency" if role == Role.DATA_PRODUCER else "jurisdiction"
        Membership.objects.create(user=user, role=role, **{field: scope})
        setattr(cast, name, user)
    return cast


def upload(content, name="data.csv"):
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, raw)


@pytest.fixture
def make_dataset(data):
    """A draft of Makassar's Dinas PUPR by pita with one CSV resource (or none)."""

    def _make(name="penduduk-kecamatan", *, actor=None, agency=None, csv=CSV, **overrides):
        dataset = actions.create_dataset(actor or data.pita, agency=agency or data.pupr,
                                         data={**STANDARD, "name": name, **overrides})
        if csv is not None:
            actions.add_resource(actor or data.pita, dataset, name="Tabel", upload=upload(csv))
        dataset.refresh_from_db()
        return dataset

    return _make


@pytest.fixture
def published(data, make_dataset):
    dataset = make_dataset()
    actions.submit(data.pita, dataset)
    actions.publish(data.wulan, dataset, checklist=CHECKLIST)
    dataset.refresh_from_db()
    return dataset


def xlsx_bytes(sheets):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
