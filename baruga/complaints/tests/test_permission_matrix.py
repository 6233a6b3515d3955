"""Who may do what, where: every cast member × every transition × their own scope and another one.

Each case brings a report into the state the transition starts from, in the actor's own
scope or in another one, and asks the action layer. Only the expected pairs succeed, and
only in their own scope; everything else is refused and leaves the report untouched.
The second half covers the read side: visible_reports, identity and internal notes.
"""

import types

import pytest
from django.contrib.auth.models import AnonymousUser

from baruga.accounts.models import User
from baruga.complaints import actions, permissions, workflow
from baruga.complaints.models import ArchiveReason, InternalNote, State
from baruga.complaints.tests.builders import CAPACITY_REFUSED, assert_refused, bring_to, fresh

ADMIN_ACTIONS = {"verify", "request_info", "dispatch", "transfer", "defer", "resume", "archive", "merge", "finish"}
AGENCY_ACTIONS = {"accept", "hand_back", "respond"}
HEAD_ACTIONS = AGENCY_ACTIONS | {"approve_response", "reject_response"}
REPORTER_ACTIONS = {"complete", "reopen", "rate"}

# What each cast member may do in their own scope; nobody may do anything in another.
ALLOWED = {
    "ayu": REPORTER_ACTIONS,
    "budi": ADMIN_ACTIONS,
    "indah": set(),  # leaders only look
    "citra": ADMIN_ACTIONS,
    "hadi": set(),
    "dewi": ADMIN_ACTIONS,
    "eko": AGENCY_ACTIONS,
    "fajar": HEAD_ACTIONS,
    "gita": AGENCY_ACTIONS,
    "joko": AGENCY_ACTIONS,
}

# Scopes a report can live in: (reporter, location, district, category, agency it is dispatched to).
SCOPES = {
    "pupr_makassar": ("ayu", "makassar", "tamalate", "city_road", "pupr"),
    "disdik_makassar": ("ayu", "makassar", "tamalate", "city_road", "disdik"),
    "pupr_gowa": ("ayu", "gowa", "somba_opu", "city_road", "pupr_gowa"),
    "province": ("ayu", "makassar", "tamalate", "province_road", "bina_marga"),
    "rina_makassar": ("rina", "makassar", "tamalate", "city_road", "pupr"),
}

# (own scope, another scope) of each cast member.
ACTOR_SCOPES = {
    "ayu": ("pupr_makassar", "rina_makassar"),
    "budi": ("province", "pupr_makassar"),
    "indah": ("province", "pupr_gowa"),
    "citra": ("pupr_makassar", "pupr_gowa"),
    "hadi": ("pupr_makassar", "pupr_gowa"),
    "dewi": ("pupr_gowa", "pupr_makassar"),
    "eko": ("pupr_makassar", "disdik_makassar"),
    "fajar": ("pupr_makassar", "disdik_makassar"),
    "gita": ("disdik_makassar", "pupr_makassar"),
    "joko": ("pupr_gowa", "pupr_makassar"),
}

# The state each transition starts from in this matrix (approve/reject need a draft awaiting approval).
READY = {
    "verify": State.SUBMITTED,
    "request_info": State.SUBMITTED,
    "complete": State.NEEDS_INFO,
    "dispatch": State.VERIFIED,
    "transfer": State.SUBMITTED,
    "defer": State.SUBMITTED,
    "resume": State.DEFERRED,
    "archive": State.SUBMITTED,
    "merge": State.SUBMITTED,
    "accept": State.DISPATCHED,
    "hand_back": State.DISPATCHED,
    "respond": State.DISPATCHED,
    "approve_response": State.IN_PROGRESS,
    "reject_response": State.IN_PROGRESS,
    "reopen": State.RESPONDED,
    "rate": State.RESPONDED,
    "finish": State.RESPONDED,
}


@pytest.fixture
def world(cast):
    """The cast plus rina, a second citizen."""
    cast.rina = User.objects.create_user(username="rina", password="x", first_name="Rina")
    return cast


def file_in(world, file_report, scope_name, state):
    reporter, location, district, category, agency = SCOPES[scope_name]
    report = file_report(getattr(world, reporter), location=getattr(world, location),
                         district=getattr(world, district), category=getattr(world, category))
    return bring_to(report, state, agency=getattr(world, agency), pending_response=state == State.IN_PROGRESS)


def arguments(name, world, report, file_report):
    if name == "merge":
        sibling = file_report(location=report.location, district=report.district, category=report.category)
        assert sibling.jurisdiction_id == report.jurisdiction_id
        return {"into": sibling}
    if name == "dispatch":
        return {"agency": report.jurisdiction.agencies.order_by("pk").first()}
    if name == "transfer":
        target = world.gowa if report.jurisdiction_id != world.gowa.pk else world.makassar
        return {"to_jurisdiction": target, "reason": "Bukan wewenang kami."}
    return {
        "verify": {"title": "Jalan berlubang"},
        "request_info": {"reason": "Mohon foto lokasi."},
        "complete": {"text": "Foto terlampir."},
        "defer": {"reason": "Menunggu anggaran."},
        "archive": {"reason": ArchiveReason.UNCLEAR},
        "hand_back": {"reason": "Salah disposisi."},
        "respond": {"body": "Sudah kami tindak lanjuti."},
        "reject_response": {"reason": "Lengkapi foto."},
        "reopen": {"text": "Belum diperbaiki."},
        "rate": {"rating": 4},
    }.get(name, {})


CASES = [
    pytest.param(actor, name, where, name in ALLOWED[actor] and where == "own", id=f"{actor}-{name}-{where}")
    for actor in ALLOWED
    for name in workflow.TRANSITIONS
    for where in ("own", "other")
]


@pytest.mark.parametrize(("actor_name", "name", "where", "allowed"), CASES)
def test_the_permission_matrix(world, file_report, actor_name, name, where, allowed):
    scope = ACTOR_SCOPES[actor_name][0 if where == "own" else 1]
    report = file_in(world, file_report, scope, READY[name])
    actor = getattr(world, actor_name)
    kwargs = arguments(name, world, report, file_report)
    call = getattr(actions, name)
    if allowed:
        call(actor=actor, report=report, **kwargs)
        event = fresh(report).events.last()
        assert (event.action, event.actor) == (name, actor)
    else:
        assert_refused(lambda: call(actor=actor, report=report, **kwargs), report, CAPACITY_REFUSED)


def test_the_matrix_agrees_with_the_transition_table():
    """Each transition has at least one cast member allowed, and a role never exceeds its table entry."""
    allowed_somewhere = set().union(*ALLOWED.values())
    assert allowed_somewhere == set(workflow.TRANSITIONS)
    for name in HEAD_ACTIONS - AGENCY_ACTIONS:
        assert workflow.TRANSITIONS[name].who == {workflow.HEAD}


# --- visible_reports ---------------------------------------------------------------------


@pytest.fixture
def reports(world, file_report):
    """One report per scope and stage, named for what they are."""
    r = types.SimpleNamespace()
    r.pupr_dispatched = file_in(world, file_report, "pupr_makassar", State.DISPATCHED)
    r.pupr_responded = file_in(world, file_report, "pupr_makassar", State.RESPONDED)
    r.pupr_finished = file_in(world, file_report, "pupr_makassar", State.FINISHED)
    r.makassar_submitted = file_in(world, file_report, "pupr_makassar", State.SUBMITTED)
    r.makassar_verified = file_in(world, file_report, "pupr_makassar", State.VERIFIED)
    r.disdik_dispatched = file_in(world, file_report, "disdik_makassar", State.DISPATCHED)
    r.gowa_dispatched = file_in(world, file_report, "pupr_gowa", State.DISPATCHED)
    r.gowa_submitted = file_in(world, file_report, "pupr_gowa", State.SUBMITTED)
    r.province_dispatched = file_in(world, file_report, "province", State.DISPATCHED)
    r.rinas = file_in(world, file_report, "rina_makassar", State.SUBMITTED)
    handed_back = file_in(world, file_report, "pupr_makassar", State.DISPATCHED)
    actions.hand_back(actor=world.eko, report=handed_back, reason="Salah disposisi.")
    r.handed_back = fresh(handed_back)
    return r


def visible(user, reports):
    ids = set(permissions.visible_reports(user).values_list("pk", flat=True))
    return {name for name, report in vars(reports).items() if report.pk in ids}


MAKASSAR = {"pupr_dispatched", "pupr_responded", "pupr_finished", "makassar_submitted", "makassar_verified",
            "disdik_dispatched", "rinas", "handed_back"}
GOWA = {"gowa_dispatched", "gowa_submitted"}
PROVINCE = {"province_dispatched"}


def test_eko_sees_only_pupr_makassar_reports_once_dispatched(world, reports):
    assert visible(world.eko, reports) == {"pupr_dispatched", "pupr_responded", "pupr_finished"}


def test_fajar_sees_what_eko_sees(world, reports):
    assert visible(world.fajar, reports) == visible(world.eko, reports)


def test_gita_does_not_see_ekos_reports(world, reports):
    assert visible(world.gita, reports) == {"disdik_dispatched"}


def test_joko_sees_only_gowas_pupr_reports(world, reports):
    assert visible(world.joko, reports) == {"gowa_dispatched"}


def test_citra_sees_every_makassar_report_but_not_gowas_or_the_provinces(world, reports):
    assert visible(world.citra, reports) == MAKASSAR


def test_dewi_sees_only_gowas_reports(world, reports):
    assert visible(world.dewi, reports) == GOWA


def test_hadi_sees_makassar_only(world, reports):
    assert visible(world.hadi, reports) == MAKASSAR


def test_indah_sees_the_provinces_and_every_regencys_reports(world, reports):
    assert visible(world.indah, reports) == MAKASSAR | GOWA | PROVINCE


def test_budi_sees_the_provinces_reports_but_not_makassars(world, reports):
    assert visible(world.budi, reports) == PROVINCE


def test_ayu_sees_only_her_own_reports(world, reports):
    assert visible(world.ayu, reports) == (MAKASSAR | GOWA | PROVINCE) - {"rinas"}
    assert visible(world.rina, reports) == {"rinas"}


def test_an_anonymous_visitor_sees_no_report(world, reports):
    assert visible(AnonymousUser(), reports) == set()


# --- the reporter's identity ---------------------------------------------------------------


@pytest.fixture
def anonymous_report(world, file_report):
    report = file_report(category=world.city_road, is_anonymous=True)
    return bring_to(report, State.DISPATCHED, agency=world.pupr)


@pytest.mark.parametrize(("who", "sees"), [
    ("ayu", True), ("citra", True),
    ("eko", False), ("fajar", False), ("hadi", False), ("indah", False),
    ("gita", False), ("dewi", False), ("budi", False),
])
def test_an_anonim_reporters_identity_is_hidden_from_all_but_the_admin_and_herself(world, anonymous_report, who,
                                                                                  sees):
    assert permissions.can_see_identity(getattr(world, who), anonymous_report) is sees


@pytest.mark.parametrize(("who", "sees"), [
    ("ayu", True), ("citra", True), ("eko", True), ("fajar", True), ("hadi", True), ("indah", True),
    ("gita", False), ("dewi", False), ("budi", False),
])
def test_a_named_reporters_identity_is_shown_to_those_handling_the_report(world, dispatched_report, who, sees):
    assert permissions.can_see_identity(getattr(world, who), dispatched_report) is sees


def test_an_anonymous_visitor_never_sees_the_identity(world, dispatched_report):
    assert permissions.can_see_identity(AnonymousUser(), dispatched_report) is False


# --- internal notes ------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "sees"), [
    ("citra", True), ("eko", True), ("fajar", True), ("hadi", True), ("indah", True),
    ("ayu", False), ("gita", False), ("joko", False), ("dewi", False), ("budi", False),
])
def test_internal_notes_are_for_staff_in_capacity_never_for_the_reporter(world, dispatched_report, who, sees):
    actions.add_note(actor=world.citra, report=dispatched_report, body="Cek anggaran pemeliharaan.")
    assert permissions.can_see_internal_notes(getattr(world, who), dispatched_report) is sees


def test_eko_writes_an_internal_note_signed_by_his_agency(world, dispatched_report):
    note = actions.add_note(actor=world.eko, report=dispatched_report, body="Tim survei berangkat Rabu.")
    assert (note.author, note.agency) == (world.eko, world.pupr)
    assert InternalNote.objects.filter(report=dispatched_report).count() == 1


@pytest.mark.parametrize("who", ["ayu", "hadi", "indah", "gita", "dewi"])
def test_only_the_admin_and_the_agency_write_internal_notes(world, dispatched_report, who):
    assert_refused(
        lambda: actions.add_note(actor=getattr(world, who), report=dispatched_report, body="Catatan."),
        dispatched_report, "Anda tidak berwenang menulis catatan internal pada laporan ini.",
    )


def test_a_reporter_who_is_also_staff_still_cannot_read_notes_as_a_reporter(world, file_report):
    """Capacity is per report: citra filing about Gowa is only a reporter there."""
    report = file_report(world.citra, location=world.gowa, district=world.somba_opu, category=world.city_road)
    assert permissions.capacities(world.citra, report) == {workflow.REPORTER}
    assert permissions.can_see_internal_notes(world.citra, report) is False
    assert permissions.can_see_identity(world.citra, report) is True
