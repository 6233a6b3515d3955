"""The personal data of the PPID app, for the data-subject rights (`baruga.accounts.privacy`).

A person's information requests are the ones made with their account and the ones made from
their reports (`subject.reports`, found by the complaints app, listed before this one). Erasure
blanks the requester identities; the requests stay (UU 14/2008 register).
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.accounts.privacy import Blocker, iso
from baruga.ppid.models import InformationRequest, RequesterIdentity, RequestState


def find(subject):
    """`information_requests`: made with the account or from one of the person's reports, oldest first."""
    condition = Q(source_report__in=[r.pk for r in subject.reports])
    if subject.user is not None:
        condition |= Q(requester=subject.user)
    requests = InformationRequest.objects.filter(condition).select_related("identity").order_by("registered_at", "id")
    return {"information_requests": list(requests)}


def export(subject):
    result = []
    for item in subject.information_requests:
        identity = getattr(item, "identity", None) if hasattr(item, "identity") else None
        result.append({
            "registration_number": item.registration_number, "state": item.state,
            "registered_at": iso(item.registered_at), "information_wanted": item.information_wanted,
            "purpose": item.purpose, "outcome": item.outcome, "decided_at": iso(item.decided_at),
            "identity": None if identity is None else {
                "name": identity.name, "address": identity.address, "email": identity.email,
                "phone": identity.phone, "identity_number": identity.identity_number,
            },
        })
    return {"information_requests": result}


def open_matters(subject, *, now, period):
    """A request in process or under objection blocks erasure; one settled inside the period unless forced."""
    blockers = []
    for item in subject.information_requests:
        if item.is_open or item.state == RequestState.OBJECTED:
            blockers.append(Blocker(item.registration_number, _(
                "Permohonan informasi %(no)s masih diproses.") % {"no": item.registration_number},
                overridable=False))
        elif item.updated_at + period > now:
            blockers.append(Blocker(item.registration_number, _(
                "Permohonan informasi %(no)s selesai %(closed)s; masa retensi %(days)d hari berakhir %(until)s.")
                % {"no": item.registration_number, "closed": timezone.localdate(item.updated_at),
                   "days": period.days, "until": timezone.localdate(item.updated_at + period)},
                overridable=True))
    return blockers


def erase(subject, *, actor):
    """Blank the requester identities of the person's information requests."""
    RequesterIdentity.objects.filter(request__in=[r.pk for r in subject.information_requests]).update(
        name="", address="", email="", phone="", identity_number="")
    return {}
