"""Every transition and staff action writes exactly one audit entry: who, what, why — and never the reporter."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from baruga.audit import services
from baruga.audit.models import AuditEntry
from baruga.complaints import actions, permissions, workflow
from baruga.complaints.models import ReportEvent, State
from baruga.complaints.tests.builders import bring_to, fresh

REASON = "Mohon sertakan foto lokasi yang jelas."


def _case(state, who, call, reason="", label=None, **bring):
    return {"state": state, "who": who, "call": call, "reason": reason, "label": label, "bring": bring}


def _pupr(c):
    return {"agency": c.pupr}


CASES = {
    "verify": _case(State.SUBMITTED, "citra", lambda c, r: actions.verify(
        actor=c.citra, report=r, title=r.title, category=c.city_road)),
    "request_info": _case(State.SUBMITTED, "citra", lambda c, r: actions.request_info(
        actor=c.citra, report=r, reason=REASON), reason=REASON),
    # The reporter acts as "reporter": the trail never names her, nor copies her text.
    "complete": _case(State.NEEDS_INFO, "ayu", lambda c, r: actions.complete(
        actor=c.ayu, report=r, text="Foto terlampir, lubang di depan SD Inpres."), label="reporter"),
    "dispatch": _case(State.VERIFIED, "citra", lambda c, r: actions.dispatch(
        actor=c.citra, report=r, agency=c.pupr, note="Mohon segera."), reason="Mohon segera."),
    "transfer": _case(State.SUBMITTED, "citra", lambda c, r: actions.transfer(
        actor=c.citra, report=r, to_jurisdiction=c.national, reason="Jalan nasional."), reason="Jalan nasional."),
    "defer": _case(State.SUBMITTED, "citra", lambda c, r: actions.defer(
        actor=c.citra, report=r, reason="Menunggu anggaran."), reason="Menunggu anggaran."),
    "resume": _case(State.DEFERRED, "citra", lambda c, r: actions.resume(
        actor=c.citra, report=r, note="Anggaran tersedia."), reason="Anggaran tersedia."),
    "archive": _case(State.SUBMITTED, "citra", lambda c, r: actions.archive(
        actor=c.citra, report=r, reason="unclear", note="Tidak ada lokasi."),
        reason="Tidak jelas / tidak dapat ditindaklanjuti: Tidak ada lokasi."),
    "merge": _case(State.SUBMITTED, "citra", None),  # needs a second report, see below
    "accept": _case(State.DISPATCHED, "eko", lambda c, r: actions.accept(actor=c.eko, report=r), agency=True),
    "hand_back": _case(State.DISPATCHED, "eko", lambda c, r: actions.hand_back(
        actor=c.eko, report=r, reason="Bukan urusan PUPR."), reason="Bukan urusan PUPR.", agency=True),
    "respond": _case(State.DISPATCHED, "eko", lambda c, r: actions.respond(
        actor=c.eko, report=r, body="Sudah ditambal."), agency=True),
    "approve_response": _case(State.IN_PROGRESS, "fajar", lambda c, r: actions.approve_response(
        actor=c.fajar, report=r), agency=True, pending_response=True),
    "reject_response": _case(State.IN_PROGRESS, "fajar", lambda c, r: actions.reject_response(
        actor=c.fajar, report=r, reason="Lengkapi foto."), reason="Lengkapi foto.", agency=True,
        pending_response=True),
    "reopen": _case(State.RESPONDED, "ayu", lambda c, r: actions.reopen(
        actor=c.ayu, report=r, text="Lubangnya masih ada."), label="reporter", agency=True),
    "rate": _case(State.RESPONDED, "ayu", lambda c, r: actions.rate(actor=c.ayu, report=r, rating=5),
                  label="reporter", agency=True),
    "finish": _case(State.RESPONDED, "citra", lambda c, r: actions.finish(
        actor=c.citra, report=r, note="Selesai."), reason="Selesai.", agency=True),
}


def test_every_transition_of_the_table_is_covered():
    assert set(CASES) == set(workflow.TRANSITIONS)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_transition_writes_exactly_one_audit_entry(cast, file_report, name):
    case = CASES[name]
    report = bring_to(file_report(category=cast.city_road), case["state"],
                      agency=cast.pupr if case["bring"].get("agency") else None,
                      pending_response=case["bring"].get("pending_response", False))
    call = case["call"]
    if name == "merge":
        into = file_report(category=cast.city_road, title="Laporan utama")
        call = lambda c, r: actions.merge(actor=c.citra, report=r, into=into)  # noqa: E731
        case = {**case, "reason": f"Duplikat dari {into.tracking_id}"}
    before_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    before_events = ReportEvent.objects.count()

    call(cast, report)

    new = list(AuditEntry.objects.filter(id__gt=before_id))
    assert len(new) == 1, [e.action for e in new]
    entry = new[0]
    actor = getattr(cast, case["who"])
    assert entry.action == f"report.{name}"
    assert entry.actor_label == (case["label"] or actor.username)
    assert entry.actor == (None if case["label"] else actor)
    assert entry.reason == case["reason"]
    assert entry.report_id == report.pk and entry.report_ref == report.tracking_id
    assert entry.seq is None and entry.entry_hash == ""  # unsealed until the sealer runs
    assert ReportEvent.objects.count() == before_events + 1
    assert entry.details["event_id"] == ReportEvent.objects.latest("id").pk
    assert "Ayu" not in str(entry.details) and "Ayu" not in entry.reason


def test_a_draft_response_awaiting_approval_is_audited_with_the_implicit_accept(cast, file_report):
    cast.pupr.requires_response_approval = True
    cast.pupr.save()
    report = bring_to(file_report(category=cast.city_road), State.DISPATCHED, agency=cast.pupr)
    before = AuditEntry.objects.count()
    actions.respond(actor=cast.eko, report=report, body="Draf jawaban.")
    new = list(AuditEntry.objects.order_by("id")[before:])
    assert [(e.action, e.actor_label) for e in new] == [("report.accept", "eko"), ("report.draft_response", "eko")]
    assert new[1].target_type == "complaints.response"


def test_the_staff_actions_outside_the_table_are_audited(cast, dispatched_report):
    actions.add_note(actor=cast.citra, report=dispatched_report, body="Cek anggaran, hubungi Ayu di 0812.")
    actions.request_extension(actor=cast.eko, report=dispatched_report, working_days=2, reason="Survei lapangan.")
    actions.decide_extension(actor=cast.fajar, report=dispatched_report, approve=False, reason="Tidak perlu.")
    note, request, decision = AuditEntry.objects.order_by("-id")[:3][::-1]
    assert (note.action, note.actor_label, note.target_type, note.reason) == (
        "report.add_note", "citra", "complaints.internalnote", "")  # the note's text stays in the note
    assert (request.action, request.actor_label, request.reason, request.details) == (
        "report.request_extension", "eko", "Survei lapangan.", {"working_days": 2})
    assert (decision.action, decision.actor_label, decision.reason) == (
        "report.reject_extension", "fajar", "Tidak perlu.")
    assert decision.target_type == "clocks.extension" and decision.target_id == request.target_id


def test_a_refused_action_leaves_no_audit_entry(cast, dispatched_report):
    before = AuditEntry.objects.count()
    with pytest.raises(actions.ActionError):
        actions.verify(actor=cast.citra, report=dispatched_report, title="Lagi")
    with pytest.raises(actions.ActionError):
        actions.hand_back(actor=cast.gita, report=dispatched_report, reason="Bukan kami.")
    assert AuditEntry.objects.count() == before


def test_the_sweep_acts_as_system(cast, file_report):
    report = bring_to(file_report(category=cast.city_road), State.NEEDS_INFO)
    actions.archive(actor=permissions.SYSTEM, report=fresh(report), reason="no_reply")
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.actor_label, entry.actor) == ("report.archive", "SYSTEM", None)


def test_a_guest_reporter_is_recorded_as_the_reporter(cast, file_report):
    report, secret = file_report(guest=True, category=cast.city_road)
    report = bring_to(report, State.NEEDS_INFO)
    actions.complete(actor=permissions.guest_access(report, secret), report=report, text="Ini fotonya, terima kasih.")
    assert AuditEntry.objects.latest("id").actor_label == "reporter"


def test_the_client_address_is_kept_as_its_network_only(cast, dispatched_report):
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.77")
    entry = services.record(actor=cast.citra, action="report.test", report=dispatched_report, request=request)
    assert entry.ip == "203.0.113.0/24"
    request6 = RequestFactory().post("/", REMOTE_ADDR="2001:db8:abcd:12:1:2:3:4")
    assert services.client_network(request6) == "2001:db8:abcd::/48"
    assert services.client_network(RequestFactory().get("/", REMOTE_ADDR="bukan-ip")) == ""


def test_details_are_stored_as_plain_json(cast):
    entry = services.record(actor=AnonymousUser(), action="test.json", details={"when": dt.date(2026, 8, 10), "n": 1})
    entry.refresh_from_db()
    assert entry.details == {"when": "2026-08-10", "n": 1} and entry.actor_label == "guest"


def test_a_failed_login_is_recorded_without_the_username_in_clear(client, cast):
    client.post("/akun/masuk/", {"username": "citra", "password": "salah-sekali"})
    entry = AuditEntry.objects.get(action="login.failed")
    assert entry.actor_label == "guest" and "citra" not in str(entry.details)
    assert len(entry.details["username_digest"]) == 16
