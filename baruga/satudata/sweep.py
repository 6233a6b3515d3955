"""Satu Data reminders, run by the clock sweep (`clocks.sweep`):

- the walidata's review clock: datasets SUBMITTED whose `review_due` (working days, clocks.calendar) is
  within SATUDATA_REVIEW_REMIND_DAYS days or past get one reminder to the walidata per due date;
- currency: published datasets overdue for their frequency (`indicators.overdue_datasets`) get one reminder
  to the produsen per SATUDATA_OVERDUE_REMIND_DAYS days;
- Baruga's own data (complaint statistics, PPID figures, program indicators, SPBE index), once a day (`ownstats`);
- datastore loads stuck in pending/loading for SATUDATA_LOAD_STALE_MINUTES (a worker that died, a lost task)
  are queued again, up to SATUDATA_LOAD_MAX_ATTEMPTS loads in all, then failed (the file stays downloadable).
"""

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from baruga.notifications.models import Notification
from baruga.notifications.texts import Text
from baruga.satudata import datastore, indicators, loading, notices, ownstats
from baruga.satudata.models import Dataset, DatastoreTable, Resource, State

Kind = Notification.Kind


def run(now=None):
    now = now or timezone.now()
    return {"satudata_review_reminders": remind_reviews(now), "satudata_overdue_reminders": remind_overdue(now),
            "satudata_own_data": ownstats.refresh_all(now), **requeue_stale_loads(now)}


def requeue_stale_loads(now):
    """Queue again the loads stuck in pending/loading (no progress for SATUDATA_LOAD_STALE_MINUTES); a load
    already queued SATUDATA_LOAD_MAX_ATTEMPTS times is failed instead. Each change is a conditional UPDATE on
    the state the sweep saw (status, time, attempts), and the task claims pending → loading once: two sweeps
    never queue the same load twice, and a re-queued load never runs beside another one."""
    Status = Resource.DatastoreStatus
    cutoff = now - dt.timedelta(minutes=getattr(settings, "SATUDATA_LOAD_STALE_MINUTES", 30))
    most = getattr(settings, "SATUDATA_LOAD_MAX_ATTEMPTS", 3)
    stuck = Resource.objects.filter(
        Q(datastore_status_at__lt=cutoff) | Q(datastore_status_at__isnull=True, last_modified__lt=cutoff),
        datastore_status__in=[Status.PENDING, Status.LOADING], is_deleted=False)
    requeued = failed = 0
    for res in stuck:
        seen = Resource.objects.filter(pk=res.pk, datastore_status=res.datastore_status,
                                       datastore_status_at=res.datastore_status_at,
                                       datastore_attempts=res.datastore_attempts)
        beat = (cache.get(loading._progress_key(res.pk)) or {}).get("at") if res.datastore_status == Status.LOADING \
            else None
        if beat and beat > cutoff.timestamp():
            continue  # still storing rows: slow, not dead
        version = res.current_version
        if version is None or not datastore.is_tabular(version.format):
            seen.update(datastore_status=Status.NONE, datastore_status_at=now)
            continue
        if res.datastore_attempts >= most:
            with transaction.atomic():
                message = gettext(
                    "Pemuatan ke tabel tidak selesai setelah %(n)s kali percobaan (proses pemuat terhenti). Berkas "
                    "tetap tersedia untuk diunduh apa adanya; coba muat ulang nanti atau hubungi admin.") % {"n": most}
                if seen.update(datastore_status=Status.FAILED, datastore_messages=[message],
                               datastore_active=False, datastore_status_at=now, metadata_modified=now):
                    DatastoreTable.objects.filter(resource_id=res.pk).delete()
                    failed += 1
            continue
        if seen.update(datastore_status=Status.PENDING, datastore_status_at=now,
                       datastore_attempts=F("datastore_attempts") + 1):
            loading.load_datastore_task.enqueue(str(res.pk), version.number, res.datastore_sheet)
            requeued += 1
    return {"satudata_loads_requeued": requeued, "satudata_loads_failed": failed}


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
