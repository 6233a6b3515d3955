"""Reminders of expiring verifications and contracts (once each), and the program indicators."""

import datetime as dt

import pytest
from django.urls import reverse

from baruga.dissemination import actions, indicator_formulas, sweep
from baruga.notifications.models import Notification

from .conftest import PARTNER, png_upload, wita
from .test_partners_and_placements import place


def _reminders(user):
    return list(Notification.objects.filter(recipient=user, kind="reminder").values_list("title", flat=True))


def test_an_expiring_verification_reminds_the_unit_once(humas, partner, travel):
    partner.verification_valid_until = dt.date(2026, 4, 1)
    partner.save()
    counts = sweep.run()
    assert counts["dissemination_verification_reminders"] == 1
    assert _reminders(humas.nanda) == ["Verifikasi Dewan Pers Harian Fajar Makassar berakhir 01-04-2026"]
    assert _reminders(humas.oki) and not _reminders(humas.lina) and not _reminders(humas.eko)
    assert sweep.run()["dissemination_verification_reminders"] == 0


def test_a_renewed_verification_is_reminded_again_when_it_nears_its_new_end(humas, partner, travel):
    partner.verification_valid_until = dt.date(2026, 4, 1)
    partner.save()
    sweep.run()
    actions.update_partner(actor=humas.nanda, partner=partner, data=actions.PartnerInput(
        **{**PARTNER, "verification_valid_until": dt.date(2026, 4, 5)}))
    assert sweep.run()["dissemination_verification_reminders"] == 1


def test_a_contract_ending_within_30_days_reminds_once(humas, partner, travel):
    assert sweep.run()["dissemination_contract_reminders"] == 0
    travel.move_to(wita(2026, 11, 5, 9))
    assert sweep.run()["dissemination_contract_reminders"] == 1
    assert sweep.run()["dissemination_contract_reminders"] == 0
    assert any("Kontrak Harian Fajar Makassar berakhir 30-11-2026" in t for t in _reminders(humas.nanda))


def test_the_clock_sweep_runs_the_dissemination_sweep(humas, partner, travel):
    from baruga.clocks.sweep import run_sweep

    travel.move_to(wita(2026, 11, 5, 9))
    assert run_sweep().counts["dissemination_contract_reminders"] == 1


# --- indicators ------------------------------------------------------------------------------------

@pytest.fixture
def placed(humas, partner, published):
    place(humas, published, partner, url="https://fajar.example.id/a", views=1000, impressions=5000)
    place(humas, published, own_channel="Situs resmi", url="https://makassarkota.go.id/b", proof=None, views=None,
          impressions=300, engagement=None)
    return published


def test_the_formulas_follow_the_contract(humas, placed):
    start, end = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
    results = {key: f(humas.makassar, start, end) for key, f in indicator_formulas.FORMULAS.items()}
    assert set(results) == {"dissemination.active_verified_partners", "dissemination.publications",
                            "dissemination.placements", "dissemination.total_reach"}
    assert results["dissemination.active_verified_partners"]["value"] == 1
    assert results["dissemination.publications"]["value"] == 1
    assert results["dissemination.placements"]["value"] == 2
    assert results["dissemination.total_reach"]["value"] == 1300  # views, else impressions
    for result in results.values():
        assert set(result) == {"value", "numerator", "denominator", "explanation"} and result["explanation"]
    assert set(indicator_formulas.LABELS) == set(indicator_formulas.FORMULAS) == set(indicator_formulas.UNITS)


def test_outside_the_period_or_jurisdiction_nothing_counts(humas, placed):
    february = (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert indicator_formulas.placements(humas.makassar, *february)["value"] == 0
    assert indicator_formulas.total_reach(humas.makassar, *february)["value"] is None
    assert indicator_formulas.active_verified_partners(humas.gowa, dt.date(2026, 3, 1), dt.date(2026, 3, 31))[
        "value"] == 0


def test_an_unverified_or_expired_partner_is_not_an_active_verified_partner(humas, partner, travel):
    partner.verification_valid_until = dt.date(2026, 3, 20)
    partner.save()
    assert indicator_formulas.active_verified_partners(humas.makassar, dt.date(2026, 3, 1),
                                                       dt.date(2026, 3, 31))["value"] == 0


def test_the_api_gives_the_indicators_per_jurisdiction_opd_and_period(client, humas, placed):
    url = reverse("api-v1:dissemination_indicators")
    data = client.get(url, {"jurisdiction": "73.71", "start": "2026-03-01", "end": "2026-03-31"}).json()
    assert (data["active_verified_partners"], data["publications"], data["placements"], data["total_reach"]) == (
        1, 1, 2, 1300)
    assert data["by_agency"] == [{"agency_id": humas.pupr.pk, "name": "Dinas PUPR Makassar", "publications": 1,
                                  "placements": 2, "total_reach": 1300}]
    narrowed = client.get(url, {"jurisdiction": "73.71", "start": "2026-03-01", "end": "2026-03-31",
                                "agency": humas.disdik.pk}).json()
    assert narrowed["publications"] == 0


@pytest.mark.parametrize("params, status", [
    ({"jurisdiction": "73.71", "start": "2026-03-31", "end": "2026-03-01"}, 400),
    ({"jurisdiction": "73.71", "start": "2020-01-01", "end": "2026-03-01"}, 400),
    ({"jurisdiction": "73.99", "start": "2026-03-01", "end": "2026-03-31"}, 404),
    ({"jurisdiction": "73.71", "start": "2026-03-01"}, 422),
    ({"jurisdiction": "73.71", "start": "1-3-2026", "end": "2026-03-31"}, 422),
])
def test_the_api_refuses_bad_periods_and_unknown_places(client, humas, params, status):
    response = client.get(reverse("api-v1:dissemination_indicators"), params)
    assert response.status_code == status and response.json()["detail"]


def test_an_opd_of_another_jurisdiction_is_not_found(client, humas):
    response = client.get(reverse("api-v1:dissemination_indicators"),
                          {"jurisdiction": "73.71", "start": "2026-03-01", "end": "2026-03-31",
                           "agency": humas.pupr_gowa.pk})
    assert response.status_code == 404


def test_the_operations_are_in_the_openapi_schema(client, cast):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/dissemination/indicators" in schema["paths"]
    assert "/api/v1/dissemination/publications" in schema["paths"]
    assert "IndicatorsOut" in schema["components"]["schemas"]


def test_the_public_list_api(client, humas, published):
    data = client.get(reverse("api-v1:dissemination_publications")).json()
    assert data["count"] == 1 and data["items"][0]["title"] == published.title


def test_a_quiet_sweep_costs_three_queries_whatever_the_number_of_partners(humas, partner, travel,
                                                                          django_assert_max_num_queries):
    sweep.run()  # nothing due: verification valid until 2027, contract ends in November
    with django_assert_max_num_queries(3):
        sweep.run()
