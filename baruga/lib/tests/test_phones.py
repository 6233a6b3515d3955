"""One rule for phone numbers: every way Indonesians write a number is accepted, anything else refused."""

import pytest
from django.core.exceptions import ValidationError

from baruga.lib import crypto, phones

# Written as people write them: operators' prefixes (Telkomsel, Indosat, XL, Tri, Smartfren), the
# country code with and without "+", landlines with their area code (Makassar 0411, Jakarta 021).
ACCEPTED = [
    ("081234567890", "+6281234567890"),
    ("0812-3456-7890", "+6281234567890"),
    ("0812 3456 7890", "+6281234567890"),
    ("0812.3456.7890", "+6281234567890"),
    ("+62 812-3456-7890", "+6281234567890"),
    ("+6281234567890", "+6281234567890"),
    ("6281234567890", "+6281234567890"),
    ("(+62) 856 4321 0987", "+6285643210987"),
    ("0817 0123 4567", "+6281701234567"),
    ("0896-1234-5678", "+6289612345678"),
    ("0881 2345 6789", "+6288123456789"),
    ("0811 2222 333", "+628112222333"),
    ("(0411) 872345", "+62411872345"),
    ("0411-872345", "+62411872345"),
    ("021-555-1234", "+62215551234"),
    ("+65 6123 4567", "+6561234567"),  # a reporter abroad
]

REFUSED = [
    "telepon saya",
    "0812-3456-789O",  # a letter O for a zero
    "0811-22",  # too few digits for any number
    "12345",
    "+62 812 3456 7890 1234",  # more than 20 characters as typed
    "08123456789012345",  # more than 15 digits with the country code
    "0812+3456+7890",
    "--------",
    "",
]


@pytest.mark.parametrize(("typed", "international"), ACCEPTED)
def test_numbers_written_the_usual_ways_are_accepted_and_normalised(typed, international):
    assert phones.is_phone_number(typed)
    phones.validate_phone(typed)
    assert phones.normalise_phone(typed) == international


@pytest.mark.parametrize("typed", REFUSED)
def test_anything_else_is_refused_with_a_message(typed):
    assert not phones.is_phone_number(typed)
    with pytest.raises(ValidationError, match="Nomor telepon tidak valid"):
        phones.validate_phone(typed)
    with pytest.raises(ValidationError, match="Nomor telepon tidak sah"):
        phones.normalise_phone(typed)


def test_compact_removes_only_the_separators():
    assert phones.compact(" (0411) 872-345 ") == "0411872345"
    assert phones.compact("+62 812.3456.7890") == "+6281234567890"
    assert phones.compact(None) == ""


def test_the_index_key_makes_the_three_indonesian_forms_one():
    keys = {phones.index_key(v) for v in ("081234567890", "+62 812-3456-7890", "6281234567890")}
    assert keys == {"081234567890"}
    assert crypto.normalise_phone("+62 812-3456-7890") == "081234567890"  # the blind index uses the same key
    assert phones.index_key("telepon saya") == ""  # a search never raises


def test_the_api_pattern_states_the_same_rule():
    """The API's JSON schema carries the rule as a pattern: it matches the numbers people write and none
    of the refused ones, and nothing it matches is refused afterwards (checked over random strings)."""
    import random
    import re

    pattern = re.compile(phones.PATTERN)
    assert all(pattern.match(typed) for typed, _international in ACCEPTED)
    assert not any(pattern.match(typed) for typed in REFUSED if typed and len(typed) <= phones.MAX_LENGTH)
    chance = random.Random(62)
    for _ in range(20_000):
        typed = "".join(chance.choice("0123456789 ()-.+") for _ in range(chance.randint(1, phones.MAX_LENGTH)))
        if pattern.match(typed):
            assert phones.is_phone_number(typed), typed
