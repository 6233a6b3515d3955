"""Program indicators computed from PPID requests (the contract: baruga/indicators/formulas.py)."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.ppid.models import InformationRequest


def requests_served_ratio(jurisdiction, start, end):
    """Requests served ÷ requests received, for the requests registered in the period.

    "Served" is the annual report's definition (`selectors.Figures.served`): the request received
    the PPID's written decision. Over a whole year it equals `selectors.annual_report(...).indicator`.
    """
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    counts = (InformationRequest.objects.filter(jurisdiction=jurisdiction, registered_at__gte=since,
                                                registered_at__lt=until)
              .aggregate(received=Count("pk"), served=Count("pk", filter=Q(decided_at__isnull=False))))
    received, served = counts["received"], counts["served"]
    return {"value": round(100 * served / received, 2) if received else None, "numerator": served,
            "denominator": received,
            "explanation": _("%(n)d dari %(d)d permohonan informasi sudah diputuskan PPID")
            % {"n": served, "d": received}}


FORMULAS = {"ppid.requests_served_ratio": requests_served_ratio}
LABELS = {"ppid.requests_served_ratio": gettext_lazy("Permohonan informasi terlayani")}
UNITS = {"ppid.requests_served_ratio": "persen"}
