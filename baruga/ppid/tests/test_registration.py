"""Registering a request: numbering, the guest secret, identity rules and refusals that change nothing."""

import pytest
import time_machine

from baruga.notifications.models import Notification, OutboxMessage
from baruga.ppid import actions, permissions
from baruga.ppid.models import InformationRequest, RequesterIdentity, RequestState
from baruga.ppid.tests.conftest import REQUEST, wita


def test_a_guest_request_gets_a_number_per_jurisdiction_and_year(ppid, file_request):
    with time_machine.travel(wita(2026, 12, 31, 10), tick=False):
        first, _ = file_request()
        second, _ = file_request()
        gowa, _ = file_request(jurisdiction=ppid.gowa, agency=None)
    with time_machine.travel(wita(2027, 1, 4, 10), tick=False):
        next_year, _ = file_request()
    assert first.registration_number == "PPID-7371-2026-000001"
    assert second.registration_number == "PPID-7371-2026-000002"
    assert gowa.registration_number == "PPID-7306-2026-000001"
    assert next_year.registration_number == "PPID-7371-2027-000001"


def test_the_guest_secret_opens_the_request_and_only_its_hash_is_stored(file_request):
    info_request, secret = file_request()
    assert secret and secret not in info_request.guest_secret_hash
    assert permissions.guest_access(info_request, secret) is not None
    assert permissions.guest_access(info_request, "tebakan") is None
    assert info_request.state == RequestState.REGISTERED


def test_an_account_holder_gets_no_secret(ppid, file_request):
    info_request, secret = file_request(requester=ppid.ayu)
    assert secret is None and info_request.requester == ppid.ayu


def test_registration_writes_history_notifies_the_officers_and_mails_a_receipt(ppid, file_request):
    info_request, _ = file_request()
    assert [e.action for e in info_request.events.all()] == ["register"]
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {"rina", "tono"}  # the PPID and the PPID pembantu of the OPD, not sari or citra
    receipt = OutboxMessage.objects.get(to_address="rahmat@contoh.id")
    assert info_request.registration_number in receipt.subject
    assert "10 hari kerja" in receipt.body


def test_a_repeated_submission_token_registers_once(file_request):
    token = actions.new_submission_token()
    first, secret = file_request(submission_token=token)
    again, secret_again = file_request(submission_token=token)
    assert again.pk == first.pk and secret_again == secret
    assert InformationRequest.objects.count() == 1


@pytest.mark.parametrize("overrides, message", [
    ({"name": " "}, "Nama pemohon wajib diisi."),
    ({"address": ""}, "Alamat pemohon wajib diisi."),
    ({"identity_number": ""}, "NIK (nomor KTP) pemohon wajib diisi"),
    ({"identity_number": "12345"}, "NIK harus terdiri dari 16 angka."),
    ({"email": "", "phone": ""}, "Isi e-mail atau nomor telepon"),
    ({"email": "bukan-email"}, "Alamat e-mail tidak sah."),
    ({"purpose": ""}, "Tujuan penggunaan informasi wajib diisi."),
    ({"information_wanted": "data"}, "Rincian informasi yang dibutuhkan terlalu singkat"),
    ({"copy_format": ""}, "Pilih bentuk salinan"),
    ({"copy_format": "printed", "delivery_method": "email"}, "Salinan cetak tidak dapat dikirim lewat e-mail"),
    ({"delivery_method": "email", "email": ""}, "Isi alamat e-mail untuk menerima informasi lewat e-mail."),
    ({"obtain_method": "fax"}, "Pilih cara memperoleh informasi."),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_stored(file_request, overrides, message):
    with pytest.raises(actions.ActionError) as refused:
        file_request(**overrides)
    assert message in " ".join(refused.value.messages)
    assert not InformationRequest.objects.exists()
    assert not RequesterIdentity.objects.exists()


def test_a_legal_entity_gives_its_registration_instead_of_a_nik(file_request):
    info_request, _ = file_request(requester_type="legal_entity", name="Yayasan Transparansi Makassar",
                                   identity_number="AHU-0012345.AH.01.04.Tahun 2019")
    assert info_request.identity.identity_number == "AHU-0012345.AH.01.04.Tahun 2019"


def test_an_opd_of_another_jurisdiction_is_refused(ppid, file_request):
    with pytest.raises(actions.ActionError, match="OPD yang dipilih tidak berada"):
        file_request(agency=ppid.pupr_gowa)


def test_seeing_only_the_information_copy_format_is_dropped(file_request):
    info_request, _ = file_request(obtain_method="see", copy_format="electronic", delivery_method="pickup")
    assert info_request.copy_format == ""


def test_the_request_fixture_is_complete():
    assert set(REQUEST) >= {"name", "address", "identity_number", "purpose", "obtain_method", "delivery_method"}
