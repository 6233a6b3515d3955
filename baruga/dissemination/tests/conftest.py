"""The dissemination cast, on top of the shared one (`conftest.cast`):

- lina: humas (communications staff) of the province;  made: head of the province's communications unit
- nanda: humas of Kota Makassar;  oki: head of Makassar's communications unit
- eko (sub-admin) and fajar (head) of Makassar's Dinas PUPR draft for their OPD; gita (Disdik) is another OPD
- hadi leads Makassar, citra is its complaints admin, ayu a citizen: none may act here.

`partner`: "Harian Fajar Makassar", a verified online medium of Makassar with a 2026 contract
(1 March–30 November, quota 3); `published`: a press release of Dinas PUPR, published 2026-03-10.
"""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from baruga.accounts.models import Membership, Role
from baruga.dissemination import actions
from conftest import _user

WITA = dt.timezone(dt.timedelta(hours=8))


def wita(*args):
    return dt.datetime(*args, tzinfo=WITA)


def png_upload(name="bukti.png"):
    """A PNG with a text chunk standing in for metadata (re-encoding drops it)."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Pegawai Humas")
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG", pnginfo=info)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def exe_upload(name="bukti.png"):
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\x00" * 200, content_type="image/png")


@pytest.fixture
def humas(cast):
    for name, first, role, scope in [
        ("lina", "Lina", Role.HUMAS, cast.province),
        ("made", "Made", Role.HUMAS_HEAD, cast.province),
        ("nanda", "Nanda", Role.HUMAS, cast.makassar),
        ("oki", "Oki", Role.HUMAS_HEAD, cast.makassar),
    ]:
        user = _user(name, first)
        Membership.objects.create(user=user, role=role, jurisdiction=scope)
        setattr(cast, name, user)
    return cast


PARTNER = dict(name="Harian Fajar Makassar", kind="online", legal_entity="PT Media Fajar Sulsel",
               registration_number="NIB-9120301234567", website="https://fajar.example.id",
               verification="faktual", verified_on=dt.date(2025, 6, 2), verification_valid_until=dt.date(2027, 6, 1),
               contact_name="Redaksi", contact_email="redaksi@fajar.example.id", contact_phone="0411 123456")


@pytest.fixture
def travel():
    with time_machine.travel(wita(2026, 3, 10, 9), tick=False) as traveller:
        yield traveller


@pytest.fixture
def partner(humas, travel):
    p = actions.create_partner(actor=humas.nanda, jurisdiction=humas.makassar,
                               data=actions.PartnerInput(**PARTNER, evidence=png_upload("verifikasi.png")))
    p.contract = actions.add_contract(actor=humas.nanda, partner=p, year=2026, number="027/KOMINFO/III/2026",
                                      starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 11, 30), value=60_000_000,
                                      quota=3)
    return p


RELEASE = dict(kind="siaran_pers", title="Perbaikan Jalan Daeng Tata dimulai pekan depan",
               summary="Dinas PUPR Makassar memulai perbaikan Jalan Daeng Tata sepanjang 1,2 km.",
               body="Dinas Pekerjaan Umum dan Penataan Ruang Kota Makassar memulai perbaikan Jalan Daeng Tata "
                    "sepanjang 1,2 kilometer pada Senin. Pekerjaan berlangsung enam minggu.")


@pytest.fixture
def draft(humas, travel):
    def _draft(actor=None, agency="pupr", **overrides):
        agency = getattr(humas, agency) if isinstance(agency, str) else agency
        return actions.create_publication(actor=actor or humas.eko, jurisdiction=humas.makassar,
                                          data=actions.PublicationInput(**{**RELEASE, **overrides}, agency=agency))
    return _draft


@pytest.fixture
def published(humas, draft):
    publication = draft()
    actions.submit(actor=humas.eko, publication=publication)
    actions.approve(actor=humas.oki, publication=publication)
    actions.publish(actor=humas.nanda, publication=publication)
    publication.refresh_from_db()
    return publication
