"""The assessment's lifecycle and who may do what: the team answers and submits, the province's
evaluator reviews per indicator, returns or finalises; nothing is edited after submission except
the items returned for change; a regency never touches another's assessment."""

from decimal import Decimal

import pytest

from baruga.audit.models import AuditEntry
from baruga.spbe import actions, indicator_formulas, permissions
from baruga.spbe.models import Answer, Assessment, Event, Evidence, Review, State
from baruga.spbe.tests.conftest import YEAR, accept_all, answer_all, png_upload

pytestmark = pytest.mark.django_db


def test_the_team_opens_one_assessment_per_year_with_a_blank_answer_per_indicator(cast):
    assessment = actions.open_assessment(cast.citra, jurisdiction=cast.makassar, year=YEAR)
    assert assessment.state == State.DRAFT and assessment.instrument_code == "permenpanrb-59-2020"
    assert assessment.answers.count() == 47
    assert AuditEntry.objects.filter(action="spbe.open", target_id=str(assessment.pk)).exists()
    with pytest.raises(actions.ActionError, match="sudah dibuka"):
        actions.open_assessment(cast.citra, jurisdiction=cast.makassar, year=YEAR)


@pytest.mark.parametrize("who", ["dewi", "budi", "hadi", "eko", "ayu"])
def test_only_the_jurisdictions_own_team_opens_its_assessment(cast, who):
    with pytest.raises(actions.ActionError, match="tidak berwenang"):
        actions.open_assessment(getattr(cast, who), jurisdiction=cast.makassar, year=YEAR)
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("year", ["2017", "abc", "", "3000"])
def test_an_impossible_year_is_refused(cast, year):
    with pytest.raises(actions.ActionError, match="Tahun evaluasi"):
        actions.open_assessment(cast.citra, jurisdiction=cast.makassar, year=year)


@pytest.mark.parametrize("level", [0, 6, -1, "tiga", "", None, "3.5"])
def test_a_level_outside_1_to_5_is_refused_and_nothing_changes(cast, makassar_draft, level):
    with pytest.raises(actions.ActionError, match="Tingkat kematangan harus bilangan 1 sampai 5"):
        actions.save_answer(cast.citra, makassar_draft, indicator_code="I01", level=level,
                            justification="Perwali arsitektur SPBE telah ditetapkan.")
    answer = Answer.objects.get(assessment=makassar_draft, indicator_code="I01")
    assert answer.level is None and answer.justification == ""


@pytest.mark.parametrize("justification", ["", "   ", "singkat"])
def test_a_missing_or_too_short_justification_is_refused(cast, makassar_draft, justification):
    with pytest.raises(actions.ActionError, match="Penjelasan"):
        actions.save_answer(cast.citra, makassar_draft, indicator_code="I01", level=3, justification=justification)
    assert Answer.objects.get(assessment=makassar_draft, indicator_code="I01").level is None


def test_evidence_is_cleaned_and_a_forbidden_type_changes_nothing(cast, makassar_draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("skrip.exe", b"MZ\x90\x00not a document", content_type="application/pdf")
    with pytest.raises(actions.ActionError):
        actions.save_answer(cast.citra, makassar_draft, indicator_code="I02", level=4,
                            justification="Peta rencana SPBE 2025-2029 ditetapkan.", files=[png_upload(), bad])
    answer = Answer.objects.get(assessment=makassar_draft, indicator_code="I02")
    assert answer.level is None and not Evidence.objects.exists()
    actions.save_answer(cast.citra, makassar_draft, indicator_code="I02", level=4,
                        justification="Peta rencana SPBE 2025-2029 ditetapkan.", files=[png_upload()])
    evidence = Evidence.objects.get()
    assert evidence.content_type == "image/png" and evidence.file.name.endswith(".png")


def test_an_unknown_indicator_is_refused(cast, makassar_draft):
    with pytest.raises(actions.ActionError, match="Indikator tidak dikenal"):
        actions.save_answer(cast.citra, makassar_draft, indicator_code="I99", level=3,
                            justification="Penjelasan yang cukup panjang.")


@pytest.mark.parametrize("who", ["dewi", "budi", "hadi", "eko"])
def test_nobody_but_the_team_edits_answers(cast, makassar_draft, who):
    # dewi is another regency's team; budi the evaluator; hadi the mayor (reads only); eko an OPD.
    with pytest.raises(actions.ActionError, match="tidak berwenang"):
        actions.save_answer(getattr(cast, who), makassar_draft, indicator_code="I01", level=5,
                            justification="Sudah optimum menurut kami.")
    assert Answer.objects.get(assessment=makassar_draft, indicator_code="I01").level is None


def test_submitting_needs_every_indicator_answered(cast, makassar_draft):
    answer_all(cast.citra, makassar_draft, skip={"I47"})
    with pytest.raises(actions.ActionError, match="1 belum: I47"):
        actions.submit(cast.citra, makassar_draft)
    makassar_draft.refresh_from_db()
    assert makassar_draft.state == State.DRAFT


def test_after_submission_nothing_can_be_edited(cast, makassar_submitted):
    with pytest.raises(actions.ActionError, match="Diajukan untuk reviu"):
        actions.save_answer(cast.citra, makassar_submitted, indicator_code="I01", level=5,
                            justification="Perubahan setelah diajukan.")
    assert Answer.objects.get(assessment=makassar_submitted, indicator_code="I01").level == 3


def test_the_team_cannot_review_or_finalise_its_own_assessment(cast, makassar_submitted):
    with pytest.raises(actions.ActionError, match="tidak berwenang"):
        actions.review(cast.citra, makassar_submitted, indicator_code="I01", decision=Review.ACCEPTED)
    with pytest.raises(actions.ActionError, match="tidak berwenang"):
        actions.finalise(cast.citra, makassar_submitted)


def test_a_change_request_needs_a_note(cast, makassar_submitted):
    with pytest.raises(actions.ActionError, match="Catatan evaluator"):
        actions.review(cast.budi, makassar_submitted, indicator_code="I01", decision=Review.CHANGE, note="")
    assert Answer.objects.get(assessment=makassar_submitted, indicator_code="I01").review == Review.PENDING


def test_the_evaluator_cannot_return_without_marking_an_item_nor_finalise_with_items_open(cast, makassar_submitted):
    with pytest.raises(actions.ActionError, match="Tandai dulu"):
        actions.return_for_changes(cast.budi, makassar_submitted)
    actions.review(cast.budi, makassar_submitted, indicator_code="I01", decision=Review.ACCEPTED)
    with pytest.raises(actions.ActionError, match="46 indikator"):
        actions.finalise(cast.budi, makassar_submitted)


def test_the_whole_round_returned_items_only_are_editable_then_final(cast, makassar_submitted):
    a = makassar_submitted
    accept_all(cast.budi, a)
    actions.review(cast.budi, a, indicator_code="I05", decision=Review.CHANGE,
                   note="Lampirkan SK penetapan kebijakan pusat data.")
    actions.return_for_changes(cast.budi, a)
    a.refresh_from_db()
    assert a.state == State.RETURNED
    # An accepted item stays closed; the returned one opens.
    with pytest.raises(actions.ActionError, match="tidak dikembalikan untuk perbaikan"):
        actions.save_answer(cast.citra, a, indicator_code="I01", level=5, justification="Coba ubah yang diterima.")
    actions.save_answer(cast.citra, a, indicator_code="I05", level=2,
                        justification="SK Wali Kota tentang pusat data terlampir.", files=[png_upload()])
    actions.submit(cast.citra, a)
    assert Answer.objects.get(assessment=a, indicator_code="I05").review == Review.PENDING
    assert Answer.objects.get(assessment=a, indicator_code="I01").review == Review.ACCEPTED
    accept_all(cast.budi, a)
    actions.finalise(cast.budi, a)
    a.refresh_from_db()
    # 46 × 3 and I05 (weight 1.3) at 2: (300 − 1.3) ÷ 100 = 2.987 → 2.99 "Baik"
    assert a.state == State.FINAL and a.index == Decimal("2.99") and a.predikat == "Baik"
    assert list(Event.objects.filter(assessment=a, indicator_code="").values_list("action", flat=True)) == [
        "open", "submit", "return_for_changes", "submit", "finalise"]
    assert AuditEntry.objects.filter(action="spbe.finalise", target_id=str(a.pk)).exists()
    with pytest.raises(actions.ActionError):
        actions.save_answer(cast.citra, a, indicator_code="I05", level=5, justification="Setelah final.")


def test_another_regency_neither_sees_nor_is_seen(cast, makassar_draft):
    gowa = actions.open_assessment(cast.dewi, jurisdiction=cast.gowa, year=YEAR)
    assert list(permissions.visible_assessments(cast.citra)) == [makassar_draft]
    assert list(permissions.visible_assessments(cast.dewi)) == [gowa]
    assert set(permissions.visible_assessments(cast.budi)) == {makassar_draft, gowa}
    assert list(permissions.visible_assessments(cast.hadi)) == [makassar_draft]
    assert not permissions.visible_assessments(cast.eko).exists()
    assert not permissions.can_view(cast.dewi, makassar_draft)


def test_the_indicator_feed_gives_the_final_index_of_the_year(cast, makassar_submitted):
    import datetime as dt

    empty = indicator_formulas.FORMULAS["spbe.index"](cast.makassar, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    assert empty["value"] is None and "Belum ada" in empty["explanation"]
    accept_all(cast.budi, makassar_submitted)
    actions.finalise(cast.budi, makassar_submitted)
    result = indicator_formulas.FORMULAS["spbe.index"](cast.makassar, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    assert result["value"] == Decimal("3.00") and "3,00 (Baik)" in result["explanation"]
    assert indicator_formulas.UNITS["spbe.index"] == "indeks"
