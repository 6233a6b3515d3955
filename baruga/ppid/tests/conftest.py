"""The PPID cast, on top of the shared one (`conftest.cast`):

- rina: PPID of Kota Makassar;   sari: atasan PPID of Kota Makassar
- tono: PPID pembantu of Makassar's Dinas PUPR
- umar: PPID of the province;    wati: PPID of Kabupaten Gowa
(hadi leads Makassar, citra is its complaints admin, eko works at its Dinas PUPR: none is a PPID officer.)
"""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from baruga.accounts.models import Membership, Role
from baruga.ppid import actions
from conftest import _user

WITA = timezone.get_fixed_timezone(8 * 60)


def wita(*args):
    """A moment in Makassar time: wita(2026, 3, 16, 10) is 16 March 2026, 10:00 WITA."""
    return dt.datetime(*args, tzinfo=WITA)


@pytest.fixture
def ppid(cast):
    for name, first, role, scope in [
        ("rina", "Rina", Role.PPID, cast.makassar),
        ("sari", "Sari", Role.PPID_SUPERIOR, cast.makassar),
        ("tono", "Tono", Role.PPID_ASSISTANT, cast.pupr),
        ("umar", "Umar", Role.PPID, cast.province),
        ("wati", "Wati", Role.PPID, cast.gowa),
    ]:
        user = _user(name, first)
        field = "agency" if role == Role.PPID_ASSISTANT else "jurisdiction"
        Membership.objects.create(user=user, role=role, **{field: scope})
        setattr(cast, name, user)
    return cast


REQUEST = dict(
    requester_type="person", name="Rahmat Hidayat", address="Jl. Cendrawasih No. 12, Makassar",
    identity_number="7371011203850002", email="rahmat@contoh.id", phone="081234567890",
    information_wanted="Dokumen kontrak dan RAB perbaikan Jl. Daeng Tata tahun anggaran 2025.",
    purpose="Pengawasan warga atas belanja infrastruktur kelurahan.",
    obtain_method="copy", copy_format="electronic", delivery_method="online",
)


@pytest.fixture
def file_request(ppid):
    """Register a request to Kota Makassar's Dinas PUPR as a guest (default) or as `requester`.
    Returns (request, secret)."""

    def _file(requester=None, **overrides):
        fields = dict(REQUEST, jurisdiction=ppid.makassar, agency=ppid.pupr)
        fields.update(overrides)
        return actions.register_request(requester=requester, **fields)

    return _file


def pdf_upload(name="kontrak.pdf"):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Pegawai Dinas"})
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


@pytest.fixture
def decided(ppid, file_request):
    """A request partly granted by rina (Pasal 17 huruf h), with one document."""

    def _decided(**overrides):
        info_request, secret = file_request(**overrides)
        actions.decide(actor=ppid.rina, info_request=info_request, outcome="partly_granted",
                       decision_text="Kontrak kami berikan; data pribadi penyedia kami hitamkan.",
                       exemption_ground="h", consequence_test="Membuka NIK dan alamat pribadi penyedia merugikan "
                       "hak atas privasi; bagian lain terbuka.", documents=[pdf_upload()])
        info_request.refresh_from_db()
        return info_request, secret

    return _decided
