"""The Satu Data indicator, its formulas for the program indicators, and the reminders of the sweep."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from baruga.notifications.models import Notification
from baruga.satudata import actions, indicator_formulas, indicators, sweep
from baruga.satudata.models import Dataset
from baruga.satudata.tests.conftest import CHECKLIST

pytestmark = pytest.mark.django_db


def _age(dataset, days):
    Dataset.objects.filter(pk=dataset.pk).update(data_updated=timezone.now() - dt.timedelta(days=days))


def test_summary_counts_current_and_overdue_per_opd(data, published, make_dataset):
    monthly = make_dataset("bulanan", frequency="monthly")
    actions.submit(data.pita, monthly)
    actions.publish(data.wulan, monthly, checklist=CHECKLIST)
    _age(monthly, 60)  # a monthly dataset not updated for 60 days is overdue
    _age(published, 300)  # an annual one after 300 days is still current
    summary = indicators.summary(data.makassar)
    pupr = next(r for r in summary.rows if r.agency == data.pupr)
    assert (pupr.published, pupr.current, pupr.overdue) == (2, 1, 1)
    assert (summary.agencies, summary.agencies_current, summary.share_current) == (2, 1, 50.0)
    assert list(indicators.overdue_datasets(jurisdiction=data.makassar)) == [monthly]
    assert indicators.summary(data.gowa).published == 0


def test_formulas_follow_the_contract(data, published):
    today = timezone.localdate()
    for key, compute in indicator_formulas.FORMULAS.items():
        result = compute(data.makassar, today - dt.timedelta(days=30), today)
        assert set(result) == {"value", "numerator", "denominator", "explanation"}
        assert isinstance(result["value"], int | float | Decimal) or result["value"] is None
        assert key in indicator_formulas.LABELS and key in indicator_formulas.UNITS
    assert indicator_formulas.datasets_published(data.makassar, today, today)["value"] == 1
    assert indicator_formulas.datasets_published(data.makassar, today - dt.timedelta(days=9),
                                                 today - dt.timedelta(days=1))["value"] == 0
    share = indicator_formulas.opd_share_current(data.makassar, today, today)
    assert (share["value"], share["numerator"], share["denominator"]) == (50.0, 1, 2)
    assert indicator_formulas.datasets_overdue(data.makassar, today, today)["value"] == 0


def test_overdue_datasets_remind_the_produsen_once_a_period(data, published):
    _age(published, 500)
    assert sweep.run()["satudata_overdue_reminders"] == 1
    assert Notification.objects.filter(recipient=data.pita, title__contains="perlu diperbarui").count() == 1
    assert not Notification.objects.filter(recipient=data.dani, title__contains="perlu diperbarui").exists()
    assert sweep.run()["satudata_overdue_reminders"] == 0


def test_the_review_clock_reminds_the_walidata(data, make_dataset):
    dataset = make_dataset()
    actions.submit(data.pita, dataset)
    assert sweep.run()["satudata_review_reminders"] == 0  # ten working days ahead
    Dataset.objects.filter(pk=dataset.pk).update(review_due=timezone.localdate() - dt.timedelta(days=1))
    assert sweep.run()["satudata_review_reminders"] == 1
    assert Notification.objects.filter(recipient=data.wulan, title__contains="terlambat").exists()
    assert not Notification.objects.filter(recipient=data.gilang).exists()
    assert sweep.run()["satudata_review_reminders"] == 0


def test_the_clock_sweep_runs_the_satudata_phase(data, published):
    from baruga.clocks.sweep import run_sweep

    _age(published, 500)
    result = run_sweep()
    assert result.counts["satudata_overdue_reminders"] == 1
