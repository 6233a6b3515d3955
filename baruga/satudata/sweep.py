"""Satu Data reminders, run by the clock sweep (`clocks.sweep`):

- the walidata's review clock: datasets SUBMITTED whose `review_due` (working days, clocks.calendar) is
  within SATUDATA_REVIEW_REMIND_DAYS days or past get one reminder to the walidata per due date;
- currency: published datasets overdue for their frequency (`indicators.overdue_datasets`) get one reminder
  to the produsen per SATUDATA_OVERDUE_REMIND_DAYS days;
- Baruga's own data (complaint statistics, PPID figures, program indicators, SPBE index), once a day (`ownstats`).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from baruga.notifications.models import Notification
from baruga.notifications.texts import Text
from baruga.satudata import indicators, notices, ownstats
from baruga.satudata.models import Dataset, State

Kind = Notification.Kind


def run(now=None):
    now = now or timezone.now()
    return {"satudata_review_reminders": remind_reviews(now), "satudata_overdue_reminders": remind_overdue(now),
            "satudata_own_data": ownstats.refresh_all(now)}


def remind_reviews(now):
    window = getattr(settings, "SATUDATA_REVIEW_REMIND_DAYS", 2)
    today = timezone.localtime(now).date()
    sent = 0
    due = Dataset.objects.filter(state=State.SUBMITTED, review_due__isnull=False,
                                 review_due__lte=today + dt.timedelta(days=window),
                                 review_reminded_at__isnull=True).select_related("jurisdiction", "agency")
    for dataset in due:
        with transaction.atomic():
            late = dataset.review_due < today
            title = (gettext_lazy("Pemeriksaan dataset terlambat: %(title)s") if late
                     else gettext_lazy("Pengingat: batas pemeriksaan dataset %(due)s: %(title)s"))
            notices.notify(notices.stewards(dataset), kind=Kind.OVERDUE if late else Kind.REMINDER, dataset=dataset,
                           title=Text(title, title=dataset.title[:120], due=dataset.review_due),
                           dedupe_key=f"satudata:review:{dataset.pk}:{dataset.review_due}")
            Dataset.objects.filter(pk=dataset.pk).update(review_reminded_at=now)
            sent += 1
    return sent


def remind_overdue(now):
    every = dt.timedelta(days=getattr(settings, "SATUDATA_OVERDUE_REMIND_DAYS", 30))
    sent = 0
    for dataset in indicators.overdue_datasets(now=now).select_related("jurisdiction", "agency"):
        if dataset.overdue_reminded_at and dataset.overdue_reminded_at > now - every:
            continue
        with transaction.atomic():
            notices.notify(notices.producers(dataset), kind=Kind.REMINDER, dataset=dataset,
                           title=Text(gettext_lazy("Dataset perlu diperbarui (%(frequency)s): %(title)s"),
                                      frequency=dataset.get_frequency_display(), title=dataset.title[:120]),
                           body=Text(gettext_lazy("Pembaruan data terakhir: %(date)s."),
                                     date=timezone.localtime(dataset.data_updated).date() if dataset.data_updated
                                     else "-"),
                           dedupe_key=f"satudata:overdue:{dataset.pk}:{timezone.localtime(now):%Y-%m-%d}")
            Dataset.objects.filter(pk=dataset.pk).update(overdue_reminded_at=now)
            sent += 1
    return sent
