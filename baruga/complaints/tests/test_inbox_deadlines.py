"""The inbox's deadline views: due soon, overdue, escalated to me; sorting by due moment; scope.

"Now" is Wednesday 12 August 2026, 10:00 in Makassar. "Due soon" runs to office close of the second
working day after today: Friday 14 August 16:00.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from baruga.clocks import selectors as clock_selectors
from baruga.complaints import actions, selectors
from baruga.complaints.models import State
from baruga.complaints.tests.builders import bring_to
from baruga.notifications.models import Notification

WITA = ZoneInfo("Asia/Makassar")
NOW = dt.datetime(2026, 8, 12, 10, tzinfo=WITA)


@pytest.fixture(autouse=True)
def makassar_time(settings):
    settings.TIME_ZONE = "Asia/Makassar"
    settings.OFFICE_CLOSES_AT = "16:00"


def wita(month, day, hour=10):
    return dt.datetime(2026, month, day, hour, tzinfo=WITA)


def dispatched_at(moment, cast, file_report, agency, title):
    with time_machine.travel(moment, tick=False):
        report = file_report(category=cast.city_road, title=title)
        actions.verify(actor=cast.citra, report=report, title=title, category=cast.city_road)
        actions.dispatch(actor=cast.citra, report=report, agency=agency)
    report.refresh_from_db()
    return report


@pytest.fixture
def desk(cast, file_report):
    d = cast
    # Dinas PUPR: overdue (due Mon 10), due soon (due Thu 13), later (due Wed 19, after the 17th), finished.
    d.late = dispatched_at(wita(8, 3), cast, file_report, cast.pupr, "Terlambat PUPR")
    d.soon = dispatched_at(wita(8, 6), cast, file_report, cast.pupr, "Segera PUPR")
    d.later = dispatched_at(wita(8, 11), cast, file_report, cast.pupr, "Nanti PUPR")
    with time_machine.travel(wita(8, 4), tick=False):
        d.done = bring_to(file_report(category=cast.city_road, title="Selesai PUPR"), State.FINISHED,
                          agency=cast.pupr)
    # Disdik (gita): overdue.
    d.disdik_late = dispatched_at(wita(8, 3), cast, file_report, cast.disdik, "Terlambat Disdik")
    # Waiting for the reporter past the completion clock: the reporter's delay, not the admin's.
    with time_machine.travel(wita(7, 1), tick=False):
        d.waiting = file_report(category=cast.city_road, title="Menunggu pelapor")
        actions.request_info(actor=cast.citra, report=d.waiting, reason="Mohon foto.")
    assert (d.late.due_at, d.soon.due_at, d.later.due_at) == (wita(8, 10, 16), wita(8, 13, 16), wita(8, 19, 16))
    d.waiting.refresh_from_db()
    assert d.waiting.due_at < NOW and d.done.due_at is None
    return d


def inbox_ids(user, **filters):
    return [r.pk for r in selectors.staff_inbox(user, now=NOW, **filters)]


def test_due_soon_ends_at_the_close_of_the_second_working_day(cast):
    assert clock_selectors.due_soon_until(NOW) == wita(8, 14, 16)
    friday = wita(8, 14)
    assert clock_selectors.due_soon_until(friday) == wita(8, 19, 16)  # Tue 18, Wed 19: Mon 17 is a holiday


def test_the_overdue_view_lists_reports_past_their_staff_deadline(desk):
    d = desk
    assert inbox_ids(d.eko, view="overdue") == [d.late.pk]
    assert inbox_ids(d.citra, view="overdue") == [d.disdik_late.pk, d.late.pk]  # not the one waiting for ayu
    assert inbox_ids(d.gita, view="overdue") == [d.disdik_late.pk]


def test_the_due_soon_view_lists_what_falls_due_within_two_working_days(desk):
    d = desk
    assert inbox_ids(d.eko, view="due_soon") == [d.soon.pk]
    assert inbox_ids(d.gita, view="due_soon") == []


def test_gita_never_sees_ekos_overdue_reports(client, desk):
    d = desk
    assert d.late.pk not in inbox_ids(d.gita, view="overdue", sort="due")
    assert selectors.view_counts(d.gita, now=NOW) == {"due_soon": 0, "overdue": 1, "escalated": 0}
    with time_machine.travel(NOW, tick=False):
        client.force_login(d.gita)
        page = client.get(reverse("complaints:inbox"), {"view": "overdue"}).text
    assert d.disdik_late.tracking_id in page and d.late.tracking_id not in page


def test_the_escalated_view_shows_reports_escalated_to_me(client, desk):
    d = desk
    Notification.objects.create(recipient=d.fajar, kind=Notification.Kind.ESCALATION, report=d.late,
                                title="Eskalasi", dedupe_key=f"escalation:{d.late.pk}:1")
    Notification.objects.create(recipient=d.fajar, kind=Notification.Kind.OVERDUE, report=d.soon,
                                title="Terlambat", dedupe_key=f"overdue:{d.soon.pk}")
    Notification.objects.create(recipient=d.hadi, kind=Notification.Kind.ESCALATION, report=d.disdik_late,
                                title="Eskalasi", dedupe_key=f"escalation:{d.disdik_late.pk}:2")
    assert inbox_ids(d.fajar, view="escalated") == [d.late.pk]
    assert inbox_ids(d.eko, view="escalated") == []
    assert inbox_ids(d.hadi, view="escalated") == [d.disdik_late.pk]
    assert selectors.view_counts(d.fajar, now=NOW) == {"due_soon": 1, "overdue": 1, "escalated": 1}
    with time_machine.travel(NOW, tick=False):
        client.force_login(d.fajar)
        page = client.get(reverse("complaints:inbox"), {"view": "escalated"}).text
    assert d.late.tracking_id in page and d.soon.tracking_id not in page


def test_sorting_by_due_moment_puts_reports_without_a_deadline_last(desk):
    d = desk
    assert inbox_ids(d.eko, sort="due") == [d.late.pk, d.soon.pk, d.later.pk, d.done.pk]
    assert inbox_ids(d.eko) == [d.later.pk, d.soon.pk, d.done.pk, d.late.pk]  # default: newest first
    assert inbox_ids(d.eko, view="overdue", sort="due") == [d.late.pk]


def test_the_page_sorts_by_due_moment_and_keeps_the_other_filters(client, desk):
    d = desk
    with time_machine.travel(NOW, tick=False):
        client.force_login(d.eko)
        page = client.get(reverse("complaints:inbox"), {"sort": "due", "q": "PUPR"}).text
    order = [page.index(r.tracking_id) for r in (d.late, d.soon, d.later, d.done)]
    assert order == sorted(order)
    assert "view=overdue" in page and "sort=due" in page and "q=PUPR" in page  # the view links keep them
    assert 'name="sort" value="due"' in page


def test_the_page_counts_each_view(client, desk):
    d = desk
    with time_machine.travel(NOW, tick=False):
        client.force_login(d.citra)
        page = client.get(reverse("complaints:inbox")).text
    assert 'Terlambat <span class="count">2</span>' in page
    assert 'Segera jatuh tempo <span class="count">1</span>' in page


@pytest.mark.parametrize("params", [{"view": "overdue"}, {"view": "due_soon", "sort": "due"},
                                    {"view": "escalated"}, {"sort": "due"}])
def test_the_views_keep_the_inbox_query_count_constant(client, cast, file_report, desk, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    d = desk

    def get():
        with time_machine.travel(NOW, tick=False):
            return client.get(reverse("complaints:inbox"), params)

    # One report in every view already, so the page's list query runs in both measurements.
    Notification.objects.create(recipient=d.citra, kind=Notification.Kind.ESCALATION, report=d.late,
                                title="Eskalasi", dedupe_key=f"escalation:{d.late.pk}:1")
    with time_machine.travel(NOW, tick=False):
        client.force_login(d.citra)
    get()
    with CaptureQueriesContext(connection) as few:
        get()
    for i in range(3):
        late = dispatched_at(wita(8, 3), cast, file_report, cast.pupr, f"Terlambat lagi {i}")
        Notification.objects.create(recipient=d.citra, kind=Notification.Kind.ESCALATION, report=late,
                                    title="Eskalasi", dedupe_key=f"escalation:{late.pk}:1")
        dispatched_at(wita(8, 6), cast, file_report, cast.disdik, f"Segera lagi {i}")
    with CaptureQueriesContext(connection) as many:
        page = get()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.text.count("report-item") >= 4
