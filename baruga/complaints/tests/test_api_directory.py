"""The directory API: jurisdictions, their agencies and districts, the category tree."""

from baruga.complaints.tests.api_helpers import get
from baruga.directory.models import Agency


def test_it_lists_the_jurisdictions_with_their_parents(client, cast):
    items = {j["code"]: j for j in get(client, "/jurisdictions").json()}
    assert set(items) == {"00", "73", "73.06", "73.71"}
    assert items["73.71"] == {"code": "73.71", "name": "Kota Makassar", "short_name": "", "level": "city",
                              "parent_code": "73", "is_external": False}
    assert items["00"]["is_external"] is True and items["00"]["parent_code"] is None


def test_it_lists_the_active_agencies_of_a_jurisdiction(client, cast):
    Agency.objects.create(jurisdiction=cast.makassar, name="Dinas Lama", is_active=False)
    names = {a["name"] for a in get(client, "/jurisdictions/73.71/agencies").json()}
    assert names == {"Dinas Pendidikan Makassar", "Dinas PUPR Makassar"}


def test_it_lists_the_districts_of_a_jurisdiction(client, cast):
    assert get(client, "/jurisdictions/73.06/districts").json() == [{"id": cast.somba_opu.pk, "name": "Somba Opu"}]


def test_an_unknown_jurisdiction_is_404_in_the_error_shape(client, cast):
    for path in ("/jurisdictions/99/agencies", "/jurisdictions/99/districts"):
        response = get(client, path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Data tidak ditemukan.", "code": "not_found", "errors": []}


def test_it_gives_the_category_tree_in_one_query(client, cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        tree = get(client, "/categories").json()
    assert tree == [{"slug": "jalan", "name": "Jalan dan Jembatan", "authority": "", "children": [
        {"slug": "jalan-kota", "name": "Jalan kabupaten/kota", "authority": "regency", "children": []},
        {"slug": "jalan-provinsi", "name": "Jalan provinsi", "authority": "province", "children": []},
    ]}]
