"""Phone numbers: the one rule for what is accepted, and the forms a number is kept and compared in.

Accepted: Indonesian numbers written the usual ways — 081234567890, 0812-3456-7890, +62 812 3456 7890,
6281234567890, landlines such as (0411) 872345 or 021-555-1234 — and international ones
(+65 6123 4567): at most 20 characters as typed (the size of every phone column), spaces, dots,
dashes and brackets as separators, and then 8 to 15 digits (ITU-T E.164) after the country code is
made explicit (0… becomes +62…). Letters, or too few or too many digits, are refused.

Forms:
- `compact`: the separators removed (the PPID register keeps numbers this way);
- `normalise_phone`: +62… (what an SMS/WhatsApp gateway needs), refused if not a number;
- `index_key`: the digits with the national 0 (+62 812…, 62812… and 0812… are one person), for the
  blind indexes of `baruga.lib.crypto`: never raises, since it also serves searches.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LENGTH = 20
SEPARATORS = re.compile(r"[\s().-]")
INTERNATIONAL = re.compile(r"^\+?[0-9]{8,15}$")
# The same rule as a pattern for JSON schemas (the API), with a space as the only white space: 8 to 15
# digits after a "+", 7 to 14 after a national 0 (which becomes +62), 8 to 15 otherwise. Everything
# it matches `is_phone_number` accepts (baruga/lib/tests/test_phones.py).
_SEP = r"[ ().-]"
PATTERN = (rf"^$|^{_SEP}*(?:\+{_SEP}*[0-9](?:{_SEP}*[0-9]){{7,14}}|0(?:{_SEP}*[0-9]){{6,13}}"
           rf"|[1-9](?:{_SEP}*[0-9]){{7,14}}){_SEP}*$")


def compact(value):
    """'(0411) 872-345' -> '0411872345': the separators removed, nothing checked."""
    return SEPARATORS.sub("", value or "")


def _international(value):
    value = compact(value)
    if value.startswith("0"):
        return "+62" + value[1:]
    if value.startswith("62"):
        return "+" + value
    return value


def is_phone_number(value):
    """Whether `value` (as typed) is a phone number we accept; see the module docstring."""
    value = (value or "").strip()
    return len(value) <= MAX_LENGTH and bool(INTERNATIONAL.match(_international(value)))


def validate_phone(value):
    """Django validator for form fields."""
    if not is_phone_number(value):
        raise ValidationError(_("Nomor telepon tidak valid."), code="invalid")


def normalise_phone(value):
    """'0812-3456 7890' -> '+6281234567890'; raises ValidationError if it is not a phone number."""
    if not is_phone_number(value):
        raise ValidationError(_("Nomor telepon tidak sah; tulis misalnya 081234567890 atau +6281234567890."))
    return _international(value)


def index_key(value):
    """Indonesian numbers in one form: +62 812-3456-7890, 6281234567890 and 081234567890 are equal."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits
