"""The Satu Data indicator (issue item 7): per jurisdiction and OPD, datasets published, the share of OPDs
with at least one published dataset that is current for its frequency, and the datasets overdue.

"Current": published (any access level: an OPD's terbatas data counts for its work) and its data updated
(`Dataset.data_updated`, else `published_at`) within `FREQUENCY_DAYS[frequency]` days of `now`; a
frequency without a period (irregular, once) is always current. "Overdue" is the opposite for a
published dataset whose frequency has a period. Harvested datasets count at the jurisdiction they belong to.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from baruga.directory.models import Agency
from baruga.satudata.models import FREQUENCY_DAYS, Dataset, State


def _current_condition(now):
    """Q: a published dataset that is current at `now`."""
    cond = Q(frequency__in=[f for f, days in FREQUENCY_DAYS.items() if days is None])
    for frequency, days in FREQUENCY_DAYS.items():
        if days is not None:
            cond |= Q(frequency=frequency, last_update__gte=now - dt.timedelta(days=days))
    return cond


def _published():
    return Dataset.objects.filter(state=State.PUBLISHED).annotate(last_update=Coalesce("data_updated", "published_at"))


def current_datasets(now=None):
    return _published().filter(_current_condition(now or timezone.now()))


def overdue_datasets(now=None, *, jurisdiction=None):
    qs = _published().exclude(_current_condition(now or timezone.now()))
    if jurisdiction is not None:
        qs = qs.filter(jurisdiction=jurisdiction)
    return qs


@dataclass
class AgencyRow:
    agency: Agency
    published: int
    current: int
    overdue: int
    in_review: int


@dataclass
class Summary:
    jurisdiction: object
    rows: list
    published: int
    overdue: int
    agencies: int
    agencies_current: int

    @property
    def share_current(self):
        return round(100 * self.agencies_current / self.agencies, 1) if self.agencies else None


def summary(jurisdiction, now=None):
    """Per OPD of the jurisdiction (active ones): published, current, overdue and in-review counts."""
    now = now or timezone.now()
    current = _current_condition(now)
    counts = (_published().filter(jurisdiction=jurisdiction).values("agency_id")
              .annotate(published=Count("pk"), current=Count("pk", filter=current)))
    by_agency = {row["agency_id"]: row for row in counts}
    review = dict(Dataset.objects.filter(jurisdiction=jurisdiction, state=State.SUBMITTED).values("agency_id")
                  .annotate(n=Count("pk")).values_list("agency_id", "n"))
    rows = []
    for agency in Agency.objects.filter(jurisdiction=jurisdiction, is_active=True).order_by("name"):
        row = by_agency.get(agency.pk, {"published": 0, "current": 0})
        rows.append(AgencyRow(agency, row["published"], row["current"], row["published"] - row["current"],
                              review.get(agency.pk, 0)))
    return Summary(jurisdiction=jurisdiction, rows=rows, published=sum(r.published for r in rows),
                   overdue=sum(r.overdue for r in rows), agencies=len(rows),
                   agencies_current=sum(1 for r in rows if r.current))
