"""Personal data (NIK, phone numbers, e-mail addresses) is masked in public text; ordinary numbers are not."""

import pytest

from baruga.lib.masking import mask_personal_data


@pytest.mark.parametrize("nik", [
    "7371012345670001",
    "737101 234567 0001",
    "737101.234567.0001",
    "7371-0123-4567-0001",
    "7371 0123 4567 0001",
    "73.71.01.010190.0001",
])
def test_a_nik_is_masked_entirely(nik):
    masked = mask_personal_data(f"NIK saya {nik}, mohon dibantu.")
    assert not any(ch.isdigit() for ch in masked), masked
    assert masked.startswith("NIK saya ") and masked.endswith(", mohon dibantu.")


@pytest.mark.parametrize(("phone", "masked"), [
    ("+62 812-3456-7890", "+62 ***-****-**90"),
    ("0812 3456 7890", "08** **** **90"),
    ("0812-3456-7890", "08**-****-**90"),
    ("08123456789", "08*******89"),
    ("+6281234567890", "+62*********90"),
    ("628123456789", "62********89"),
    ("0411 872345", "04** ****45"),
    ("(0411) 872345", "(04**) ****45"),
    ("(021) 555-1234", "(02*) ***-**34"),
])
def test_a_phone_number_keeps_only_two_digits_at_each_end(phone, masked):
    assert mask_personal_data(f"Hubungi {phone} sore hari.") == f"Hubungi {masked} sore hari."


@pytest.mark.parametrize("text", ["Telp.081234567890", "WA:081234567890", "hp/wa 081234567890."])
def test_a_phone_number_glued_to_a_label_is_masked(text):
    assert "34567" not in mask_personal_data(text)


@pytest.mark.parametrize(("text", "masked"), [
    ("Balas ke ayu.lestari@contoh.id.", "Balas ke a***@contoh.id."),
    ("surel: a.b+c@mail.co.id", "surel: a***@mail.co.id"),
])
def test_an_email_address_keeps_its_first_letter_and_domain(text, masked):
    assert mask_personal_data(text) == masked


@pytest.mark.parametrize("text", [
    "Kejadian tahun 2024 dan berulang 2025.",
    "Sudah diusulkan sejak 2019 2020 2021 2022 tanpa hasil.",
    "Jl. Daeng Tata No. 123 RT 003 RW 005, Kel. Parang Tambung.",
    "RT 003/RW 005",
    "RT.01/RW.02",
    "Tanggal 17-08-2026 dan 2026-08-17, juga 01-02-2026 atau 17/08/2026.",
    "Pukul 08.30-10.00 WITA.",
    "Kode pos 90221.",
    "Anggaran Rp 150.000 per meter.",
    "Dana desa Rp 1.000.000.000 tidak jelas.",
    "Proyek senilai Rp 62.500.000.000 mangkrak.",
    "Proyek senilai Rp. 62.500.000.000 mangkrak.",
    "Total 2.000.000.000.000 rupiah.",
    "Sudah 3 kali lapor, 12 rumah terdampak, lubang 0,5 meter.",
    "Nomor surat 061/123/DPU/VIII/2026.",
])
def test_ordinary_numbers_are_not_masked(text):
    assert mask_personal_data(text) == text


def test_a_text_with_several_kinds_of_personal_data_masks_each():
    text = "Saya Ayu (NIK 7371012345670001), hp 0812-3456-7890, ayu@contoh.id, rumah No. 45 RT 002."
    assert mask_personal_data(text) == (
        "Saya Ayu (NIK ****************), hp 08**-****-**90, a***@contoh.id, rumah No. 45 RT 002."
    )


@pytest.mark.parametrize("empty", ["", None])
def test_empty_text_stays_empty(empty):
    assert mask_personal_data(empty) == empty
