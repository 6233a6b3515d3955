"""Program indicators computed from complaints (the contract: baruga/indicators/formulas.py).

Plain functions over what complaints and clocks already know; this module imports nothing of
`baruga.indicators`. Periods are local dates, inclusive.
"""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.complaints.models import Report, State

# Reports that left the jurisdiction's hands without a finish to judge: archived (with a reason) or transferred.
NOT_JUDGED = (State.ARCHIVED, State.TRANSFERRED)
SATISFIED_FROM = 4  # ratings 4 and 5 of 5 count as satisfied


def _moments(start, end):
    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))


def _share(numerator, denominator):
    return round(100 * numerator / denominator, 2) if denominator else None


def finished_share(jurisdiction, start, end):
    """Of the reports received in the period (not archived or transferred away), how many are finished."""
    since, until = _moments(start, end)
    counts = (Report.objects.filter(jurisdiction=jurisdiction, created_at__gte=since, created_at__lt=until)
              .exclude(state__in=NOT_JUDGED)
              .aggregate(total=Count("pk"), finished=Count("pk", filter=Q(state=State.FINISHED))))
    return {"value": _share(counts["finished"], counts["total"]), "numerator": counts["finished"],
            "denominator": counts["total"],
            "explanation": _("%(n)d dari %(d)d laporan yang diterima sudah selesai")
            % {"n": counts["finished"], "d": counts["total"]}}


def satisfaction(jurisdiction, start, end):
    """Of the reports finished in the period with a rating, how many were rated 4 or 5 (of 5)."""
    since, until = _moments(start, end)
    counts = (Report.objects.filter(jurisdiction=jurisdiction, finished_at__gte=since, finished_at__lt=until,
                                    rating__isnull=False)
              .aggregate(total=Count("pk"), satisfied=Count("pk", filter=Q(rating__gte=SATISFIED_FROM))))
    return {"value": _share(counts["satisfied"], counts["total"]), "numerator": counts["satisfied"],
            "denominator": counts["total"],
            "explanation": _("%(n)d dari %(d)d penilaian pelapor bernilai 4 atau 5")
            % {"n": counts["satisfied"], "d": counts["total"]}}


FORMULAS = {
    "complaints.finished_share": finished_share,
    "complaints.satisfaction": satisfaction,
}
LABELS = {
    "complaints.finished_share": gettext_lazy("Laporan selesai"),
    "complaints.satisfaction": gettext_lazy("Pelapor puas (nilai 4–5)"),
}
UNITS = {key: "persen" for key in FORMULAS}
