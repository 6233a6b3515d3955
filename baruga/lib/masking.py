"""Mask personal data (NIK, phone numbers, e-mail addresses) in text shown to the public."""

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# NIK: 16 digits, written plain or grouped 6-6-4, 4-4-4-4, or by its parts 2-2-2-6-4
# (province, regency, district, birth date, serial). Not part of a longer number. Grouped
# by four it must start with a province code, so a list of years ("2019 2020 2021 2022") stays.
PROVINCE_CODE = r"(?:1[1-9]|21|3[1-6]|5[1-3]|6[1-5]|7[1-6]|8[12]|9[1-7])"
NIK = re.compile(
    r"(?<!\d)(?<!\d[.-])"
    r"(?:\d{6}[\s.-]?\d{6}[\s.-]?\d{4}"
    rf"|{PROVINCE_CODE}\d{{2}}(?:[\s.-]\d{{4}}){{3}}"
    r"|\d{2}[.-]\d{2}[.-]\d{2}[.-]\d{6}[.-]\d{4})"
    r"(?![.-]?\d)"
)
# Indonesian mobile and landline numbers: +62 / 62 / 0, then 8–12 more digits, with optional separators.
# Not inside a larger number written with thousands dots ("Rp 1.000.000.000"), nor a rupiah amount.
PHONE = re.compile(
    r"(?<![\w+])(?<!\d[.,])(?<![Rr]p\s)(?<![Rr]p\.)(?<![Rr]p\.\s)"
    r"(?:\+62|62|0)[\s.-]?\d{2,4}(?:[\s.-]?\d{2,4}){2,3}(?!\d)"
)
# A landline written with its area code in brackets: (0411) 872345, (021) 555-1234.
LANDLINE = re.compile(r"\(0\d{2,3}\)\s?\d{2,4}(?:[\s.-]?\d{2,4}){1,2}(?!\d)")


def _mask_keep_edges(match, keep_start=2, keep_end=2):
    text = match.group(0)
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    hidden = set(digits[keep_start:len(digits) - keep_end])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(text))


def _mask_email(match):
    local, _, domain = match.group(0).partition("@")
    return f"{local[:1]}***@{domain}"


def mask_personal_data(text):
    if not text:
        return text
    text = EMAIL.sub(_mask_email, text)
    text = NIK.sub(lambda m: _mask_keep_edges(m, 0, 0), text)
    text = LANDLINE.sub(lambda m: _mask_keep_edges(m, 2, 2), text)
    text = PHONE.sub(lambda m: _mask_keep_edges(m, 2, 2), text)
    return text
