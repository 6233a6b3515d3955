"""Who may see and do what with SPBE assessments: the one place authorisation lives.

No new roles: the jurisdiction's admin (`Role.ADMIN`) is its SPBE team, the province's admin is
the evaluator of the province's and every regency/city's assessment below it, leaders read their
own jurisdiction's (a governor: the whole province's). A regency never sees another's assessment.
"""

from django.db.models import Q

from baruga.accounts.models import Role
from baruga.accounts.staff import memberships
from baruga.directory.models import Jurisdiction, Level
from baruga.spbe import workflow
from baruga.spbe.models import Assessment


def _ids(user, role):
    return {m.jurisdiction_id for m in memberships(user) if m.role == role and m.jurisdiction_id}


def team_jurisdiction_ids(user):
    return _ids(user, Role.ADMIN)


def evaluator_province_ids(user):
    """Provinces whose admin the user is: they evaluate the province and its regencies/cities."""
    return {m.jurisdiction_id for m in memberships(user)
            if m.role == Role.ADMIN and m.jurisdiction is not None and m.jurisdiction.level == Level.PROVINCE}


def province_id(jurisdiction):
    return jurisdiction.pk if jurisdiction.level == Level.PROVINCE else jurisdiction.parent_id


def is_spbe_user(user):
    """May open the SPBE pages: an admin or leader of some jurisdiction."""
    return any(m.role in (Role.ADMIN, Role.LEADER) and m.jurisdiction_id for m in memberships(user))


def visible_assessments(user, queryset=None):
    qs = Assessment.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    own = team_jurisdiction_ids(user) | _ids(user, Role.LEADER)
    if not own:
        return qs.none()
    provinces = evaluator_province_ids(user) | {
        m.jurisdiction_id for m in memberships(user)
        if m.role == Role.LEADER and m.jurisdiction is not None and m.jurisdiction.level == Level.PROVINCE}
    return qs.filter(Q(jurisdiction_id__in=own) | Q(jurisdiction__parent_id__in=provinces))


def capacities(actor, assessment):
    if not getattr(actor, "is_authenticated", False):
        return frozenset()
    result = set()
    jurisdiction = assessment.jurisdiction
    province = province_id(jurisdiction)
    for m in memberships(actor):
        if m.role == Role.ADMIN and m.jurisdiction_id == jurisdiction.pk:
            result.add(workflow.TEAM)
        if m.role == Role.ADMIN and m.jurisdiction_id == province and province is not None:
            result.add(workflow.EVALUATOR)
        if m.role == Role.LEADER and m.jurisdiction_id in (jurisdiction.pk, province):
            result.add(workflow.VIEWER)
    return frozenset(result)


def can_view(actor, assessment):
    return bool(capacities(actor, assessment))


def allowed(actor, assessment):
    return workflow.WORKFLOW.available(assessment.state, capacities(actor, assessment))


def openable_jurisdictions(user):
    """Jurisdictions whose team the user is (may open an assessment for)."""
    return Jurisdiction.objects.filter(pk__in=team_jurisdiction_ids(user), is_active=True).order_by("code")
