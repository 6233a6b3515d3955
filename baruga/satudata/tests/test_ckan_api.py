"""The CKAN action API through Django's test client: shapes, visibility, fq/q, errors, keyed writes."""

import datetime as dt
import decimal
import json
import uuid

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext_lazy

from baruga.apikeys import services as keys
from baruga.satudata import actions
from baruga.satudata.ckan.views import _json
from baruga.satudata.models import Dataset, State
from baruga.satudata.tests.conftest import CHECKLIST, upload

pytestmark = pytest.mark.django_db


def call(client, name, /, key=None, method="get", header="Authorization", **params):
    headers = {header: key} if key else {}
    if method == "get":
        response = client.get(f"/api/3/action/{name}", params, headers=headers)
    else:
        response = client.post(f"/api/3/action/{name}", json.dumps(params), content_type="application/json",
                               headers=headers)
    return response, response.json()


@pytest.fixture
def key(data):
    _key, raw = keys.create_key(owner=data.pita, name="ckan", scopes=["satudata:write"])
    return raw


@pytest.fixture
def many(data, make_dataset):
    """Three published datasets (one restricted), one draft."""
    out = []
    for i, (name, extra) in enumerate([("penduduk-kecamatan", {}), ("jalan-mantap", {"tags": ["jalan"]}),
                                       ("sekolah-dasar", {"tags": ["pendidikan"], "license_id": "cc-by-sa-4.0"})]):
        d = make_dataset(name, **extra)
        actions.submit(data.pita, d)
        actions.publish(data.wulan, d, checklist=CHECKLIST)
        out.append(d)
    restricted = make_dataset("anggaran-internal", access_level="restricted")
    actions.submit(data.pita, restricted)
    actions.publish(data.wulan, restricted, checklist=CHECKLIST)
    draft = make_dataset("draf-rahasia")
    return out, restricted, draft


def test_envelope_and_no_redirects(client, many):
    for path in ("/api/3/action/package_list", "/api/action/package_list", "/api/3/action/package_list/"):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.json()
        assert body["success"] is True and "help" in body
        assert sorted(body["result"]) == ["jalan-mantap", "penduduk-kecamatan", "sekolah-dasar"]
    response = client.post("/api/3/action/package_list", "{}", content_type="application/json")
    assert response.status_code == 200 and len(response.json()["result"]) == 3


def test_package_show_shape(client, many):
    response, body = call(client, "package_show", id="penduduk-kecamatan")
    result = body["result"]
    for key in ("id", "name", "title", "notes", "license_id", "license_title", "isopen", "owner_org", "organization",
                "private", "state", "metadata_created", "metadata_modified", "num_resources", "num_tags", "tags",
                "groups", "extras", "resources", "type"):
        assert key in result, key
    assert result["state"] == "active" and result["private"] is False and result["type"] == "dataset"
    assert dt.datetime.fromisoformat(result["metadata_modified"]).tzinfo is None
    assert result["organization"]["is_organization"] is True
    resource = result["resources"][0]
    assert resource["url"].startswith("http://testserver/data/dataset/penduduk-kecamatan/sumber/")
    assert resource["datastore_active"] is True and resource["format"] == "CSV" and len(resource["hash"]) == 64
    assert {t["name"] for t in result["tags"]} == {"penduduk", "kependudukan"}
    # by id too
    _r, again = call(client, "package_show", id=result["id"])
    assert again["result"]["name"] == "penduduk-kecamatan"


def test_anonymous_never_sees_restricted_or_drafts(client, many):
    for name in ("anggaran-internal", "draf-rahasia", "tidak-ada"):
        response, body = call(client, "package_show", id=name)
        assert response.status_code == 404
        assert body["success"] is False and body["error"]["__type"] == "Not Found Error"
    _r, body = call(client, "package_search", rows=100, include_private="true", include_drafts="true")
    assert body["result"]["count"] == 3


def test_key_owner_reads_own_private_and_drafts(client, many, key):
    response, body = call(client, "package_show", key=key, id="draf-rahasia")
    assert response.status_code == 200 and body["result"]["state"] == "draft"
    _r, body = call(client, "package_search", key=key, include_private="true")
    assert body["result"]["count"] == 4
    _r, body = call(client, "package_search", key=key, include_private="true", include_drafts="true")
    assert body["result"]["count"] == 5
    _r, body = call(client, "package_search", key=key)
    assert body["result"]["count"] == 3


def test_bad_key_is_authorization_error(client, many):
    response, body = call(client, "package_show", key="bk_nope", id="penduduk-kecamatan")
    assert response.status_code == 403 and body["error"]["__type"] == "Authorization Error"


@pytest.mark.parametrize("fq,expected", [
    ("tags:jalan", {"jalan-mantap"}),
    ('tags:"jalan"', {"jalan-mantap"}),
    ("-tags:jalan", {"penduduk-kecamatan", "sekolah-dasar"}),
    ("tags:jalan OR tags:pendidikan", {"jalan-mantap", "sekolah-dasar"}),
    ("tags:(jalan OR pendidikan)", {"jalan-mantap", "sekolah-dasar"}),
    ("license_id:cc-by-sa-4.0", {"sekolah-dasar"}),
    ("name:sekolah*", {"sekolah-dasar"}),
    ("res_format:CSV +dataset_type:dataset", {"penduduk-kecamatan", "jalan-mantap", "sekolah-dasar"}),
    ("metadata_modified:[2000-01-01T00:00:00Z TO *]", {"penduduk-kecamatan", "jalan-mantap", "sekolah-dasar"}),
    ("metadata_modified:[* TO 2000-01-01T00:00:00Z]", set()),
    ("metadata_modified:[NOW-1DAY TO NOW+1DAY]", {"penduduk-kecamatan", "jalan-mantap", "sekolah-dasar"}),
    ("groups:administrasi-kependudukan AND NOT name:jalan-mantap", {"penduduk-kecamatan", "sekolah-dasar"}),
])
def test_fq(client, many, fq, expected):
    response, body = call(client, "package_search", fq=fq, rows=100)
    assert response.status_code == 200, body
    assert {d["name"] for d in body["result"]["results"]} == expected


def test_organization_fq_and_facets(client, many):
    _r, org = call(client, "organization_list")
    assert org["result"]
    _r, body = call(client, "package_search", **{"facet.field": '["organization","tags","res_format"]'})
    facets = body["result"]["facets"]
    assert facets["tags"]["jalan"] == 1 and facets["res_format"]["CSV"] == 3
    (org_name,) = facets["organization"]
    _r, body = call(client, "package_search", fq=f"organization:{org_name}")
    assert body["result"]["count"] == 3
    _r, shown = call(client, "organization_show", id=org_name)
    assert shown["result"]["package_count"] == 3


@pytest.mark.parametrize("fq", ["tags:(jalan", "metadata_modified:[2024-13-01 TO *]", "nosuchfield:x",
                                "metadata_modified:[a b c]", "tags:", "AND", "title:x OR"])
def test_bad_fq_is_400(client, many, fq):
    response, body = call(client, "package_search", fq=fq)
    assert response.status_code == 400, body
    assert body["success"] is False and body["error"]["__type"] == "Search Query Error"


def test_q_text_and_sort_and_paging(client, many):
    _r, body = call(client, "package_search", q="jalan")
    assert [d["name"] for d in body["result"]["results"]] == ["jalan-mantap"]
    _r, body = call(client, "package_search", q="name:jalan-mantap")
    assert body["result"]["count"] == 1
    seen = []
    start = 0
    while True:
        _r, body = call(client, "package_search", rows=1, start=start, sort="id asc")
        if not body["result"]["results"]:
            break
        seen += [d["id"] for d in body["result"]["results"]]
        start += 1
    assert seen == sorted(seen) and len(seen) == 3
    response, body = call(client, "package_search", sort="bogus desc")
    assert response.status_code == 400
    response, body = call(client, "package_search", rows="many")
    assert response.status_code == 409 and body["error"]["rows"]


def test_unknown_action_and_bad_json(client):
    response, body = call(client, "package_frobnicate")
    assert response.status_code == 400 and body["success"] is False
    response = client.post("/api/3/action/package_list", "{nope", content_type="application/json")
    assert response.status_code == 400


def test_misc_reads(client, many):
    assert call(client, "status_show")[1]["result"]["ckan_version"]
    assert call(client, "site_read")[1]["result"] is True
    assert "jalan" in call(client, "tag_list")[1]["result"]
    assert any(lic["id"] == "cc-by-4.0" for lic in call(client, "license_list")[1]["result"])
    groups = call(client, "group_list", all_fields="true")[1]["result"]
    assert any(g["name"] == "administrasi-kependudukan" and g["package_count"] == 3 for g in groups)
    assert call(client, "group_show", id="administrasi-kependudukan")[1]["result"]["package_count"] == 3


def test_datastore_search(client, many):
    _r, body = call(client, "package_show", id="penduduk-kecamatan")
    rid = body["result"]["resources"][0]["id"]
    _r, body = call(client, "resource_show", id=rid)
    assert body["result"]["id"] == rid
    response, body = call(client, "datastore_search", resource_id=rid, limit=2)
    result = body["result"]
    assert result["total"] == 3 and len(result["records"]) == 2
    assert result["fields"][0] == {"id": "_id", "type": "int"}
    assert {f["id"] for f in result["fields"]} == {"_id", "kecamatan", "tahun", "jumlah"}
    _r, body = call(client, "datastore_search", resource_id=rid, offset=2, fields="kecamatan")
    assert body["result"]["records"] == [{"_id": 3, "kecamatan": "Tamalate"}] and body["result"]["total"] == 3
    response, body = call(client, "datastore_search", resource_id=rid, fields="nope")
    assert response.status_code == 409 and body["error"]["fields"]
    _r, body = call(client, "datastore_search", resource_id=rid, filters='{"kecamatan": "Mariso"}')
    assert [r["kecamatan"] for r in body["result"]["records"]] == ["Mariso"]
    _r, body = call(client, "datastore_search", method="post", resource_id=rid, filters={"kecamatan": "Mariso"},
                    fields=["kecamatan"], sort="jumlah desc")
    assert body["result"]["records"] == [{"_id": 1, "kecamatan": "Mariso"}]
    _r, body = call(client, "datastore_search", resource_id=rid, q="tamalate", sort="_id asc")
    assert body["result"]["total"] == 1
    response, body = call(client, "datastore_search", resource_id=rid, sort="nope asc")
    assert response.status_code == 409 and body["error"]["__type"] == "Validation Error"
    response, body = call(client, "datastore_search", resource_id="00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404


def test_datastore_of_restricted_dataset_is_hidden(client, many, key):
    _r, body = call(client, "package_show", key=key, id="anggaran-internal")
    rid = body["result"]["resources"][0]["id"]
    response, _b = call(client, "datastore_search", resource_id=rid)
    assert response.status_code == 404
    response, _b = call(client, "datastore_search", key=key, resource_id=rid)
    assert response.status_code == 200


def test_writes_need_a_key_with_scope(client, data, many):
    response, body = call(client, "package_create", method="post", name="baru", title="Baru",
                          owner_org="x")
    assert response.status_code == 403 and body["error"]["__type"] == "Authorization Error"
    _k, other = keys.create_key(owner=data.pita, name="lain", scopes=["reports:read"])
    response, _b = call(client, "package_patch", key=other, method="post", id="penduduk-kecamatan", title="X")
    assert response.status_code == 403
    assert Dataset.objects.get(name="penduduk-kecamatan").title != "X"


def _own_org(client, key):
    _r, body = call(client, "organization_list_for_user", key=key)
    return body["result"][0]["name"]


def test_create_update_patch_delete(client, data, many, key):
    org = _own_org(client, key)
    response, body = call(client, "package_create", key=key, header="X-CKAN-API-Key", method="post",
                          name="data-baru", title="Data Baru", owner_org=org, notes="Catatan",
                          tags=[{"name": "baru"}], extras=[{"key": "sumber_asli", "value": "x"}],
                          resources=[{"name": "Tautan", "url": "https://example.org/a.csv"}])
    assert response.status_code == 200, body
    created = body["result"]
    assert created["state"] == "draft" and created["num_resources"] == 1
    assert created["extras"] == [{"key": "sumber_asli", "value": "x"}]
    # round trip: package_show → package_update keeps everything
    created["title"] = "Data Baru (ubah)"
    response, body = call(client, "package_update", key=key, method="post", **created)
    assert response.status_code == 200, body
    assert body["result"]["title"] == "Data Baru (ubah)" and body["result"]["num_resources"] == 1
    assert body["result"]["tags"][0]["name"] == "baru"
    response, body = call(client, "package_patch", key=key, method="post", id="data-baru", notes="Baru lagi")
    assert body["result"]["notes"] == "Baru lagi" and body["result"]["title"] == "Data Baru (ubah)"
    # validation: field messages as lists
    response, body = call(client, "package_patch", key=key, method="post", id="data-baru", name="Bad Name!")
    assert response.status_code == 409 and body["error"]["__type"] == "Validation Error"
    assert isinstance(body["error"]["name"], list)
    response, body = call(client, "package_create", key=key, method="post", name="tanpa-org", title="T")
    assert response.status_code == 409 and body["error"]["owner_org"]
    response, body = call(client, "package_delete", key=key, method="post", id="data-baru")
    assert response.status_code == 200 and body["result"] is None
    assert Dataset.objects.get(name="data-baru").state == State.DELETED


def test_key_cannot_write_other_opd(client, data, make_dataset, key):
    other = make_dataset("sekolah-disdik", actor=data.dani, agency=data.disdik)
    actions.submit(data.dani, other)
    actions.publish(data.wulan, other, checklist=CHECKLIST)
    response, body = call(client, "package_patch", key=key, method="post", id="sekolah-disdik", title="Diubah")
    assert response.status_code == 403 and body["error"]["__type"] == "Authorization Error"
    response, body = call(client, "package_create", key=key, method="post", name="x-disdik", title="X",
                          owner_org=str(data.disdik.pk))
    assert response.status_code == 403
    assert not Dataset.objects.filter(name="x-disdik").exists()


def test_resource_upload_multipart(client, data, make_dataset, key):
    dataset = make_dataset("unggah-api", csv=None)
    response = client.post("/api/3/action/resource_create",
                           {"package_id": "unggah-api", "name": "Tabel", "upload": upload("a,b\n1,2\n3,4\n", "t.csv")},
                           headers={"Authorization": key})
    assert response.status_code == 200, response.content
    resource = response.json()["result"]
    assert resource["url_type"] == "upload" and resource["datastore_active"] is True
    response = client.post("/api/3/action/resource_patch",
                           {"id": resource["id"], "upload": upload("a,b\n5,6\n", "t.csv")},
                           headers={"Authorization": key})
    assert response.status_code == 200
    assert dataset.resources.get().versions.count() == 2
    _r, body = call(client, "resource_delete", key=key, method="post", id=resource["id"])
    assert body["success"] is True
    _r, body = call(client, "resource_show", key=key, id=resource["id"])
    assert _r.status_code == 404


def test_workflow_refusal_is_validation_error(client, data, make_dataset, key):
    dataset = make_dataset("sedang-diperiksa")
    actions.submit(data.pita, dataset)
    response, body = call(client, "package_patch", key=key, method="post", id="sedang-diperiksa", title="Ubah")
    assert response.status_code == 409 and body["error"]["message"]


def test_rows_clamped_to_1000(client, many):
    _r, body = call(client, "package_search", rows=5000)
    assert body["result"]["count"] == 3 and len(body["result"]["results"]) == 3


def test_incremental_window_by_metadata_modified(client, data, many):
    later = timezone.now() + dt.timedelta(seconds=1)
    Dataset.objects.filter(name="jalan-mantap").update(metadata_modified=later + dt.timedelta(hours=1))
    since = later.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    _r, body = call(client, "package_search", fq=f"metadata_modified:[{since} TO *]", sort="metadata_modified asc")
    assert [d["name"] for d in body["result"]["results"]] == ["jalan-mantap"]


def test_package_search_pages_are_package_show_dicts_and_fl_reads_columns(client, many):
    _r, body = call(client, "package_search", rows=10, sort="id asc")
    results = body["result"]["results"]
    assert len(results) == 3 and [d["id"] for d in results] == sorted(d["id"] for d in results)
    for item in results:
        _r, shown = call(client, "package_show", id=item["id"])
        assert item == shown["result"]
    _r, ids = call(client, "package_search", rows=10, sort="id asc", fl="id,name,metadata_modified")
    assert ids["result"]["results"] == [{"id": d["id"], "name": d["name"],
                                         "metadata_modified": d["metadata_modified"]} for d in results]
    _r, mixed = call(client, "package_search", rows=10, sort="id asc", fl="name,num_resources")
    assert mixed["result"]["results"] == [{"name": d["name"], "num_resources": 1} for d in results]


def test_organization_show_with_datasets_lists_full_dicts(client, many):
    _r, body = call(client, "package_search", **{"facet.field": '["organization"]'})
    (org_name,) = body["result"]["facets"]["organization"]
    _r, shown = call(client, "organization_show", id=org_name, include_datasets="true")
    packages = shown["result"]["packages"]
    assert [p["name"] for p in packages] == ["jalan-mantap", "penduduk-kecamatan", "sekolah-dasar"]
    _r, one = call(client, "package_show", id="jalan-mantap")
    assert packages[0] == one["result"]


def test_answers_are_written_as_djangos_encoder_wrote_them():
    """orjson writes the envelope (docs/satudata.md "Performance"): the values it would write differently
    or not at all go through DjangoJSONEncoder, so a client reads the same values as before."""
    payload = {"when": dt.datetime(2024, 1, 31, 8, 0, 0, 123456, tzinfo=dt.UTC), "naive": dt.datetime(2024, 1, 31, 8, 0),
               "day": dt.date(2024, 1, 31), "time": dt.time(7, 30), "amount": decimal.Decimal("1234.50"),
               "id": uuid.UUID(int=7), "label": gettext_lazy("nama"), "counts": {2024: 3, 2025: 4},
               "nested": [{"x": 1.5, "y": None, "z": True, "teks": "Sulawesi “Selatan” é"}]}
    response = _json(payload, status=409)
    assert response.status_code == 409 and response["Content-Type"] == "application/json;charset=utf-8"
    assert json.loads(response.content) == json.loads(json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False))
    assert json.loads(response.content)["when"] == "2024-01-31T08:00:00.123Z"  # DjangoJSONEncoder's form


def test_a_value_that_is_not_json_is_still_refused():
    with pytest.raises(TypeError):
        _json({"tags": {"jalan"}})  # a set, as json.dumps refuses it
