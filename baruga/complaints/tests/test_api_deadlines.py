"""Deadlines through the API: extensions, the due-soon/overdue views, performance figures."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from baruga.complaints import actions
from baruga.complaints.models import Report
from baruga.complaints.tests.api_helpers import get, post

WITA = ZoneInfo("Asia/Makassar")


def test_eko_asks_for_an_extension_and_fajar_approves_it(client, cast, dispatched_report):
    client.force_login(cast.eko)
    due_before = dispatched_report.due_at
    asked = post(client, f"/staff/reports/{dispatched_report.tracking_id}/request_extension",
                 {"working_days": 3, "reason": "Perlu survei lapangan bersama kecamatan"})
    assert asked.status_code == 200, asked.json()
    client.force_login(cast.fajar)
    decided = post(client, f"/staff/reports/{dispatched_report.tracking_id}/decide_extension", {"approve": True})
    assert decided.status_code == 200
    dispatched_report.refresh_from_db()
    assert dispatched_report.due_at > due_before
    follow_up = next(d for d in decided.json()["report"]["deadlines"] if d["kind"] == "follow_up")
    assert follow_up["extension_days"] == 3


def test_only_the_responsible_opd_may_ask_and_only_head_or_admin_may_decide(client, cast, dispatched_report):
    client.force_login(cast.citra)
    refused = post(client, f"/staff/reports/{dispatched_report.tracking_id}/request_extension",
                   {"working_days": 2, "reason": "alasan"})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    client.force_login(cast.eko)
    post(client, f"/staff/reports/{dispatched_report.tracking_id}/request_extension",
         {"working_days": 2, "reason": "Menunggu material"})
    own = post(client, f"/staff/reports/{dispatched_report.tracking_id}/decide_extension", {"approve": True})
    assert own.status_code == 403
    client.force_login(cast.gita)
    assert post(client, f"/staff/reports/{dispatched_report.tracking_id}/decide_extension",
                {"approve": True}).status_code == 404


def test_an_extension_past_the_ceiling_is_refused_in_indonesian(client, cast, dispatched_report):
    client.force_login(cast.eko)
    response = post(client, f"/staff/reports/{dispatched_report.tracking_id}/request_extension",
                    {"working_days": 60, "reason": "Butuh anggaran tahun depan"})
    assert response.status_code == 409 and response.json()["code"] == "refused"
    assert "60 hari" in response.json()["detail"]
    assert not dispatched_report.clocks.get(kind="follow_up").extensions.exists()


def test_refusing_an_extension_needs_a_reason(client, cast, dispatched_report):
    client.force_login(cast.eko)
    post(client, f"/staff/reports/{dispatched_report.tracking_id}/request_extension",
         {"working_days": 2, "reason": "Menunggu material"})
    client.force_login(cast.fajar)
    response = post(client, f"/staff/reports/{dispatched_report.tracking_id}/decide_extension", {"approve": False})
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "Alasan wajib diisi saat menolak perpanjangan."


def test_the_inbox_filters_overdue_and_sorts_by_due(client, cast, file_report):
    with time_machine.travel(dt.datetime(2026, 9, 1, 9, 0, tzinfo=WITA), tick=False):
        old = file_report(category=cast.city_road, title="Laporan lama")
    with time_machine.travel(dt.datetime(2026, 9, 8, 9, 0, tzinfo=WITA), tick=False):
        new = file_report(category=cast.city_road, title="Laporan baru")
        client.force_login(cast.citra)
        overdue = get(client, "/staff/reports?view=overdue").json()
        assert [item["tracking_id"] for item in overdue["items"]] == [old.tracking_id]
        by_due = get(client, "/staff/reports?sort=due").json()
        assert [item["tracking_id"] for item in by_due["items"]] == [old.tracking_id, new.tracking_id]
        assert get(client, "/staff/reports?view=kemarin").status_code == 422


def test_performance_figures_are_scoped(client, cast, dispatched_report):
    actions.respond(actor=cast.eko, report=dispatched_report, body="Sudah ditambal.")
    client.force_login(cast.eko)
    figures = get(client, "/staff/performance").json()
    assert [row["name"] for row in figures["agencies"]] == [cast.pupr.name]
    assert figures["agencies"][0]["stages"]["follow_up"]["on_time"] == 1
    assert figures["jurisdictions"] == []
    client.force_login(cast.citra)
    names = [row["name"] for row in get(client, "/staff/performance").json()["jurisdictions"]]
    assert names == [cast.makassar.name]
    assert Report.objects.count() == 1
