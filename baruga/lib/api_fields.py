"""Field types for the API's input schemas: the OpenAPI document states what the server checks.

pydantic's lax mode accepts more than the JSON Schema it publishes (`0` for false, `"5"` for 5, a
number of seconds for a date), and an empty string passes a bare ``str``; the action layer then
refuses some of that with 400 and carries out the rest. With these types, input the schema forbids
is refused with 422 before any view runs (or with 400 by the action, for a rule between fields), and
input it allows passes validation (baruga/complaints/tests/test_api_fuzz.py holds the server to it).
"""

import re
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Annotated

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from ninja import File, Schema
from ninja.files import UploadedFile
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, StrictBool, WithJsonSchema, model_validator

# At least one character that is not white space: what the actions' "wajib diisi" checks ask for
# (`api_errors` answers a mismatch with "Wajib diisi.").
NOT_BLANK = r"\S"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value):
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError(_("Tanggal tidak sah; gunakan format TTTT-BB-HH."))


def _json_integer(value):
    if isinstance(value, (bool, str)):  # JSON true is no 1, "5" is no 5; 5.0 is (JSON Schema agrees)
        raise ValueError(_("Harus berupa bilangan bulat."))
    return value


def _json_number(value):
    if isinstance(value, (bool, str)):
        raise ValueError(_("Harus berupa angka."))
    return value


def _micro_degrees(value):
    return value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN)


def _email_or_blank(value):
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValueError(_("Alamat e-mail tidak sah.")) from None
    return value


def _phone_pattern(*alternatives):
    """A phone number as people write it: digits with spaces, dots, dashes or brackets between them (the
    services strip those); `alternatives` as (first characters, (fewest, most) digits after them)."""
    sep, digit = "[ ().-]*", "[0-9][ ().-]*"
    shapes = "|".join(f"{first}{sep}({digit}){{{low},{high}}}" for first, (low, high) in alternatives)
    return f"^$|^{sep}({shapes})$"


# A calendar date written YYYY-MM-DD (pydantic alone would take 0 or "1700000000" as a timestamp).
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
# JSON true or false, not 0/1 or "yes" (body fields; query flags are strings on the wire).
Flag = StrictBool
# A JSON integer, not "5" or true (body fields; query numbers are strings on the wire).
Integer = Annotated[int, BeforeValidator(_json_integer)]
# An e-mail address Django accepts, or nothing.
EmailOrBlank = Annotated[
    str, Field(max_length=254, json_schema_extra={"anyOf": [{"maxLength": 0}, {"format": "email"}]}),
    AfterValidator(_email_or_blank),
]
# A phone number of 8 to 15 digits, + in front or not (ppid.actions.PHONE once separators are gone).
PHONE = _phone_pattern((r"\+", (8, 15)), ("", (8, 15)))
# The same for lib.phones.normalise_phone, which turns 0… into +62…: one digit fewer there.
NATIONAL_PHONE = _phone_pattern((r"\+", (8, 15)), ("[1-9]", (7, 14)), ("0", (6, 13)))
# A NIK: 16 digits, spaces, dots and dashes aside.
NIK = r"^[ .-]*([0-9][ .-]*){16}$"
# A Kemendagri code: province 73, regency/city 73.71, district 73.71.01, village 73.71.01.1001.
KemendagriCode = Annotated[
    str, Field(min_length=2, max_length=13, pattern=r"^[0-9]{2}(\.[0-9]{2}){0,2}(\.[0-9]{4})?$"),
]
# An uploaded file, not empty (Django's parser drops an empty part: the field would arrive short).
Upload = Annotated[UploadedFile, WithJsonSchema({"type": "string", "format": "binary", "minLength": 1})]
# A category slug (Django's SlugField).
Slug = Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")]


class Input(Schema):
    """A request body schema: a JSON object. django-ninja's Schema reads fields off any value (it also
    renders model instances), so a bare `""` passed for an object whose fields all have defaults."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value):
        given = value._obj if isinstance(value, DjangoGetter) else value  # ninja wraps what it was given
        if not isinstance(given, (dict, BaseModel)):
            raise ValueError(_("Harus berupa objek JSON."))
        return value


def coordinate(limit, *, form=False):
    """A latitude (`limit` 90) or longitude (180) in degrees, a JSON number (text in a form), kept to six
    decimals (about 10 cm) as the database stores it."""
    checks = [] if form else [BeforeValidator(_json_number)]
    return Annotated[Decimal, *checks, Field(ge=-limit, le=limit), AfterValidator(_micro_degrees),
                     WithJsonSchema({"type": "number", "minimum": -limit, "maximum": limit})]


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


def upload_files(*, required, most):
    """A multipart field (`list[Upload]`) of up to `most` files, at least one if `required`."""
    return File(... if required else None, min_length=1 if required else None, max_length=most)
