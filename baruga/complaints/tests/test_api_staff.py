"""The staff API: the scoped inbox, the report file, every transition, refusals and their status codes."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from baruga.complaints import actions
from baruga.complaints.models import InternalNote, Report, Response, State
from baruga.complaints.tests.api_helpers import get, post


@pytest.fixture
def road_report(cast, file_report):
    """File a Makassar road report (received by citra's Kota Makassar)."""
    return lambda **fields: file_report(**{"category": cast.city_road, **fields})


def _as(client, user):
    client.force_login(user)
    return client


def _snapshot(report):
    r = Report.objects.get(pk=report.pk)
    return r.state, r.updated_at, r.jurisdiction_id, r.agency_id, r.events.count(), r.responses.count()


def _dispatch(cast, report, agency):
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    actions.dispatch(actor=cast.citra, report=report, agency=agency)
    report.refresh_from_db()
    return report


@pytest.fixture
def gitas_report(cast, road_report):
    """A Makassar school report dispatched to Disdik (gita's OPD)."""
    return _dispatch(cast, road_report(title="Atap kelas SD bocor"), cast.disdik)


@pytest.fixture
def gowa_report(cast, road_report):
    return road_report(title="Jalan rusak di Somba Opu", location=cast.gowa, district=cast.somba_opu)


# Who sees what

def _inbox_ids(client, user, query=""):
    response = get(_as(client, user), f"/staff/reports{query}")
    assert response.status_code == 200, response.json()
    return {item["tracking_id"] for item in response.json()["items"]}


def test_eko_sees_only_what_was_dispatched_to_his_opd(client, cast, dispatched_report, gitas_report, gowa_report,
                                                       road_report):
    road_report(title="Belum diverifikasi")
    assert _inbox_ids(client, cast.eko) == {dispatched_report.tracking_id}
    assert _inbox_ids(client, cast.gita) == {gitas_report.tracking_id}
    assert _inbox_ids(client, cast.joko) == set()


def test_citra_sees_makassar_and_not_gowa_and_dewi_the_reverse(client, cast, dispatched_report, gowa_report):
    assert _inbox_ids(client, cast.citra) == {dispatched_report.tracking_id}
    assert _inbox_ids(client, cast.dewi) == {gowa_report.tracking_id}
    assert _inbox_ids(client, cast.indah) == {dispatched_report.tracking_id, gowa_report.tracking_id}


def test_the_inbox_filters(client, cast, dispatched_report, gitas_report, road_report):
    fresh = road_report(title="Trotoar rusak")
    assert _inbox_ids(client, cast.citra, "?state=submitted") == {fresh.tracking_id}
    assert _inbox_ids(client, cast.citra, f"?agency={cast.disdik.pk}") == {gitas_report.tracking_id}
    assert _inbox_ids(client, cast.citra, "?q=atap") == {gitas_report.tracking_id}
    assert _inbox_ids(client, cast.citra, "?category=jalan") == {
        dispatched_report.tracking_id, gitas_report.tracking_id, fresh.tracking_id}
    assert _inbox_ids(client, cast.citra, "?category=jalan-provinsi") == set()
    bad = get(client, "/staff/reports?state=lost")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "state"


def test_someone_outside_the_scope_gets_404_never_a_hint(client, cast, gitas_report, gowa_report, road_report):
    unverified = road_report()
    for user, report in [(cast.eko, gitas_report), (cast.eko, gowa_report), (cast.citra, gowa_report),
                         (cast.eko, unverified), (cast.joko, gitas_report)]:
        _as(client, user)
        assert get(client, f"/staff/reports/{report.tracking_id}").status_code == 404
        response = post(client, f"/staff/reports/{report.tracking_id}/accept")
        assert response.status_code == 404
        assert response.json() == {"detail": "Data tidak ditemukan.", "code": "not_found", "errors": []}


def test_staff_endpoints_need_a_staff_session(client, cast, dispatched_report):
    anonymous = get(Client(), "/staff/reports")
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "unauthenticated"
    assert anonymous.json()["detail"] == "Silakan masuk terlebih dahulu."
    citizen = get(_as(client, cast.ayu), "/staff/reports")
    assert citizen.status_code == 403 and citizen.json()["detail"] == "Akun ini bukan akun petugas."


def test_staff_posts_need_the_csrf_token(cast, dispatched_report):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.eko)
    refused = post(browser, f"/staff/reports/{dispatched_report.tracking_id}/accept")
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    assert Report.objects.get().state == State.DISPATCHED


# The report file

def test_an_anonim_reporter_is_hidden_from_the_opd_and_leaders_but_not_the_admin(client, cast, road_report):
    report = _dispatch(cast, road_report(is_anonymous=True), cast.pupr)
    for user in (cast.eko, cast.fajar, cast.hadi):
        body = get(_as(client, user), f"/staff/reports/{report.tracking_id}").json()
        assert body["identity"] is None, user
        assert "Ayu" not in json.dumps(body)  # not even as the actor of the "submit" history entry
        refused = post(client, f"/staff/reports/{report.tracking_id}/reveal-identity",
                       {"reason": "Saya ingin tahu siapa pelapornya."})
        assert refused.status_code == 403 and "Ayu" not in refused.text, user
    body = get(_as(client, cast.citra), f"/staff/reports/{report.tracking_id}").json()
    assert body["identity"] is None and body["identity_revealable"] is True  # the admin reveals it, with a reason
    revealed = post(client, f"/staff/reports/{report.tracking_id}/reveal-identity",
                    {"reason": "Klarifikasi lokasi langsung dengan pelapor."})
    assert revealed.status_code == 200
    assert revealed.json()["identity"] == {"name": "Ayu Lestari", "email": "ayu.lestari@contoh.id",
                                           "phone": "081234567890"}


def test_a_named_reporter_is_shown_to_the_opd(client, cast, dispatched_report):
    body = get(_as(client, cast.eko), f"/staff/reports/{dispatched_report.tracking_id}").json()
    assert body["identity"]["name"] == "Ayu Lestari"
    assert body["allowed_transitions"] == ["accept", "hand_back", "respond"]
    assert body["capacities"] == ["agency"] and body["agency"]["name"] == "Dinas PUPR Makassar"


def test_internal_notes_are_written_by_handlers_and_read_by_staff_only(client, cast, dispatched_report):
    url = f"/staff/reports/{dispatched_report.tracking_id}"
    written = post(_as(client, cast.eko), f"{url}/notes", {"body": "Tim survei berangkat besok."})
    assert written.status_code == 200 and written.json()["message"] == "Berhasil: Catatan internal."
    assert written.json()["report"]["notes"][0]["body"] == "Tim survei berangkat besok."
    assert get(_as(client, cast.hadi), url).json()["notes"][0]["agency"] == "Dinas PUPR Makassar"
    refused = post(client, f"{url}/notes", {"body": "Pimpinan ikut menulis."})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    empty = post(_as(client, cast.eko), f"{url}/notes", {"body": "  "})
    assert empty.status_code == 422 and empty.json()["errors"] == [{"field": "body", "message": "Wajib diisi."}]
    assert InternalNote.objects.count() == 1


# Every transition, as the API takes it

def test_verify_then_dispatch(client, cast, file_report):
    report = file_report()  # no category: the province receives it and classifies
    _as(client, cast.budi)
    verified = post(client, f"/staff/reports/{report.tracking_id}/verify", {
        "title": "Jalan provinsi berlubang di Jl. Poros Malino", "category_slug": "jalan-provinsi",
        "tags": ["jalan", "lubang"], "is_confidential": True})
    assert verified.status_code == 200, verified.json()
    detail = verified.json()["report"]
    assert verified.json()["state"] == "verified" and detail["category"]["slug"] == "jalan-provinsi"
    assert detail["tags"] == ["jalan", "lubang"] and detail["is_confidential"] is True
    assert detail["allowed_transitions"] == ["dispatch", "transfer", "defer", "archive", "merge"]

    dispatched = post(client, f"/staff/reports/{report.tracking_id}/dispatch",
                      {"agency_id": cast.bina_marga.pk, "note": "Mohon segera."})
    assert dispatched.json()["state"] == "dispatched"
    assert dispatched.json()["report"]["agency"] == {"id": cast.bina_marga.pk, "name": cast.bina_marga.name}


def test_request_info_and_the_reasons_go_to_the_history(client, cast, road_report):
    report = road_report()
    response = post(_as(client, cast.citra), f"/staff/reports/{report.tracking_id}/request_info",
                    {"reason": "Mohon sertakan foto lokasi."})
    assert response.json()["state"] == "needs_info"
    assert response.json()["report"]["history"][-1] == {
        **response.json()["report"]["history"][-1], "action": "request_info", "reason": "Mohon sertakan foto lokasi.",
        "actor": "Citra", "unit": "Kota Makassar"}


def test_transfer_within_the_installation_and_out_of_it(client, cast, road_report):
    to_gowa = road_report()
    moved = post(_as(client, cast.citra), f"/staff/reports/{to_gowa.tracking_id}/transfer",
                 {"jurisdiction_code": "73.06", "reason": "Lokasi ternyata di Gowa."})
    assert moved.status_code == 200
    assert moved.json()["state"] == "submitted" and moved.json()["report"] is None  # out of citra's view
    assert get(_as(client, cast.dewi), f"/staff/reports/{to_gowa.tracking_id}").status_code == 200

    national = road_report()
    out = post(_as(client, cast.citra), f"/staff/reports/{national.tracking_id}/transfer",
               {"jurisdiction_code": "00", "reason": "Jalan nasional."})
    assert out.json()["state"] == "transferred"


def test_defer_then_resume(client, cast, road_report):
    report = road_report()
    _as(client, cast.citra)
    assert post(client, f"/staff/reports/{report.tracking_id}/defer",
                {"reason": "Menunggu anggaran perubahan."}).json()["state"] == "deferred"
    assert post(client, f"/staff/reports/{report.tracking_id}/resume", {}).json()["state"] == "submitted"


def test_archive_and_merge(client, cast, road_report):
    first, duplicate, unclear = road_report(), road_report(), road_report()
    _as(client, cast.citra)
    archived = post(client, f"/staff/reports/{unclear.tracking_id}/archive", {"reason": "unclear", "note": "Kosong."})
    assert archived.json()["state"] == "archived" and archived.json()["report"]["archive_reason"] == "unclear"
    merged = post(client, f"/staff/reports/{duplicate.tracking_id}/merge", {"into": first.tracking_id.lower()})
    assert merged.json()["state"] == "archived" and merged.json()["report"]["duplicate_of"] == first.tracking_id


def test_accept_respond_and_finish(client, cast, dispatched_report):
    url = f"/staff/reports/{dispatched_report.tracking_id}"
    assert post(_as(client, cast.eko), f"{url}/accept").json()["state"] == "in_progress"
    responded = post(client, f"{url}/respond", {"text": "Lubang sudah ditambal."})
    assert responded.json()["state"] == "responded"
    assert responded.json()["report"]["responses"][0]["status"] == "published"
    assert post(_as(client, cast.citra), f"{url}/finish", {"note": ""}).json()["state"] == "finished"


def test_a_response_awaits_the_heads_approval_where_the_opd_requires_it(client, cast, dispatched_report):
    cast.pupr.requires_response_approval = True
    cast.pupr.save()
    url = f"/staff/reports/{dispatched_report.tracking_id}"
    drafted = post(_as(client, cast.eko), f"{url}/respond", {"text": "Draf: akan ditambal pekan ini."})
    assert drafted.json()["state"] == "in_progress"
    assert drafted.json()["report"]["responses"][0]["status"] == "pending"
    rejected = post(_as(client, cast.fajar), f"{url}/reject_response", {"reason": "Sebutkan tanggalnya."})
    assert rejected.json()["state"] == "in_progress"
    post(_as(client, cast.eko), f"{url}/respond", {"text": "Akan ditambal Senin, 3 Maret."})
    approved = post(_as(client, cast.fajar), f"{url}/approve_response")
    assert approved.json()["state"] == "responded"
    assert sorted(Response.objects.values_list("status", flat=True)) == ["published", "rejected"]


def test_hand_back_leaves_the_opds_view(client, cast, dispatched_report):
    response = post(_as(client, cast.eko), f"/staff/reports/{dispatched_report.tracking_id}/hand_back",
                    {"reason": "Ini urusan Dinas Pendidikan."})
    assert response.status_code == 200
    assert response.json()["state"] == "verified" and response.json()["report"] is None
    assert get(client, f"/staff/reports/{dispatched_report.tracking_id}").status_code == 404


# Refusals: the state (409), the capacity (403), the input (400/422); never a change

def _bring(cast, report, state):
    if state in (State.VERIFIED, State.DISPATCHED, State.IN_PROGRESS, State.RESPONDED):
        actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    if state in (State.DISPATCHED, State.IN_PROGRESS, State.RESPONDED):
        actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    if state == State.IN_PROGRESS:
        actions.accept(actor=cast.eko, report=report)
    if state == State.RESPONDED:
        actions.respond(actor=cast.fajar, report=report, body="Sudah ditambal.")
    if state == State.DEFERRED:
        actions.defer(actor=cast.citra, report=report, reason="Menunggu anggaran.")
    return report


ILLEGAL = [
    ("citra", "verify", State.DISPATCHED, {"title": "Judul"}),
    ("citra", "request_info", State.VERIFIED, {"reason": "Foto?"}),
    ("citra", "dispatch", State.SUBMITTED, {"agency_id": "pupr"}),
    ("citra", "transfer", State.DISPATCHED, {"jurisdiction_code": "73.06", "reason": "Gowa."}),
    ("citra", "defer", State.RESPONDED, {"reason": "Nanti."}),
    ("citra", "resume", State.VERIFIED, {}),
    ("citra", "archive", State.DISPATCHED, {"reason": "unclear"}),
    ("citra", "merge", State.IN_PROGRESS, {"into": "other"}),
    ("eko", "accept", State.IN_PROGRESS, None),
    ("eko", "hand_back", State.RESPONDED, {"reason": "Salah."}),
    ("eko", "respond", State.RESPONDED, {"text": "Lagi."}),
    ("fajar", "approve_response", State.DISPATCHED, None),
    ("fajar", "reject_response", State.DISPATCHED, {"reason": "Kurang."}),
    ("citra", "finish", State.IN_PROGRESS, {}),
]


@pytest.mark.parametrize("who, action, state, data", ILLEGAL, ids=[row[1] for row in ILLEGAL])
def test_an_action_the_state_does_not_allow_is_409_and_changes_nothing(client, cast, road_report, who, action,
                                                                        state, data):
    report = _bring(cast, road_report(), state)
    other = road_report()
    data = {k: {"pupr": cast.pupr.pk, "other": other.tracking_id}.get(v, v) for k, v in (data or {}).items()}
    before = _snapshot(report)
    response = post(_as(client, getattr(cast, who)), f"/staff/reports/{report.tracking_id}/{action}", data)
    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "refused"
    assert "tidak dapat dilakukan pada laporan berstatus" in response.json()["detail"]
    assert _snapshot(report) == before


@pytest.mark.parametrize("who, action, state", [
    ("hadi", "verify", State.SUBMITTED),  # a leader only watches
    ("fajar", "finish", State.RESPONDED),  # the admin finishes
    ("citra", "accept", State.DISPATCHED),  # the OPD accepts
    ("eko", "approve_response", State.IN_PROGRESS),  # the head approves
])
def test_an_action_outside_ones_capacity_is_403_and_changes_nothing(client, cast, road_report, who, action, state):
    report = _bring(cast, road_report(), state)
    before = _snapshot(report)
    response = post(_as(client, getattr(cast, who)), f"/staff/reports/{report.tracking_id}/{action}", {"title": "x"})
    assert response.status_code == 403, response.json()
    assert response.json() == {"detail": "Anda tidak berwenang melakukan tindakan ini pada laporan ini.",
                               "code": "forbidden", "errors": []}
    assert _snapshot(report) == before


def test_a_second_pending_response_is_a_conflict(client, cast, dispatched_report):
    cast.pupr.requires_response_approval = True
    cast.pupr.save()
    url = f"/staff/reports/{dispatched_report.tracking_id}/respond"
    post(_as(client, cast.eko), url, {"text": "Draf pertama."})
    again = post(client, url, {"text": "Draf kedua."})
    assert again.status_code == 409
    assert again.json()["detail"] == "Masih ada tindak lanjut yang menunggu persetujuan kepala OPD."


@pytest.mark.parametrize("action, data, status, message", [
    ("dispatch", {"agency_id": "gowa"}, 400, "OPD tujuan harus OPD aktif di wilayah instansi ini."),
    ("dispatch", {"agency_id": 999999}, 400, "OPD tidak ditemukan."),
    ("dispatch", {}, 422, "Wajib diisi."),
    ("transfer", {"jurisdiction_code": "99", "reason": "x"}, 400, "Instansi dengan kode “99” tidak"),
    ("transfer", {"jurisdiction_code": "73.06", "reason": " "}, 422, "Wajib diisi."),
    ("transfer", {"jurisdiction_code": "", "reason": "Wilayah lain"}, 422, "Terlalu pendek (minimal 2 karakter)."),
    ("archive", {"reason": "duplicate"}, 400, "untuk duplikat gunakan"),
    ("archive", {"reason": "bosan"}, 422, "Pilihan tidak sah"),
    ("merge", {"into": "BRG-2222-2222"}, 400, "Nomor laporan tujuan tidak ditemukan."),
    ("verify", {"category_slug": "tidak-ada"}, 400, "Kategori “tidak-ada” tidak ditemukan."),
    ("verify", {"title": ""}, 422, "Wajib diisi."),
    ("verify", {"is_anonymous": "ya"}, 422, "true atau false"),
    ("defer", {"reason": "x" * 2001}, 422, "Terlalu panjang (maksimal 2000 karakter)."),
])
def test_bad_input_is_400_or_422_in_indonesian_and_changes_nothing(client, cast, road_report, action, data, status,
                                                                   message):
    report = _bring(cast, road_report(), State.VERIFIED if action == "dispatch" else State.SUBMITTED)
    data = {k: cast.pupr_gowa.pk if v == "gowa" else v for k, v in data.items()}
    before = _snapshot(report)
    response = post(_as(client, cast.citra), f"/staff/reports/{report.tracking_id}/{action}", data)
    assert response.status_code == status, response.json()
    body = response.json()
    assert body["code"] == "invalid"
    assert message in body["detail"] or any(message in e["message"] for e in body["errors"]), body
    assert _snapshot(report) == before


def test_a_non_json_body_is_400_not_500(client, cast, dispatched_report):
    _as(client, cast.eko)
    response = client.post(f"/api/v1/staff/reports/{dispatched_report.tracking_id}/hand_back", data="alasan",
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"


# The inbox costs the same number of queries for 3 reports as for 10

def _inbox_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = get(client, "/staff/reports")
    assert response.status_code == 200
    return len(queries), len(response.json()["items"])


@pytest.mark.parametrize("who", ["citra", "eko", "indah"])
def test_the_inbox_query_count_does_not_grow_with_the_reports(client, cast, road_report, who,
                                                              django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            _dispatch(cast, road_report(), cast.pupr)

    _as(client, getattr(cast, who))
    add(3)
    few, listed = _inbox_queries(client)
    assert listed == 3
    add(7)
    many, listed = _inbox_queries(client)
    assert listed == 10 and many == few
    with django_assert_max_num_queries(6):
        get(client, "/staff/reports")
