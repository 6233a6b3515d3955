"""Phone numbers as providers send them, in one form: 0812…, +62 812…, 62812… all become 62812….

The rule of what is a number is `baruga.lib.phones`; a dialogue takes Indonesian numbers only, the
way the providers address them (E.164 without "+").
"""

from django.core.exceptions import ValidationError

from baruga.lib import phones


def normalise(value):
    """The number as digits with the country code (E.164 without "+"), or None if it is not an
    Indonesian phone number."""
    try:
        number = phones.normalise_phone(str(value or ""))
    except ValidationError:
        return None
    return number[1:] if number.startswith("+62") else None


def address(number):
    """The outbound gateway's address for a normalised number (as notification preferences store it)."""
    return f"+{number}"
