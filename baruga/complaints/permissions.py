"""Who may see and do what with reports: the one place authorisation lives.

`visible_reports` scopes querysets; `capacities` says in which capacity an actor stands
towards one report; `can_see_identity` guards the reporter's identity (an anonim one is
shown only after an audited reveal: `shows_identity`, `can_reveal_identity`). Views, the API and
actions all ask here; the action layer re-checks before every change.
"""

from dataclasses import dataclass

from django.db.models import Q

from baruga.accounts.models import Role
from baruga.accounts.staff import is_staff_member  # noqa: F401  (re-exported: permissions.is_staff_member)
from baruga.accounts.staff import memberships as _memberships
from baruga.complaints import workflow
from baruga.complaints.models import Report, filed_by
from baruga.lib.tracking import secret_matches


@dataclass(frozen=True)
class GuestAccess:
    """A guest reporter who proved they hold the report's private link."""

    report_id: int

    is_authenticated = False


class SystemActor:
    """The background sweeps (e.g. auto-finish); never a web user."""

    is_authenticated = False

    def __repr__(self):
        return "SYSTEM"


SYSTEM = SystemActor()


def guest_access(report, secret):
    if report.filer_id is None and secret_matches(secret, report.guest_secret_hash):
        return GuestAccess(report.pk)
    return None


def admin_jurisdiction_ids(user):
    return {m.jurisdiction_id for m in _memberships(user) if m.role == Role.ADMIN}


def leader_jurisdiction_ids(user):
    """Leaders see their jurisdiction and, for a province, every regency/city below it."""
    return {m.jurisdiction_id for m in _memberships(user) if m.role == Role.LEADER}


def agency_ids(user, roles=(Role.SUBADMIN, Role.HEAD)):
    return {m.agency_id for m in _memberships(user) if m.role in roles}


def recording_jurisdiction_ids(user):
    """Where a staff member may record a report received by phone, letter, at the desk or in the media:
    an admin for their jurisdiction, an OPD's sub-admin or head for the jurisdiction of their OPD."""
    ids = admin_jurisdiction_ids(user)
    ids |= {m.agency.jurisdiction_id for m in _memberships(user) if m.role in (Role.SUBADMIN, Role.HEAD)}
    return ids


def can_record_for(user, jurisdiction):
    return jurisdiction is not None and jurisdiction.pk in recording_jurisdiction_ids(user)


def visible_reports(user, queryset=None):
    """Reports a staff user or citizen may open in the staff/citizen views."""
    qs = Report.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    condition = filed_by(user)
    jurisdictions = admin_jurisdiction_ids(user)
    leader = leader_jurisdiction_ids(user)
    if jurisdictions:
        condition |= Q(jurisdiction_id__in=jurisdictions)
    if leader:
        condition |= Q(jurisdiction_id__in=leader) | Q(jurisdiction__parent_id__in=leader)
    agencies = agency_ids(user)
    if agencies:
        condition |= Q(agency_id__in=agencies, state__in=workflow.AGENCY_STATES)
    return qs.filter(condition)


def capacities(actor, report):
    """The capacities (see workflow) in which `actor` stands towards `report`."""
    if actor is SYSTEM:
        return frozenset({workflow.SYSTEM})
    if isinstance(actor, GuestAccess):
        return frozenset({workflow.REPORTER}) if actor.report_id == report.pk else frozenset()
    if not getattr(actor, "is_authenticated", False):
        return frozenset()
    result = set()
    if report.filer_id is not None and report.filer_id == actor.pk:
        result.add(workflow.REPORTER)
    for m in _memberships(actor):
        if m.role == Role.ADMIN and m.jurisdiction_id == report.jurisdiction_id:
            result.add(workflow.ADMIN)
        elif m.role == Role.LEADER and m.jurisdiction_id in (
            report.jurisdiction_id, report.jurisdiction.parent_id
        ):
            result.add(workflow.LEADER)
        elif (
            m.role in (Role.SUBADMIN, Role.HEAD)
            and report.agency_id is not None
            and m.agency_id == report.agency_id
            and report.state in workflow.AGENCY_STATES
        ):
            result.add(workflow.AGENCY)
            if m.role == Role.HEAD:
                result.add(workflow.HEAD)
    return frozenset(result)


def can_view(actor, report):
    return bool(capacities(actor, report))


def can_see_identity(actor, report):
    """The reporter's identity: never to OPD staff or leaders when anonim; always to the reporter."""
    caps = capacities(actor, report)
    if workflow.REPORTER in caps or workflow.ADMIN in caps:
        return True
    if report.is_anonymous:
        return False
    return bool(caps & {workflow.AGENCY, workflow.LEADER})


def can_convert_to_request(actor, report):
    """Turning a "permintaan informasi" into a formal information request (UU 14/2008): the report's
    admin or the PPID of its jurisdiction."""
    if workflow.ADMIN in capacities(actor, report):
        return True
    return any(m.role == Role.PPID and m.jurisdiction_id == report.jurisdiction_id for m in _memberships(actor))


def can_reveal_identity(actor, report):
    """Who may open an anonim reporter's identity, with a written reason that goes to the audit: the admin."""
    return workflow.ADMIN in capacities(actor, report)


def shows_identity(actor, report):
    """Whether pages and the API show the identity without asking: an anonim report's only to its reporter.

    The admin, who may see it (`can_see_identity`), has to reveal it (`actions.reveal_identity`).
    """
    if report.is_anonymous:
        return workflow.REPORTER in capacities(actor, report)
    return can_see_identity(actor, report)


def can_see_internal_notes(actor, report):
    return bool(capacities(actor, report) & {workflow.ADMIN, workflow.AGENCY, workflow.LEADER})


def allowed_transitions(actor, report):
    allowed = workflow.available(report.state, capacities(actor, report))
    if report.rating is not None:
        allowed = [name for name in allowed if name != "rate"]  # a report is rated once
    return allowed


def is_public(report):
    return not report.is_confidential and report.state in workflow.PUBLIC_STATES


def public_reports(queryset=None):
    qs = Report.objects.all() if queryset is None else queryset
    return qs.filter(is_confidential=False, state__in=workflow.PUBLIC_STATES)
