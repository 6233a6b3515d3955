"""A deadline explains itself as a person would: the kinds of skipped days that occurred, none that did not."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from baruga.clocks import calendar
from baruga.ppid import deadlines

pytestmark = pytest.mark.django_db  # administrators' calendar entries live in the database

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def makassar_time(settings):
    settings.TIME_ZONE = "Asia/Makassar"
    settings.OFFICE_CLOSES_AT = "16:00"


def wita(year, month, day, hour=9):
    return dt.datetime(year, month, day, hour, 0, tzinfo=WITA)


def phrase(start, days, pauses=()):
    return calendar.calendar_of(None).explain(start, days, pauses).skipped_phrase()


def test_nothing_skipped_says_nothing():
    assert phrase(wita(2026, 8, 10), 3) == ""  # Monday to Thursday


def test_only_a_weekend():
    assert phrase(wita(2026, 8, 6), 3) == "tidak termasuk 2 hari akhir pekan"


def test_a_weekend_and_a_holiday():
    # Thursday 13 August 2026: the weekend, then Independence Day on Monday 17 August.
    assert phrase(wita(2026, 8, 13), 3) == "tidak termasuk 2 hari akhir pekan dan 1 hari libur"


def test_a_pause_is_named_apart_and_listed_last():
    pause = (wita(2026, 8, 10, 10), wita(2026, 8, 12, 10), "Menunggu kelengkapan")  # covers the closes of 10 and 11
    assert phrase(wita(2026, 8, 7), 3, [pause]) == "tidak termasuk 2 hari akhir pekan dan 2 hari jeda"


def test_three_kinds_are_listed_with_commas():
    pause = (wita(2026, 8, 18, 10), wita(2026, 8, 19, 10), "Menunggu kelengkapan")
    assert phrase(wita(2026, 8, 13), 4, [pause]) == \
        "tidak termasuk 2 hari akhir pekan, 1 hari libur dan 1 hari jeda"


def test_the_ppid_summary_leaves_out_zero_counts():
    summary = deadlines.explain(wita(2026, 8, 10), 3, None)["summary"]
    assert summary == "3 hari kerja sejak 10-08-2026 09:00 WITA; batas 13-08-2026 16:00 WITA."
    assert "melewati" not in summary and "0 hari" not in summary


def test_a_reports_deadline_on_a_quiet_week_reads_without_skipped_days(client, cast, file_report):
    import time_machine
    from django.urls import reverse

    with time_machine.travel(wita(2026, 8, 10, 8), tick=False):  # Monday: three working days to Thursday
        report = file_report()
        client.force_login(cast.ayu)
        page = client.get(reverse("complaints:track", args=[report.tracking_id])).text
    assert "3 hari kerja sejak 10-08-2026 08:00; batas 13-08-2026 16:00." in page
    assert "melewati" not in page
