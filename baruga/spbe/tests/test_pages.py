"""The SPBE pages: the staff menu link, the team answering through the page, the evaluator reviewing,
bad input shown in Indonesian with nothing changed, strangers getting 404, exports and the public page."""

import pytest
from django.urls import reverse

from baruga.spbe import actions
from baruga.spbe.models import Answer, Assessment, Evidence, Review, State
from baruga.spbe.tests.conftest import YEAR, accept_all, png_upload

pytestmark = pytest.mark.django_db


def test_the_staff_menu_links_spbe_for_admins_and_leaders_only(client, cast):
    client.force_login(cast.citra)
    assert reverse("spbe:staff_list") in client.get(reverse("spbe:public")).content.decode()
    client.force_login(cast.eko)
    assert reverse("spbe:staff_list") not in client.get(reverse("spbe:public")).content.decode()
    assert client.get(reverse("spbe:staff_list")).status_code == 404


def test_the_team_opens_an_assessment_from_the_list(client, cast):
    client.force_login(cast.citra)
    response = client.post(reverse("spbe:staff_list"), {"jurisdiction": cast.makassar.pk, "year": YEAR})
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("spbe:detail", args=[assessment.pk])
    # Another jurisdiction is not among the choices: refused by the form, nothing created.
    response = client.post(reverse("spbe:staff_list"), {"jurisdiction": cast.gowa.pk, "year": YEAR})
    assert response.status_code == 200 and Assessment.objects.count() == 1


def test_the_team_answers_with_evidence_and_bad_input_changes_nothing(client, cast, makassar_draft):
    client.force_login(cast.citra)
    url = reverse("spbe:indicator", args=[makassar_draft.pk, "I01"])
    page = client.get(url).content.decode()
    assert "Rintisan" in page and "Optimum" in page
    response = client.post(url, {"form": "answer", "level": "7", "justification": "Perwali arsitektur SPBE."})
    assert response.status_code == 200 and "Ada isian yang perlu diperbaiki" in response.content.decode()
    response = client.post(url, {"form": "answer", "level": "4", "justification": ""})
    assert response.status_code == 200 and Answer.objects.get(assessment=makassar_draft, indicator_code="I01").level is None
    response = client.post(url, {"form": "answer", "level": "4", "justification": "Perwali 12/2025 arsitektur SPBE.",
                                 "evidence": [png_upload()], "then": "next"})
    assert response.status_code == 302 and response["Location"].endswith("/indikator/I02/")
    answer = Answer.objects.get(assessment=makassar_draft, indicator_code="I01")
    assert answer.level == 4 and answer.evidence.count() == 1
    evidence = answer.evidence.get()
    download = client.get(reverse("spbe:evidence", args=[makassar_draft.pk, evidence.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "image/png"


def test_a_forbidden_evidence_type_is_refused_in_indonesian(client, cast, makassar_draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.citra)
    url = reverse("spbe:indicator", args=[makassar_draft.pk, "I01"])
    bad = SimpleUploadedFile("makro.docm", b"PK\x03\x04 not allowed", content_type="application/msword")
    response = client.post(url, {"form": "answer", "level": "3", "justification": "Perwali arsitektur SPBE.",
                                 "evidence": [bad]})
    assert response.status_code == 200
    assert not Evidence.objects.exists()
    assert Answer.objects.get(assessment=makassar_draft, indicator_code="I01").level is None


@pytest.mark.parametrize("who", ["dewi", "eko", "ayu"])
def test_another_regency_or_an_opd_gets_404_everywhere(client, cast, makassar_draft, who):
    client.force_login(getattr(cast, who))
    pk = makassar_draft.pk
    for url in [reverse("spbe:detail", args=[pk]), reverse("spbe:indicator", args=[pk, "I01"]),
                reverse("spbe:export", args=[pk, "xlsx"]), reverse("spbe:export", args=[pk, "pdf"])]:
        assert client.get(url).status_code == 404
    assert client.post(reverse("spbe:move", args=[pk, "submit"])).status_code == 404
    assert client.post(reverse("spbe:indicator", args=[pk, "I01"]),
                       {"form": "answer", "level": "5", "justification": "Mengubah milik kota lain."}).status_code == 404
    assert Answer.objects.get(assessment=makassar_draft, indicator_code="I01").level is None


def test_the_mayor_reads_but_cannot_change(client, cast, makassar_draft):
    client.force_login(cast.hadi)
    url = reverse("spbe:indicator", args=[makassar_draft.pk, "I01"])
    assert client.get(url).status_code == 200
    client.post(url, {"form": "answer", "level": "5", "justification": "Mengubah sebagai pimpinan."})
    assert Answer.objects.get(assessment=makassar_draft, indicator_code="I01").level is None
    client.post(reverse("spbe:move", args=[makassar_draft.pk, "submit"]))
    makassar_draft.refresh_from_db()
    assert makassar_draft.state == State.DRAFT


def test_submitting_an_incomplete_assessment_shows_why(client, cast, makassar_draft):
    client.force_login(cast.citra)
    response = client.post(reverse("spbe:move", args=[makassar_draft.pk, "submit"]), follow=True)
    assert "Belum semua indikator dijawab (47 belum" in response.content.decode()
    makassar_draft.refresh_from_db()
    assert makassar_draft.state == State.DRAFT


def test_the_evaluator_reviews_returns_and_finalises_through_the_pages(client, cast, makassar_submitted):
    a = makassar_submitted
    client.force_login(cast.budi)
    url = reverse("spbe:indicator", args=[a.pk, "I03"])
    response = client.post(url, {"form": "review", "decision": "change", "note": ""})
    assert response.status_code == 200 and "Catatan evaluator wajib diisi" in response.content.decode()
    client.post(url, {"form": "review", "decision": "change", "note": "SK manajemen data belum dilampirkan."})
    client.post(reverse("spbe:move", args=[a.pk, "return_for_changes"]))
    a.refresh_from_db()
    assert a.state == State.RETURNED
    client.force_login(cast.citra)
    page = client.get(reverse("spbe:indicator", args=[a.pk, "I03"])).content.decode()
    assert "SK manajemen data belum dilampirkan." in page
    # Not returned: no form, a post is refused.
    client.post(reverse("spbe:indicator", args=[a.pk, "I01"]),
                {"form": "answer", "level": "5", "justification": "Diubah padahal sudah diterima."})
    assert Answer.objects.get(assessment=a, indicator_code="I01").level == 3
    client.post(reverse("spbe:indicator", args=[a.pk, "I03"]),
                {"form": "answer", "level": "2", "justification": "Perwali manajemen data terlampir."})
    client.post(reverse("spbe:move", args=[a.pk, "submit"]))
    client.force_login(cast.budi)
    accept_all(cast.budi, a)
    client.post(reverse("spbe:move", args=[a.pk, "finalise"]))
    a.refresh_from_db()
    assert a.state == State.FINAL and a.predikat == "Baik"
    detail = client.get(reverse("spbe:detail", args=[a.pk])).content.decode()
    assert "Indeks SPBE final" in detail and "<svg" in detail


def test_comparison_with_the_previous_final_year(cast):
    from baruga.spbe import selectors
    from baruga.spbe.tests.conftest import answer_all

    last = actions.open_assessment(cast.citra, jurisdiction=cast.makassar, year=YEAR - 1)
    answer_all(cast.citra, last, level=2)
    actions.submit(cast.citra, last)
    accept_all(cast.budi, last)
    actions.finalise(cast.budi, last)
    now = actions.open_assessment(cast.citra, jurisdiction=cast.makassar, year=YEAR)
    answer_all(cast.citra, now, level=3)
    comparison = selectors.comparison(now)
    assert comparison["previous"] == last
    assert str(comparison["overall_then"]) == "2.00" and str(comparison["overall_change"]) == "1.00"


def test_exports_carry_every_indicator(client, cast, makassar_submitted):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(cast.budi)
    response = client.get(reverse("spbe:export", args=[makassar_submitted.pk, "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 48 and sheet.cell(row=2, column=4).value.startswith("Tingkat Kematangan Kebijakan")
    pdf = client.get(reverse("spbe:export", args=[makassar_submitted.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from baruga.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="spbe.export").count() == 2


def test_the_public_page_shows_final_indexes_only(client, cast, makassar_submitted):
    gowa = actions.open_assessment(cast.dewi, jurisdiction=cast.gowa, year=YEAR)
    page = client.get(reverse("spbe:public")).content.decode()
    assert "Belum ada hasil final" in page
    accept_all(cast.budi, makassar_submitted)
    actions.finalise(cast.budi, makassar_submitted)
    page = client.get(reverse("spbe:public") + f"?tahun={YEAR}").content.decode()
    assert "Kota Makassar" in page and "3,00" in page and cast.gowa.name not in page
    assert gowa.state == State.DRAFT
    assert client.get(reverse("spbe:public") + "?tahun=abc").status_code == 200
