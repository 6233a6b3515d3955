"""SPBE on top of the shared cast (`conftest.cast`): budi (province admin) evaluates; citra (Makassar's
admin) and dewi (Gowa's admin) are their jurisdictions' SPBE teams; hadi leads Makassar; eko is an
OPD sub-admin (no SPBE role)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from baruga.spbe import actions
from baruga.spbe import instrument as instruments
from baruga.spbe.models import Review

YEAR = 2026


@pytest.fixture
def spbe_instrument():
    return instruments.get("permenpanrb-59-2020")


def png_upload(name="bukti.png"):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def answer_all(actor, assessment, level=3, skip=()):
    for indicator in assessment.instrument.indicators:
        if indicator.code in skip:
            continue
        lv = level(indicator) if callable(level) else level
        actions.save_answer(actor, assessment, indicator_code=indicator.code, level=lv,
                            justification="Dokumen kebijakan telah ditetapkan dan diterapkan.")


def accept_all(actor, assessment):
    for answer in assessment.answers.exclude(review=Review.ACCEPTED):
        actions.review(actor, assessment, indicator_code=answer.indicator_code, decision=Review.ACCEPTED)


@pytest.fixture
def makassar_draft(cast):
    return actions.open_assessment(cast.citra, jurisdiction=cast.makassar, year=YEAR)


@pytest.fixture
def makassar_submitted(cast, makassar_draft):
    answer_all(cast.citra, makassar_draft)
    return actions.submit(cast.citra, makassar_draft)
