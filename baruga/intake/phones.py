"""Phone numbers as providers send them, in one form: 0812…, +62 812…, 62812… all become 62812…."""

import re

PHONE = re.compile(r"^62[0-9]{7,13}$")


def normalise(value):
    """The number as digits with the country code (E.164 without "+"), or None if it is not a number."""
    digits = re.sub(r"[\s().+-]", "", str(value or ""))
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits if PHONE.match(digits) else None


def address(number):
    """The outbound gateway's address for a normalised number (as notification preferences store it)."""
    return f"+{number}"
