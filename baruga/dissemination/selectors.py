"""Reads with business rules: staff lists, the newsroom, the per-partner report, the indicators."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from baruga.dissemination import permissions
from baruga.dissemination.models import (
    Contract,
    MediaPartner,
    Placement,
    Publication,
    PublicationKind,
    PublicationState,
    Verification,
)

# A placement's reach: its views where counted, else its impressions (engagement is not reach).
REACH = Coalesce("views", "impressions", Value(0))


def staff_publications(user, *, state="", q=""):
    qs = permissions.visible_publications(user).select_related("jurisdiction", "agency", "author")
    if state in PublicationState.values:
        qs = qs.filter(state=state)
    if q:
        qs = qs.filter(title__icontains=q)
    return qs.order_by("-updated_at", "-id")


def published(*, kind="", jurisdiction=None):
    qs = Publication.objects.filter(state=PublicationState.PUBLISHED).select_related("jurisdiction", "agency")
    if kind in PublicationKind.values:
        qs = qs.filter(kind=kind)
    if jurisdiction is not None:
        qs = qs.filter(jurisdiction=jurisdiction)
    return qs.order_by("-published_at", "-id")


def get_published(slug):
    return (Publication.objects.filter(state=PublicationState.PUBLISHED, slug=slug)
            .select_related("jurisdiction", "agency", "public_information", "category")
            .prefetch_related("attachments").first())


def partners_with_contracts(user):
    year = timezone.localdate().year
    partners = list(permissions.visible_partners(user).select_related("jurisdiction").order_by("name"))
    contracts = {c.partner_id: c for c in Contract.objects.filter(partner__in=partners, year=year)
                 .annotate(used=Count("placements"))}
    for partner in partners:
        partner.current_contract = contracts.get(partner.pk)
    return partners


def partner_placements(partner, start, end):
    return (Placement.objects.filter(partner=partner, placed_on__gte=start, placed_on__lte=end)
            .select_related("publication", "publication__agency", "contract").order_by("placed_on", "id"))


REPORT_COLUMNS = [
    ("placed_on", "Tanggal tayang"), ("title", "Judul publikasi"), ("kind", "Jenis"), ("agency", "OPD"),
    ("url", "Tautan"), ("contract", "Kontrak"), ("views", "Dilihat"), ("impressions", "Impresi"),
    ("engagement", "Interaksi"), ("proof", "Bukti tayang"),
]


def report_rows(partner, start, end):
    for p in partner_placements(partner, start, end):
        yield {
            "placed_on": p.placed_on, "title": p.publication.title, "kind": p.publication.get_kind_display(),
            "agency": p.publication.publisher_name, "url": p.url, "contract": p.contract.number if p.contract else "",
            "views": p.views, "impressions": p.impressions, "engagement": p.engagement,
            "proof": "ada" if p.proof else "tidak ada",
        }


# --- indicators --------------------------------------------------------------------------------------

@dataclass
class Indicators:
    active_verified_partners: int
    publications: int
    placements: int
    total_reach: int
    by_kind: dict
    by_agency: list  # [(agency id or None, name, publications, placements, reach)]


def active_verified_partners(jurisdiction, start, end):
    """Active partners, verified by Dewan Pers on `end` (still valid), under a contract overlapping the period."""
    return (MediaPartner.objects.filter(jurisdiction=jurisdiction, is_active=True, verified_on__lte=end)
            .exclude(verification=Verification.NONE)
            .filter(Q(verification_valid_until__isnull=True) | Q(verification_valid_until__gte=end))
            .filter(contracts__starts_on__lte=end, contracts__ends_on__gte=start).distinct().count())


def _published_in(jurisdiction, start, end, agency=None):
    qs = Publication.objects.filter(jurisdiction=jurisdiction, state=PublicationState.PUBLISHED,
                                    published_at__gte=_start_moment(start), published_at__lt=_start_moment(
                                        end + dt.timedelta(days=1)))
    return qs.filter(agency=agency) if agency is not None else qs


def _placements_in(jurisdiction, start, end, agency=None):
    qs = Placement.objects.filter(publication__jurisdiction=jurisdiction, placed_on__gte=start, placed_on__lte=end)
    return qs.filter(publication__agency=agency) if agency is not None else qs


def _start_moment(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def indicators(jurisdiction, start, end, agency=None):
    publications = _published_in(jurisdiction, start, end, agency)
    placements = _placements_in(jurisdiction, start, end, agency)
    totals = placements.aggregate(n=Count("id"), reach=Coalesce(Sum(REACH), 0))
    by_kind = dict(publications.values_list("kind").annotate(n=Count("id")).order_by())
    pub_by_agency = dict(publications.values_list("agency_id").annotate(n=Count("id")).order_by())
    place_by_agency = {row[0]: row[1:] for row in placements.values_list("publication__agency_id").annotate(
        n=Count("id"), reach=Coalesce(Sum(REACH), 0)).order_by()}
    names = dict(jurisdiction.agencies.filter(pk__in=set(pub_by_agency) | set(place_by_agency))
                 .values_list("pk", "name"))
    rows = []
    for agency_id in sorted(set(pub_by_agency) | set(place_by_agency), key=lambda a: (a is not None, names.get(a, ""))):
        n, reach = place_by_agency.get(agency_id, (0, 0))
        rows.append((agency_id, names.get(agency_id, jurisdiction.name), pub_by_agency.get(agency_id, 0), n, reach))
    return Indicators(
        active_verified_partners=active_verified_partners(jurisdiction, start, end) if agency is None else 0,
        publications=publications.count(), placements=totals["n"], total_reach=int(totals["reach"]),
        by_kind={k: by_kind.get(k, 0) for k in PublicationKind.values}, by_agency=rows,
    )
