"""The SPBE API: instruments and final results are public and typed; an assessment in progress only
for those who may see it."""

import pytest

from baruga.spbe import actions
from baruga.spbe.tests.conftest import YEAR, accept_all

pytestmark = pytest.mark.django_db


def test_the_instrument_is_readable_with_weights_and_criteria(client):
    listed = client.get("/api/v1/spbe/instrumen").json()
    assert [i["code"] for i in listed] == ["permenpanrb-59-2020"] and listed[0]["indicators"] == 47
    body = client.get("/api/v1/spbe/instrumen/permenpanrb-59-2020").json()
    assert [d["weight"] for d in body["domains"]] == ["13", "25", "16.5", "45.5"]
    first = body["domains"][0]["aspects"][0]["indicators"][0]
    assert [c["name"] for c in first["criteria"]][0] == "Rintisan" and len(first["criteria"]) == 5
    assert client.get("/api/v1/spbe/instrumen/tidak-ada").status_code == 404


def test_only_final_results_are_public(client, cast, makassar_submitted):
    assert client.get("/api/v1/spbe/hasil").json() == []
    assert client.get(f"/api/v1/spbe/hasil/73.71/{YEAR}").status_code == 404
    accept_all(cast.budi, makassar_submitted)
    actions.finalise(cast.budi, makassar_submitted)
    results = client.get(f"/api/v1/spbe/hasil?tahun={YEAR}").json()
    assert [(r["jurisdiction_code"], r["index"], r["predikat"]) for r in results] == [("73.71", "3.00", "Baik")]
    one = client.get(f"/api/v1/spbe/hasil/73.71/{YEAR}").json()
    assert len(one["domains"]) == 4 and len(one["aspects"]) == 8
    assert client.get("/api/v1/spbe/hasil?tahun=abc").status_code == 422


def test_an_assessment_in_progress_is_for_its_team_and_evaluator_only(client, cast, makassar_draft):
    url = f"/api/v1/spbe/staff/evaluasi/{makassar_draft.pk}"
    assert client.get(url).status_code == 401
    client.force_login(cast.dewi)
    assert client.get(url).status_code == 404
    for who in (cast.citra, cast.budi):
        client.force_login(who)
        body = client.get(url).json()
        assert body["state"] == "draft" and len(body["answers"]) == 47


def test_the_openapi_schema_documents_the_spbe_router(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/spbe/instrumen/{code}" in paths and "/api/v1/spbe/hasil/{jurisdiction_code}/{year}" in paths


@pytest.mark.parametrize("url", ["/api/v1/spbe/hasil?tahun=99999", "/api/v1/spbe/hasil/73.71/1900",
                                 "/api/v1/spbe/hasil/bukan-kode/2025", "/api/v1/spbe/instrumen/A%20B"])
def test_impossible_years_and_codes_are_refused_as_invalid(client, url):
    response = client.get(url)
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_an_impossible_id_is_refused_not_a_server_error(client, cast):
    client.force_login(cast.citra)
    assert client.get(f"/api/v1/spbe/staff/evaluasi/{2**40}").status_code == 422
