"""Category and OPD suggestions: learnt from the jurisdiction's own decisions, explained, never applied.

Makassar's admin (citra) has verified reports about roads, rubbish and clean water, and dispatched them
to Dinas PUPR or Dinas Pendidikan; a new report written the way people write ("jln berlubang") gets
the road category suggested, with the words that weighed most.
"""

import datetime as dt
import itertools
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from baruga.clocks.sweep import run_sweep
from baruga.complaints import actions, suggest
from baruga.complaints.models import Report, State, SuggestionModel, SuggestionShown
from baruga.directory.models import Category, CategoryRoute

ROADS = [
    ("Jalan berlubang di {s}", "Aspal jalan di {s} berlubang besar dan membahayakan pengendara motor."),
    ("Aspal rusak parah {s}", "Jalan di {s} rusak, aspal mengelupas dan lubang makin dalam setelah hujan."),
    ("Lubang di jalan {s}", "Ada lubang dalam di badan jalan {s}, sudah ada pengendara jatuh."),
]
RUBBISH = [
    ("Sampah menumpuk di {s}", "Sampah rumah tangga menumpuk di pinggir {s} dan tidak diangkut truk sampah."),
    ("Tumpukan sampah {s} bau", "Tempat pembuangan sampah sementara di {s} penuh, bau busuk sampai ke rumah warga."),
    ("Truk sampah tidak datang {s}", "Sudah seminggu truk sampah tidak mengangkut sampah di {s}."),
]
WATER = [
    ("Air PDAM mati di {s}", "Air bersih PDAM tidak mengalir di {s} sudah tiga hari, warga membeli air galon."),
    ("Air keruh di {s}", "Air PDAM yang mengalir ke rumah warga di {s} keruh dan berbau."),
    ("Pipa air bocor {s}", "Pipa air bersih bocor di {s}, air terbuang dan tekanan air ke rumah kecil."),
]
STREETS = ["Jl. Daeng Tata", "Jl. Sultan Alauddin", "Jl. Pettarani", "Jl. Veteran", "Jl. Urip Sumoharjo",
           "Jl. Perintis Kemerdekaan"]


@pytest.fixture
def categories(cast):
    rubbish = Category.objects.create(slug="sampah", name="Sampah dan kebersihan", authority="regency")
    water = Category.objects.create(slug="air-bersih", name="Air bersih", authority="regency")
    CategoryRoute.objects.create(category=rubbish, jurisdiction=cast.makassar, agency=cast.disdik)
    return {"roads": cast.city_road, "rubbish": rubbish, "water": water}


def _decided_reports(cast, categories, per_category=12, *, jurisdiction=None, dispatch=False):
    """Reports filed by ayu and verified (and dispatched) by the jurisdiction's admin, through the actions."""
    jurisdiction = jurisdiction or cast.makassar
    admin = cast.citra if jurisdiction == cast.makassar else cast.dewi
    agencies = {"roads": cast.pupr, "rubbish": cast.disdik, "water": cast.disdik}
    streets = itertools.cycle(STREETS)
    for key, templates in (("roads", ROADS), ("rubbish", RUBBISH), ("water", WATER)):
        for i in range(per_category):
            title, body = templates[i % len(templates)]
            street = next(streets)
            report = actions.submit_report(
                reporter=cast.ayu, kind="complaint", title=title.format(s=street), body=body.format(s=street),
                location=jurisdiction, district=None, category=categories[key], contact_name="Ayu",
                contact_email="", contact_phone="")[0]
            actions.verify(actor=admin, report=report, title=report.title, category=categories[key])
            if dispatch:
                actions.dispatch(actor=admin, report=report, agency=agencies[key])


def _new_report(cast, title, body, jurisdiction=None):
    """Filed by ayu, who chose "Jalan kabupaten/kota" whatever it is about (the report lands at the city)."""
    return actions.submit_report(reporter=cast.ayu, kind="complaint", title=title, body=body,
                                 location=jurisdiction or cast.makassar, district=None, category=cast.city_road,
                                 contact_name="Ayu", contact_email="", contact_phone="")[0]


def test_a_new_report_gets_the_category_its_like_were_verified_with_and_the_words_why(cast, categories):
    _decided_reports(cast, categories)
    assert suggest.train(cast.makassar, suggest.CATEGORY) is not None
    report = _new_report(cast, "jln berlubang dpn SD", "udh 3 bln aspal jln rusak gak diperbaiki, lubang dalam")

    suggestions = suggest.for_report(report, suggest.CATEGORY)

    assert suggestions[0].id == categories["roads"].pk
    assert suggestions[0].confidence >= suggest.min_confidence()
    assert {"lubang", "aspal"} & set(suggestions[0].words)
    assert len(suggestions) <= 3
    rubbish = _new_report(cast, "sampah numpuk", "sampah gak diangkut truk, bau bgt")
    assert suggest.for_report(rubbish, suggest.CATEGORY)[0].id == categories["rubbish"].pk
    rubbish.refresh_from_db()
    assert rubbish.category_id == cast.city_road.pk  # the citizen's choice stands: nothing is applied


def test_nothing_is_suggested_below_the_confidence_threshold(cast, categories, settings):
    _decided_reports(cast, categories)
    suggest.train(cast.makassar, suggest.CATEGORY)
    vague = _new_report(cast, "Mohon perhatian", "Mohon segera ditindaklanjuti, terima kasih.")
    assert suggest.for_report(vague, suggest.CATEGORY) == []
    assert not SuggestionShown.objects.filter(report=vague).exists()

    clear = _new_report(cast, "Sampah menumpuk", "Sampah tidak diangkut truk sampah, bau.")
    settings.SUGGESTION_MIN_CONFIDENCE = 0.999999
    assert suggest.for_report(clear, suggest.CATEGORY) == []


def test_no_model_until_the_jurisdiction_has_decided_enough_reports(cast, categories, settings):
    settings.SUGGESTION_MIN_TRAINING = 30
    _decided_reports(cast, categories, per_category=5)  # 15 decided reports
    assert suggest.train(cast.makassar, suggest.CATEGORY) is None
    report = _new_report(cast, "Jalan berlubang", "Aspal rusak dan berlubang.")
    assert suggest.for_report(report, suggest.CATEGORY) == []


def test_a_model_learns_only_from_its_own_jurisdiction(cast, categories):
    _decided_reports(cast, categories)
    suggest.train(cast.gowa, suggest.CATEGORY)
    assert not SuggestionModel.objects.filter(jurisdiction=cast.gowa, documents__gt=0).exists()
    gowa_report = _new_report(cast, "Jalan berlubang di Somba Opu", "Aspal rusak dan berlubang.", cast.gowa)
    assert suggest.for_report(gowa_report, suggest.CATEGORY) == []


def test_the_model_is_stored_as_plain_counts_and_measured_on_held_out_reports(cast, categories):
    _decided_reports(cast, categories, per_category=20)  # 60: enough for a held-out measurement
    model = suggest.train(cast.makassar, suggest.CATEGORY)
    stored = SuggestionModel.objects.get(pk=model.pk)
    assert json.loads(json.dumps(stored.params)) == stored.params  # JSON counts, nothing executable
    assert set(stored.params["classes"]) == {str(c.pk) for c in categories.values()}
    assert stored.documents == 60 and stored.classes == 3
    assert stored.holdout_size == 12
    assert stored.holdout_top1 is not None and 0 <= stored.holdout_top1 <= stored.holdout_top3 <= 1


def test_the_admin_sees_category_suggestions_while_verifying_and_pakai_fills_the_form(client, cast, categories):
    _decided_reports(cast, categories)
    suggest.train(cast.makassar, suggest.CATEGORY)
    report = _new_report(cast, "Sampah menumpuk di pasar", "Sampah tidak diangkut truk sampah sudah seminggu.")
    url = reverse("complaints:staff_detail", args=[report.tracking_id])

    client.force_login(cast.citra)
    page = client.get(url).content.decode()
    assert "Saran kategori" in page and "Pakai kategori ini" in page
    assert f"?kategori={categories['rubbish'].pk}#action-verify" in page

    prefilled = client.get(url, {"kategori": categories["rubbish"].pk}).content.decode()
    assert f'<option value="{categories["rubbish"].pk}" selected>' in prefilled
    # A made-up id or text selects nothing and breaks nothing.
    assert client.get(url, {"kategori": "x' OR 1=1"}).status_code == 200
    assert client.get(url, {"kategori": "99999999"}).status_code == 200
    report.refresh_from_db()
    assert report.category_id == cast.city_road.pk and report.state == State.SUBMITTED


def test_opd_staff_and_leaders_are_not_shown_suggestions(client, cast, categories):
    _decided_reports(cast, categories, dispatch=True)
    suggest.train(cast.makassar, suggest.CATEGORY)
    suggest.train(cast.makassar, suggest.AGENCY)
    report = Report.objects.filter(agency=cast.pupr).first()
    url = reverse("complaints:staff_detail", args=[report.tracking_id])
    for user in (cast.eko, cast.hadi):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Saran kategori" not in page and "Saran OPD" not in page


def test_after_verification_the_admin_is_shown_the_opd_suggestion(client, cast, categories):
    _decided_reports(cast, categories, dispatch=True)
    suggest.train(cast.makassar, suggest.AGENCY)
    report = _new_report(cast, "Air PDAM mati", "Air bersih PDAM tidak mengalir ke rumah warga tiga hari.")
    actions.verify(actor=cast.citra, report=report, title=report.title, category=categories["water"])

    client.force_login(cast.citra)
    url = reverse("complaints:staff_detail", args=[report.tracking_id])
    page = client.get(url).content.decode()
    assert "Saran OPD tujuan" in page and f"?opd={cast.disdik.pk}#action-dispatch" in page
    prefilled = client.get(url, {"opd": cast.disdik.pk}).content.decode()
    assert f'<option value="{cast.disdik.pk}" selected>' in prefilled
    # An OPD of another jurisdiction is never preselected.
    other = client.get(url, {"opd": cast.pupr_gowa.pk}).content.decode()
    assert f'<option value="{cast.pupr_gowa.pk}" selected>' not in other
    assert "Dinas PUPR Gowa" not in other


def test_accuracy_compares_the_decision_with_the_first_suggestions_shown(client, cast, categories):
    _decided_reports(cast, categories)
    suggest.train(cast.makassar, suggest.CATEGORY)
    followed = _new_report(cast, "Jalan berlubang", "Aspal jalan rusak dan berlubang dalam.")
    overruled = _new_report(cast, "Lubang di jalan", "Lubang besar di badan jalan, aspal mengelupas.")
    client.force_login(cast.citra)
    for report in (followed, overruled):
        client.get(reverse("complaints:staff_detail", args=[report.tracking_id]))
        client.get(reverse("complaints:staff_detail", args=[report.tracking_id]))  # the first showing is kept
    assert SuggestionShown.objects.filter(report__in=[followed, overruled]).count() == 2
    actions.verify(actor=cast.citra, report=followed, title=followed.title, category=categories["roads"])
    actions.verify(actor=cast.citra, report=overruled, title=overruled.title, category=categories["water"])

    figure = next(f for f in suggest.accuracy([cast.makassar]) if f.target == suggest.CATEGORY)
    assert figure.decided == 2
    assert figure.top1 == 1
    shown_water = any(item["id"] == categories["water"].pk
                      for item in SuggestionShown.objects.get(report=overruled).items)
    assert figure.top3 == 1 + shown_water


def test_the_quality_page_shows_each_admin_their_jurisdictions_only(client, cast, categories):
    _decided_reports(cast, categories)
    suggest.train(cast.makassar, suggest.CATEGORY)
    url = reverse("complaints:suggestion_quality")

    client.force_login(cast.citra)
    page = client.get(url).content.decode()
    assert "Kota Makassar" in page and "Kabupaten Gowa" not in page

    client.force_login(cast.budi)  # the province's admin sees its regencies/cities too
    page = client.get(url).content.decode()
    assert "Kota Makassar" in page and "Kabupaten Gowa" in page

    for user in (cast.eko, cast.hadi, cast.ayu):
        client.force_login(user)
        assert client.get(url).status_code in (302, 403, 404)
    client.logout()
    assert client.get(url).status_code == 302


def test_the_clock_sweep_retrains_models_once_a_day(cast, categories, settings):
    _decided_reports(cast, categories)
    assert "baruga.complaints.suggest.periodic" in settings.PERIODIC_JOBS
    result = run_sweep()
    assert result.counts["suggestion_models"] == 1  # Makassar's category model (no dispatches yet: no OPD model)
    trained_at = SuggestionModel.objects.get(jurisdiction=cast.makassar, target=suggest.CATEGORY).trained_at
    assert run_sweep().counts["suggestion_models"] == 0
    later = timezone.now() + dt.timedelta(hours=25)
    assert suggest.retrain_due(later) == 1
    assert SuggestionModel.objects.get(jurisdiction=cast.makassar, target=suggest.CATEGORY).trained_at > trained_at


def test_the_api_gives_the_admin_the_same_suggestions_and_other_staff_none(client, cast, categories):
    _decided_reports(cast, categories)
    suggest.train(cast.makassar, suggest.CATEGORY)
    report = _new_report(cast, "Air PDAM keruh", "Air PDAM yang mengalir ke rumah keruh dan berbau.")
    url = f"/api/v1/staff/reports/{report.tracking_id}/suggestions"

    client.force_login(cast.citra)
    body = client.get(url).json()
    assert body["target"] == "category"
    assert body["items"][0]["id"] == categories["water"].pk and body["items"][0]["words"]
    assert suggest.min_confidence() <= body["items"][0]["confidence"] <= 1

    client.force_login(cast.hadi)  # the mayor reads the report but does not verify it
    assert client.get(url).json() == {"target": None, "items": []}
    client.force_login(cast.dewi)  # Gowa's admin cannot even see it
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 401


def test_a_sweep_with_fresh_models_costs_three_queries(cast, categories, django_assert_max_num_queries):
    _decided_reports(cast, categories, per_category=2)
    suggest.retrain_due()
    with django_assert_max_num_queries(3):
        assert suggest.retrain_due() == 0
