"""Staff page: on-time performance per jurisdiction and per OPD, scoped to who is asking."""

import datetime as dt

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baruga.clocks import selectors
from baruga.complaints.views_staff import staff_required


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


@staff_required
def performance(request):
    since, until = default_period()
    form = PeriodForm(request.GET or {"since": since, "until": until})
    if form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    jurisdiction_ids, agency_ids = selectors.performance_scope(request.user)
    figures = selectors.performance(jurisdiction_ids=jurisdiction_ids, agency_ids=agency_ids, since=since,
                                    until=until)
    return render(request, "clocks/performance.html", {
        "form": form, "since": since, "until": until, "figures": figures, "stages": selectors.stage_labels(),
    })
