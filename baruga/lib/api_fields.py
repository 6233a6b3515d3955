"""Field types for the API's input schemas: the OpenAPI document states what the server checks.

pydantic's lax mode accepts more than the JSON Schema it publishes (`0` for false, `"5"` for 5, a
number of seconds for a date), and an empty string passes a bare ``str``; the action layer then
refuses some of that with 400 and carries out the rest. With these types, input the schema forbids
is refused with 422 before any view runs, and input it allows passes validation
(baruga/complaints/tests/test_api_fuzz.py holds the server to it).
"""

import re
from datetime import date
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import BeforeValidator, Field, StrictBool, StrictInt

# At least one character that is not white space: what the actions' "wajib diisi" checks ask for
# (`api_errors` answers a mismatch with "Wajib diisi.").
NOT_BLANK = r"\S"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value):
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError(_("Tanggal tidak sah; gunakan format TTTT-BB-HH."))


# A calendar date written YYYY-MM-DD (pydantic alone would take 0 or "1700000000" as a timestamp).
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
# JSON true or false, not 0/1 or "yes" (body fields; query flags are strings on the wire).
Flag = StrictBool
# A JSON integer, not "5" or 5.0 (body fields; query numbers are strings on the wire).
Integer = StrictInt
# A Kemendagri code: province 73, regency/city 73.71, district 73.71.01, village 73.71.01.1001.
KemendagriCode = Annotated[str, Field(min_length=2, max_length=13, pattern=r"^[0-9]{2}(\.[0-9]{2}){0,2}(\.[0-9]{4})?$")]
# A category slug (Django's SlugField).
Slug = Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")]


def visible_pattern(min_length=1):
    """A pattern for "at least `min_length` characters once white space is stripped from both ends"."""
    return NOT_BLANK if min_length <= 1 else rf"\S[\s\S]{{{min_length - 2},}}\S"


def visible_length(pattern):
    """The `min_length` a pattern of `visible_pattern` stands for, or None for any other pattern."""
    if pattern == NOT_BLANK:
        return 1
    found = re.fullmatch(r"\\S\[\\s\\S\]\{(\d+),\}\\S", pattern or "")
    return int(found.group(1)) + 2 if found else None


def text(max_length, *, min_length=1, **kwargs):
    """A required text field: at least `min_length` characters besides white space at the ends (as the
    actions strip it), at most `max_length` as sent."""
    return Field(..., max_length=max_length, pattern=visible_pattern(min_length), **kwargs)


def optional_text(max_length, *, min_length=1, **kwargs):
    """Like `text`, for a field that may be left out (or null), but not sent blank."""
    return Field(None, max_length=max_length, pattern=visible_pattern(min_length), **kwargs)
