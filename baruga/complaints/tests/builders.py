"""Bring reports into a given state through the real actions, and check that a refusal changed nothing.

The officers who do the groundwork here are backstage extras created on demand, so the
story's cast (see conftest.py) only ever acts in the step a test is about.
"""

import pytest

from baruga.accounts.models import Membership, Role, User
from baruga.complaints import actions
from baruga.complaints.models import Report, Response, State
from baruga.directory.models import Jurisdiction

CAPACITY_REFUSED = "Anda tidak berwenang melakukan tindakan ini pada laporan ini."


def backstage(role, scope):
    """An officer with `role` over `scope` (a jurisdiction or an agency), created once."""
    field = "agency" if role in (Role.SUBADMIN, Role.HEAD) else "jurisdiction"
    user, created = User.objects.get_or_create(username=f"{role}-{field}-{scope.pk}")
    if created:
        Membership.objects.create(user=user, role=role, **{field: scope})
    return user


def fresh(report):
    return Report.objects.select_related("jurisdiction", "agency").get(pk=report.pk)


def bring_to(report, state, *, agency=None, pending_response=False):
    """Move a freshly filed report to `state`. `agency` is the OPD for the agency states.

    With pending_response the report ends in_progress with a draft awaiting the head's approval.
    """
    admin = backstage(Role.ADMIN, report.jurisdiction)
    if state == State.SUBMITTED:
        return fresh(report)
    if state == State.NEEDS_INFO:
        actions.request_info(actor=admin, report=report, reason="Mohon sertakan foto lokasi.")
        return fresh(report)
    if state == State.DEFERRED:
        actions.defer(actor=admin, report=report, reason="Menunggu anggaran perubahan.")
        return fresh(report)
    if state == State.ARCHIVED:
        actions.archive(actor=admin, report=report, reason="unclear")
        return fresh(report)
    if state == State.TRANSFERRED:
        national = Jurisdiction.objects.get(is_external=True)
        actions.transfer(actor=admin, report=report, to_jurisdiction=national, reason="Jalan nasional.")
        return fresh(report)
    actions.verify(actor=admin, report=report, title=report.title, category=report.category)
    if state == State.VERIFIED:
        return fresh(report)
    assert agency is not None, "an agency state needs the OPD to dispatch to"
    actions.dispatch(actor=admin, report=report, agency=agency)
    if state == State.DISPATCHED:
        return fresh(report)
    clerk = backstage(Role.SUBADMIN, agency)
    if state == State.IN_PROGRESS:
        if pending_response:
            agency.requires_response_approval = True
            agency.save(update_fields=["requires_response_approval"])
            actions.respond(actor=clerk, report=report, body="Draf: tim kami akan menambal lubang pekan ini.")
        else:
            actions.accept(actor=clerk, report=report)
        return fresh(report)
    # A head's response is published even where the OPD requires approval.
    head = backstage(Role.HEAD, agency)
    actions.respond(actor=head, report=report, body="Lubang sudah ditambal pada hari Senin.")
    if state == State.RESPONDED:
        return fresh(report)
    assert state == State.FINISHED, state
    actions.finish(actor=admin, report=report)
    return fresh(report)


def snapshot(report):
    """What a refused action must leave untouched."""
    r = fresh(report)
    return {
        "state": r.state,
        "updated_at": r.updated_at,
        "due_at": r.due_at,
        "jurisdiction": r.jurisdiction_id,
        "agency": r.agency_id,
        "rating": r.rating,
        "events": r.events.count(),
        "responses": sorted(r.responses.values_list("status", flat=True)),
        "notes": r.notes.count(),
    }


def assert_refused(call, report, message):
    """`call()` raises ActionError containing `message`, and the report is unchanged in the database."""
    before = snapshot(report)
    with pytest.raises(actions.ActionError) as refused:
        call()
    assert any(message in m for m in refused.value.messages), refused.value.messages
    assert snapshot(report) == before
    return refused.value
