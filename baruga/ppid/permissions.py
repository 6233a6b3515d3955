"""Who may see and do what with information requests: the one place authorisation lives.

Memberships are the same as for complaints (`accounts.Membership`: one role over one scope):
the PPID and the atasan PPID over a jurisdiction, the PPID pembantu over an OPD.

- `visible_requests(user)` scopes every staff queryset;
- `capacities(actor, request)` says in which capacity (see `workflow`) an actor stands;
- `can_see_identity` guards the requester's identity: the requester and the officers handling the
  request (PPID, PPID pembantu of its OPD, atasan PPID). Leaders, admins, other OPDs and the public
  never see it; lists, the annual report and the API's staff list carry no identity at all.
"""

from dataclasses import dataclass

from django.db.models import Q

from baruga.accounts.models import Role
from baruga.complaints import permissions as complaint_permissions
from baruga.accounts.staff import memberships
from baruga.complaints.permissions import SYSTEM
from baruga.directory.models import Jurisdiction
from baruga.lib.tracking import secret_matches
from baruga.ppid import workflow
from baruga.ppid.models import InformationRequest

PPID_ROLES = (Role.PPID, Role.PPID_ASSISTANT, Role.PPID_SUPERIOR)


@dataclass(frozen=True)
class RequesterAccess:
    """A guest requester who proved they hold the request's private link."""

    request_id: int

    is_authenticated = False


def guest_access(info_request, secret):
    if info_request.guest_secret_hash and secret_matches(secret, info_request.guest_secret_hash):
        return RequesterAccess(info_request.pk)
    return None


def _ids(user, role, attr="jurisdiction_id"):
    return {getattr(m, attr) for m in memberships(user) if m.role == role}


def ppid_jurisdiction_ids(user):
    return _ids(user, Role.PPID)


def superior_jurisdiction_ids(user):
    return _ids(user, Role.PPID_SUPERIOR)


def assistant_agency_ids(user):
    return _ids(user, Role.PPID_ASSISTANT, "agency_id")


def leader_jurisdiction_ids(user):
    return _ids(user, Role.LEADER)


def is_ppid_staff(user):
    """Holds any PPID role (or leads a jurisdiction, read-only): may open the PPID inbox."""
    return any(m.role in PPID_ROLES or m.role == Role.LEADER for m in memberships(user))


def visible_requests(user, queryset=None):
    qs = InformationRequest.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    condition = Q(requester=user)
    officer_jurisdictions = ppid_jurisdiction_ids(user) | superior_jurisdiction_ids(user)
    if officer_jurisdictions:
        condition |= Q(jurisdiction_id__in=officer_jurisdictions)
    agencies = assistant_agency_ids(user)
    if agencies:
        condition |= Q(agency_id__in=agencies)
    leader = leader_jurisdiction_ids(user)
    if leader:
        condition |= Q(jurisdiction_id__in=leader) | Q(jurisdiction__parent_id__in=leader)
    return qs.filter(condition)


def capacities(actor, info_request):
    if actor is SYSTEM:
        return frozenset({workflow.SYSTEM})
    if isinstance(actor, RequesterAccess):
        return frozenset({workflow.REQUESTER}) if actor.request_id == info_request.pk else frozenset()
    if not getattr(actor, "is_authenticated", False):
        return frozenset()
    result = set()
    if info_request.requester_id is not None and info_request.requester_id == actor.pk:
        result.add(workflow.REQUESTER)
    for m in memberships(actor):
        if m.role == Role.PPID and m.jurisdiction_id == info_request.jurisdiction_id:
            result.add(workflow.PPID)
        elif m.role == Role.PPID_SUPERIOR and m.jurisdiction_id == info_request.jurisdiction_id:
            result.add(workflow.SUPERIOR)
        elif (m.role == Role.PPID_ASSISTANT and info_request.agency_id is not None
              and m.agency_id == info_request.agency_id):
            result.add(workflow.ASSISTANT)
        elif m.role == Role.LEADER and m.jurisdiction_id in (
            info_request.jurisdiction_id, info_request.jurisdiction.parent_id
        ):
            result.add(workflow.LEADER)
    return frozenset(result)


def can_view(actor, info_request):
    return bool(capacities(actor, info_request))


def can_see_identity(actor, info_request):
    caps = capacities(actor, info_request)
    return bool(caps & {workflow.REQUESTER, workflow.PPID, workflow.ASSISTANT, workflow.SUPERIOR})


def allowed_transitions(actor, info_request):
    return workflow.available(info_request.state, capacities(actor, info_request))


def can_convert_report(actor, report):
    """Turning a complaint-service "permintaan informasi" into a formal request: the report's admin or
    the PPID of its jurisdiction (the rule is the complaint service's, which re-checks it on archiving)."""
    return complaint_permissions.can_convert_to_request(actor, report)


def report_jurisdiction_ids(user):
    """Jurisdictions whose annual report a user may read: PPID, atasan PPID and leaders, with the
    province's seeing each regency/city below it."""
    own = ppid_jurisdiction_ids(user) | superior_jurisdiction_ids(user) | leader_jurisdiction_ids(user)
    if not own:
        return set()
    children = set(Jurisdiction.objects.filter(parent_id__in=own).values_list("pk", flat=True))
    return own | children
