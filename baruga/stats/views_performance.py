"""Staff page: on-time performance per jurisdiction and per OPD, scoped to who is asking."""

import datetime as dt

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from baruga.complaints.views_staff import staff_required
from baruga.stats import performance as selectors


def _date_input():
    # ISO dates: what <input type="date"> reads, whatever the active locale's date format.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("Dari tanggal"), required=False, widget=_date_input())
    until = forms.DateField(label=_("Sampai tanggal"), required=False, widget=_date_input())

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data


def default_period(today=None):
    """From 1 January of this year to today: the year the annual reports look at."""
    today = today or timezone.localdate()
    return dt.date(today.year, 1, 1), today


PAGE_SIZE = 50  # rows of one table when every unit is shown


def _has_figures(row):
    return bool(row["overdue_open"] or any(stage["done"] for stage in row["stages"].values()))


def _table(rows, *, show_all, page_number):
    """A table's rows: those with figures in the period, or (`show_all`) every unit a page at a time.

    A province's scope holds hundreds of OPDs, most without a completed or overdue stage in a given
    period: listing them all made the page 225 KB (the demo data, the governor). Idle units are
    counted instead, and shown on request, 50 a page."""
    idle = sum(1 for r in rows if not _has_figures(r))
    if not show_all:
        return {"rows": [r for r in rows if _has_figures(r)], "idle": idle, "page": None}
    page = Paginator(rows, PAGE_SIZE).get_page(page_number)
    return {"rows": list(page.object_list), "idle": idle, "page": page if page.paginator.num_pages > 1 else None}


@staff_required
def performance(request):
    since, until = default_period()
    form = PeriodForm(request.GET or {"since": since, "until": until})
    if form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    jurisdiction_ids, agency_ids = selectors.performance_scope(request.user)
    figures = selectors.performance(jurisdiction_ids=jurisdiction_ids, agency_ids=agency_ids, since=since,
                                    until=until)
    show_all = request.GET.get("semua") == "1"
    page_number = request.GET.get("halaman")
    period = {k: v for k, v in (("since", since), ("until", until)) if v}
    jurisdictions = _table(figures["jurisdictions"], show_all=show_all, page_number=page_number)
    agencies = _table(figures["agencies"], show_all=show_all, page_number=page_number)
    return render(request, "stats/performance.html", {
        "form": form, "since": since, "until": until, "stages": selectors.stage_labels(), "show_all": show_all,
        "jurisdictions": jurisdictions, "agencies": agencies, "idle": jurisdictions["idle"] + agencies["idle"],
        "all_query": urlencode({**period, "semua": 1}), "active_query": urlencode(period),
    })
