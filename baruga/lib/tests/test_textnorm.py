"""Everyday Indonesian complaint text becomes search terms: slang expanded, stop words dropped, stems."""

import pytest

from baruga.lib.textnorm import normalise, terms


def test_an_everyday_complaint_becomes_plain_terms():
    text = "jln rusak parah depan SDN 5, udh 3 bln gak diperbaiki"
    assert normalise(text) == "jalan rusak parah depan sdn 5 sudah 3 bulan tidak baik"


@pytest.mark.parametrize(("written", "meant"), [
    ("jl", "jalan"), ("Jln.", "jalan"), ("gak", "tidak"), ("ga", "tidak"), ("tdk", "tidak"),
    ("nggak", "tidak"), ("udh", "sudah"), ("sdh", "sudah"), ("blm", "belum"), ("kec", "camat"),
    ("kab", "kabupaten"), ("bln", "bulan"), ("thn", "tahun"),
])
def test_abbreviations_and_slang_mean_the_full_word(written, meant):
    assert normalise(written) == meant == normalise(meant)


def test_names_written_as_acronyms_are_kept():
    assert normalise("Air PDAM mati, lampu PJU padam dekat SDN 12 dan SMP 3") == \
        "air pdam mati lampu pju padam dekat sdn 12 smp 3"


def test_stop_words_are_dropped_but_negations_stay():
    assert normalise("yang dan di ke dari untuk mohon") == ""
    assert normalise("yg dgn krn utk") == ""
    assert normalise("belum juga tidak bukan") == "belum tidak bukan"


def test_words_are_stemmed_so_forms_of_one_word_meet():
    assert normalise("diperbaiki") == normalise("perbaikan") == normalise("memperbaiki") == "baik"
    assert normalise("berlubang") == normalise("lubang-lubang").split()[0] == "lubang"


def test_links_phone_numbers_nik_and_e_mail_addresses_are_not_terms():
    text = ("Hubungi 0812-3456-7890 atau (0411) 872345, NIK 7371012345670001, budi@contoh.id, "
            "foto di https://contoh.id/foto?id=77 dan www.contoh.id/a")
    assert normalise(text) == "hubung nik foto"


def test_rupiah_amounts_and_years_stay():
    assert normalise("Dana Rp 1.000.000.000 tahun 2025") == "dana rp 1 000 000 000 tahun 2025"


def test_repeats_are_kept_for_the_rank_and_empty_text_is_empty():
    assert terms("banjir banjir lagi") == ["banjir", "banjir"]
    assert normalise("") == normalise(None) == "" == normalise("  ,.!? ")


def test_markup_is_just_words():
    assert normalise("<script>alert('x')</script> Sampah") == "script alert x script sampah"
