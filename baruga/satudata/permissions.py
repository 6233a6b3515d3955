"""Who may see and do what with Satu Data datasets: the one place authorisation lives.

Memberships (`accounts.Membership`): the produsen data over an OPD; the walidata, the walidata
pendukung and the pembina data over a jurisdiction (a province's pembina data also advises its
regencies and cities). An API key acts as its owner, so a key never writes beyond its owner's OPD.

- `public_datasets()`: published and terbuka — the portal, DCAT and anonymous API reads;
- `visible_datasets(user)`: what a signed-in user may read (adds their own OPD's and jurisdiction's
  datasets in every state and access level; terbatas published datasets also to any staff member
  of the same jurisdiction);
- `capacities(actor, dataset)`: in which capacities (workflow.PRODUCER, …) an actor stands.
"""

from django.db.models import Q

from baruga.accounts.models import Role
from baruga.complaints.permissions import SYSTEM as SYSTEM_ACTOR
from baruga.accounts.staff import memberships
from baruga.directory.models import Agency, Jurisdiction
from baruga.satudata import workflow
from baruga.satudata.models import AccessLevel, Dataset, State

DATA_ROLES = (Role.DATA_PRODUCER, Role.DATA_STEWARD, Role.DATA_ASSISTANT, Role.DATA_ADVISOR)
SYSTEM = SYSTEM_ACTOR


def _ids(user, role, attr="jurisdiction_id"):
    return {getattr(m, attr) for m in memberships(user) if m.role == role}


def producer_agency_ids(user):
    return _ids(user, Role.DATA_PRODUCER, "agency_id")


def steward_jurisdiction_ids(user):
    return _ids(user, Role.DATA_STEWARD)


def assistant_jurisdiction_ids(user):
    return _ids(user, Role.DATA_ASSISTANT)


def advisor_jurisdiction_ids(user):
    """Jurisdictions a pembina data advises: their own and, for a province, its regencies and cities."""
    own = _ids(user, Role.DATA_ADVISOR)
    if not own:
        return set()
    return own | set(Jurisdiction.objects.filter(parent_id__in=own).values_list("pk", flat=True))


def staff_jurisdiction_ids(user):
    """Every jurisdiction the user works in, by any membership (for terbatas datasets)."""
    ids = set()
    for m in memberships(user):
        ids.add(m.jurisdiction_id if m.jurisdiction_id else m.agency.jurisdiction_id)
    return ids


def is_data_staff(user):
    if getattr(user, "is_superuser", False):
        return True
    return any(m.role in DATA_ROLES for m in memberships(user))


def reviewer_jurisdiction_ids(user):
    return steward_jurisdiction_ids(user) | assistant_jurisdiction_ids(user)


def public_datasets():
    return Dataset.objects.filter(state=State.PUBLISHED, access_level=AccessLevel.OPEN)


def visible_datasets(user):
    """Datasets a user may read (not DELETED ones)."""
    qs = Dataset.objects.exclude(state=State.DELETED)
    if not getattr(user, "is_authenticated", False):
        return qs.filter(state=State.PUBLISHED, access_level=AccessLevel.OPEN)
    if user.is_superuser:
        return qs
    cond = Q(state=State.PUBLISHED, access_level=AccessLevel.OPEN)
    staff = staff_jurisdiction_ids(user)
    if staff:
        cond |= Q(state=State.PUBLISHED, access_level=AccessLevel.RESTRICTED, jurisdiction_id__in=staff)
    agencies = producer_agency_ids(user)
    if agencies:
        cond |= Q(agency_id__in=agencies)
    juris = reviewer_jurisdiction_ids(user)
    if juris:
        cond |= Q(jurisdiction_id__in=juris)
    advised = advisor_jurisdiction_ids(user)
    if advised:
        cond |= Q(jurisdiction_id__in=advised) & ~Q(state=State.DRAFT)
    return qs.filter(cond)


def staff_datasets(user):
    """The datasets a data role works on (the staff list), every state but DELETED."""
    qs = Dataset.objects.exclude(state=State.DELETED)
    if getattr(user, "is_superuser", False):
        return qs
    cond = Q(pk__in=[])
    agencies = producer_agency_ids(user)
    if agencies:
        cond |= Q(agency_id__in=agencies)
    juris = reviewer_jurisdiction_ids(user)
    if juris:
        cond |= Q(jurisdiction_id__in=juris)
    advised = advisor_jurisdiction_ids(user)
    if advised:
        cond |= Q(jurisdiction_id__in=advised) & ~Q(state=State.DRAFT)
    return qs.filter(cond)


def capacities(actor, dataset):
    if actor is SYSTEM:
        return frozenset({workflow.SYSTEM})
    if not getattr(actor, "is_authenticated", False):
        return frozenset()
    caps = set()
    if dataset.agency_id in producer_agency_ids(actor):
        caps.add(workflow.PRODUCER)
    if dataset.jurisdiction_id in steward_jurisdiction_ids(actor):
        caps.add(workflow.STEWARD)
    if dataset.jurisdiction_id in assistant_jurisdiction_ids(actor):
        caps.add(workflow.ASSISTANT)
    if dataset.jurisdiction_id in advisor_jurisdiction_ids(actor):
        caps.add(workflow.ADVISOR)
    return frozenset(caps)


def can_create_in(actor, agency):
    """A produsen of the OPD, or the walidata of its jurisdiction, may create a dataset for it."""
    if actor is SYSTEM:
        return True
    return agency.pk in producer_agency_ids(actor) or agency.jurisdiction_id in steward_jurisdiction_ids(actor)


def creatable_agencies(actor):
    return Agency.objects.filter(Q(pk__in=producer_agency_ids(actor))
                                 | Q(jurisdiction_id__in=steward_jurisdiction_ids(actor)), is_active=True)


def can_read(user, dataset):
    return visible_datasets(user).filter(pk=dataset.pk).exists()
