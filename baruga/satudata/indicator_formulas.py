"""Satu Data's program indicators, for the indicators app (contract: FORMULAS = {key: compute}).

Each `compute(jurisdiction, start, end)` reads the catalogue as it stood at the end of `end` (published
datasets count by their publication moment; currency is judged at that moment)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.satudata import indicators
from baruga.satudata.models import Dataset, State


def _end_moment(end):
    return timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))


def datasets_published(jurisdiction, start, end):
    """Datasets of the jurisdiction first published within [start, end] and still published."""
    n = Dataset.objects.filter(jurisdiction=jurisdiction, state=State.PUBLISHED,
                               published_at__gte=timezone.make_aware(dt.datetime.combine(start, dt.time.min)),
                               published_at__lt=_end_moment(end)).count()
    return {"value": n, "numerator": n, "denominator": None,
            "explanation": _("%(n)d dataset diterbitkan dalam periode ini.") % {"n": n}}


def opd_share_current(jurisdiction, start, end):
    summary = indicators.summary(jurisdiction, now=min(_end_moment(end), timezone.now()))
    if not summary.agencies:
        return {"value": None, "numerator": None, "denominator": None,
                "explanation": _("Belum ada OPD terdaftar di wilayah ini.")}
    return {"value": summary.share_current, "numerator": summary.agencies_current, "denominator": summary.agencies,
            "explanation": _("%(n)d dari %(d)d OPD punya dataset terbit yang mutakhir.")
            % {"n": summary.agencies_current, "d": summary.agencies}}


def datasets_overdue(jurisdiction, start, end):
    n = indicators.overdue_datasets(now=min(_end_moment(end), timezone.now()), jurisdiction=jurisdiction).count()
    return {"value": n, "numerator": n, "denominator": None,
            "explanation": _("%(n)d dataset terbit terlambat diperbarui menurut frekuensinya.") % {"n": n}}


FORMULAS = {
    "satudata.datasets_published": datasets_published,
    "satudata.opd_share_current": opd_share_current,
    "satudata.datasets_overdue": datasets_overdue,
}
LABELS = {
    "satudata.datasets_published": gettext_lazy("Dataset Satu Data yang diterbitkan"),
    "satudata.opd_share_current": gettext_lazy("OPD dengan dataset terbit yang mutakhir"),
    "satudata.datasets_overdue": gettext_lazy("Dataset terlambat diperbarui"),
}
UNITS = {"satudata.datasets_published": "jumlah", "satudata.opd_share_current": "persen",
         "satudata.datasets_overdue": "jumlah"}
