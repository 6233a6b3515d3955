"""Tracking IDs people can read out and type back, and guest secrets."""

import pytest

from baruga.lib import tracking


def test_a_new_tracking_id_reads_brg_and_two_groups_of_four_from_the_alphabet():
    for _ in range(200):
        value = tracking.new_tracking_id()
        prefix, first, second = value.split("-")
        assert prefix == "BRG"
        assert len(first) == len(second) == 4
        assert set(first + second) <= set(tracking.ALPHABET)


def test_the_alphabet_has_no_look_alikes():
    assert not set("01OILU") & set(tracking.ALPHABET)


def test_new_tracking_ids_do_not_repeat():
    assert len({tracking.new_tracking_id() for _ in range(2000)}) == 2000


@pytest.mark.parametrize("typed", [
    "BRG-7K4M-Q2XP",
    "brg-7k4m-q2xp",
    "BRG 7K4M Q2XP",
    "  brg7k4mq2xp ",
    "BRG7K4M-Q2XP",
    "7K4M-Q2XP",
    "7k4mq2xp",
    "BRG_7K4M.Q2XP",
    "brg—7k4m—q2xp",  # em dashes from a phone keyboard
])
def test_what_people_type_is_normalised(typed):
    assert tracking.normalise_tracking_id(typed) == "BRG-7K4M-Q2XP"


def test_a_code_whose_symbols_begin_with_brg_is_found_without_its_prefix():
    assert tracking.normalise_tracking_id("BRG2-3456") == "BRG-BRG2-3456"
    assert tracking.normalise_tracking_id("BRG-BRG2-3456") == "BRG-BRG2-3456"


@pytest.mark.parametrize("typed", ["BRG-7K4O-Q2XP", "BRG-7K40-Q2XP", "BRG-7K4I-Q2XP", "BRG-7K4L-Q2XP",
                                   "BRG-7K41-Q2XP"])
def test_o_zero_i_and_l_are_never_issued_so_a_code_with_them_is_not_a_tracking_id(typed):
    # The alphabet leaves out 0/O and 1/I/L altogether, so there is nothing to confuse them with.
    assert tracking.normalise_tracking_id(typed) is None


@pytest.mark.parametrize("typed", [
    None, "", "   ", "BRG", "BRG-7K4M", "BRG-7K4M-Q2X", "BRG-7K4M-Q2XPP", "XYZ-7K4M-Q2XP",
    "BRG-7K4U-Q2XP", "halo apa kabar", "'; DROP TABLE report;--", "BRG-7K4M-Q2X€",
])
def test_garbage_is_not_a_tracking_id(typed):
    assert tracking.normalise_tracking_id(typed) is None


def test_a_guest_secret_matches_only_its_own_hash():
    secret = tracking.new_secret()
    stored = tracking.hash_secret(secret)
    assert secret not in stored
    assert tracking.secret_matches(secret, stored)
    assert not tracking.secret_matches(secret + "x", stored)
    assert not tracking.secret_matches(tracking.new_secret(), stored)
    assert not tracking.secret_matches("", stored)
    assert not tracking.secret_matches(secret, "")
