"""Who may see and do what in dissemination: the one place authorisation lives.

Memberships (`accounts.Membership`): the communications staff (`humas`) and the head of the
communications unit (`humas_head`) over a jurisdiction; sub-admins and heads of an OPD write drafts
for their own OPD. A leader of the jurisdiction (or its province) reads, never acts.

- partners, contracts and placements: humas and the head of the unit of the partner's jurisdiction;
- publications: humas and the head see every publication of their jurisdiction; OPD staff only their
  OPD's; only the head approves (and not a draft they wrote), humas or the head publish.
"""

from django.db.models import Q

from baruga.accounts.models import Role
from baruga.accounts.staff import memberships
from baruga.complaints.permissions import SYSTEM
from baruga.dissemination import workflow
from baruga.dissemination.models import MediaPartner, Publication

OPD_ROLES = (Role.SUBADMIN, Role.HEAD)


def _ids(user, roles, attr="jurisdiction_id"):
    return {getattr(m, attr) for m in memberships(user) if m.role in roles}


def humas_jurisdiction_ids(user):
    """Jurisdictions where the user is communications staff or head of the unit."""
    return _ids(user, (Role.HUMAS, Role.HUMAS_HEAD))


def head_jurisdiction_ids(user):
    return _ids(user, (Role.HUMAS_HEAD,))


def author_agency_ids(user):
    return _ids(user, OPD_ROLES, "agency_id")


def author_agencies(user):
    return [m.agency for m in memberships(user) if m.role in OPD_ROLES]


def leader_jurisdiction_ids(user):
    return _ids(user, (Role.LEADER,))


def is_humas(user):
    return bool(humas_jurisdiction_ids(user))


def is_dissemination_staff(user):
    """May open the publications pages: humas, the head of the unit, OPD staff (their OPD's drafts)."""
    return bool(humas_jurisdiction_ids(user) or author_agency_ids(user))


def visible_publications(user, queryset=None):
    qs = Publication.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    condition = Q(pk__in=[])
    jurisdictions = humas_jurisdiction_ids(user)
    if jurisdictions:
        condition |= Q(jurisdiction_id__in=jurisdictions)
    agencies = author_agency_ids(user)
    if agencies:
        condition |= Q(agency_id__in=agencies)
    return qs.filter(condition)


def visible_partners(user, queryset=None):
    qs = MediaPartner.objects.all() if queryset is None else queryset
    jurisdictions = humas_jurisdiction_ids(user) if getattr(user, "is_authenticated", False) else set()
    return qs.filter(jurisdiction_id__in=jurisdictions) if jurisdictions else qs.none()


def can_manage_partners(user, jurisdiction_id):
    return jurisdiction_id in humas_jurisdiction_ids(user)


def capacities(actor, publication):
    if actor is SYSTEM:
        return frozenset({workflow.SYSTEM})
    if not getattr(actor, "is_authenticated", False):
        return frozenset()
    result = set()
    for m in memberships(actor):
        if m.role == Role.HUMAS and m.jurisdiction_id == publication.jurisdiction_id:
            result.add(workflow.HUMAS)
        elif m.role == Role.HUMAS_HEAD and m.jurisdiction_id == publication.jurisdiction_id:
            result.update({workflow.APPROVER})
        elif m.role in OPD_ROLES and publication.agency_id is not None and m.agency_id == publication.agency_id:
            result.add(workflow.AUTHOR)
    return frozenset(result)


def can_view(actor, publication):
    return bool(capacities(actor, publication))


def can_edit(actor, publication):
    return bool(capacities(actor, publication) & workflow.EDITORS) and publication.state in workflow.EDITABLE_STATES


def can_record_placement(actor, publication):
    return bool(capacities(actor, publication) & {workflow.HUMAS, workflow.APPROVER})


def allowed_transitions(actor, publication):
    return workflow.WORKFLOW.available(publication.state, capacities(actor, publication))


def may_write_for(user, jurisdiction, agency):
    """May `user` start a publication of `jurisdiction` (for `agency`, or the unit itself when None)?"""
    if jurisdiction.pk in humas_jurisdiction_ids(user):
        return True
    return agency is not None and agency.pk in author_agency_ids(user) and agency.jurisdiction_id == jurisdiction.pk


def indicator_jurisdiction_ids(user):
    return humas_jurisdiction_ids(user) | leader_jurisdiction_ids(user)
