"""Working days in Makassar: Monday–Friday minus national holidays and cuti bersama; due at 16:00 WITA."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from baruga.clocks import calendar
from baruga.clocks.models import CalendarDay

pytestmark = pytest.mark.django_db  # administrators' calendar entries live in the database

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def makassar_time(settings):
    settings.TIME_ZONE = "Asia/Makassar"
    settings.OFFICE_CLOSES_AT = "16:00"


def wita(year, month, day, hour=9, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=WITA)


def skipped_days(skipped):
    return [day for day, _reason in skipped]


def test_counting_starts_the_working_day_after_receipt():
    due, skipped = calendar.add_working_days(wita(2026, 8, 10, 8, 0), 1)  # Monday morning
    assert due == wita(2026, 8, 11, 16, 0)
    assert skipped == []


def test_a_deadline_falls_at_office_close_in_makassar():
    due, _skipped = calendar.add_working_days(wita(2026, 8, 10), 3)
    assert due == wita(2026, 8, 13, 16, 0)
    assert due.utcoffset() == dt.timedelta(hours=8)
    assert due.astimezone(dt.UTC) == dt.datetime(2026, 8, 13, 8, 0, tzinfo=dt.UTC)


def test_office_close_follows_the_setting(settings):
    settings.OFFICE_CLOSES_AT = "15:30"
    due, _skipped = calendar.add_working_days(wita(2026, 8, 10), 1)
    assert due == wita(2026, 8, 11, 15, 30)


def test_weekends_are_skipped_and_named():
    due, skipped = calendar.add_working_days(wita(2026, 8, 6), 3)  # Thursday
    assert due == wita(2026, 8, 11, 16, 0)  # Fri 7, Mon 10, Tue 11
    assert skipped == [(dt.date(2026, 8, 8), "Sabtu"), (dt.date(2026, 8, 9), "Minggu")]


def test_a_report_received_on_saturday_starts_counting_on_monday():
    due, skipped = calendar.add_working_days(wita(2026, 8, 8, 11, 0), 1)
    assert due == wita(2026, 8, 10, 16, 0)
    assert skipped == [(dt.date(2026, 8, 9), "Minggu")]


def test_receipt_after_office_hours_still_counts_from_the_next_day():
    due, _skipped = calendar.add_working_days(wita(2026, 8, 10, 22, 45), 1)
    assert due == wita(2026, 8, 11, 16, 0)


def test_the_day_of_receipt_is_the_day_in_makassar_not_in_utc():
    # 17:30 UTC on Monday is already 01:30 on Tuesday in Makassar.
    due, _skipped = calendar.add_working_days(dt.datetime(2026, 8, 10, 17, 30, tzinfo=dt.UTC), 1)
    assert due == wita(2026, 8, 12, 16, 0)


def test_independence_day_is_not_a_working_day():
    due, skipped = calendar.add_working_days(wita(2026, 8, 14), 3)  # Friday before 17 August
    assert due == wita(2026, 8, 20, 16, 0)  # Tue 18, Wed 19, Thu 20
    assert skipped == [
        (dt.date(2026, 8, 15), "Sabtu"),
        (dt.date(2026, 8, 16), "Minggu"),
        (dt.date(2026, 8, 17), "Hari Kemerdekaan Republik Indonesia"),
    ]


def test_eid_al_fitr_and_its_cuti_bersama_are_skipped():
    due, skipped = calendar.add_working_days(wita(2026, 3, 19), 3)  # Nyepi, a holiday itself
    assert due == wita(2026, 3, 27, 16, 0)  # Wed 25, Thu 26, Fri 27
    assert skipped_days(skipped) == [dt.date(2026, 3, d) for d in (20, 21, 22, 23, 24)]
    reasons = dict(skipped)
    assert reasons[dt.date(2026, 3, 20)] == "Cuti Bersama Hari Raya Idul Fitri"
    assert reasons[dt.date(2026, 3, 23)] == "Cuti Bersama Hari Raya Idul Fitri"
    assert reasons[dt.date(2026, 3, 24)] == "Cuti Bersama Hari Raya Idul Fitri"


@pytest.mark.parametrize("day", [dt.date(2026, 3, 19), dt.date(2026, 3, 20), dt.date(2026, 3, 23),
                                 dt.date(2026, 3, 24), dt.date(2026, 8, 17), dt.date(2026, 12, 24),
                                 dt.date(2026, 12, 25), dt.date(2026, 8, 15), dt.date(2026, 8, 16)])
def test_holidays_cuti_bersama_and_weekends_are_not_working_days(day):
    assert not calendar.is_working_day(day)


@pytest.mark.parametrize("day", [dt.date(2026, 3, 25), dt.date(2026, 8, 18), dt.date(2026, 12, 28)])
def test_an_ordinary_weekday_is_a_working_day(day):
    assert calendar.is_working_day(day)


def test_a_deadline_runs_across_the_year_end():
    due, skipped = calendar.add_working_days(wita(2026, 12, 23), 5)
    # Thu 24 cuti bersama, Fri 25 Christmas, weekend, Mon 28, Tue 29, Wed 30, Thu 31,
    # Fri 1 January, weekend, Mon 4 January.
    assert due == wita(2027, 1, 4, 16, 0)
    assert skipped == [
        (dt.date(2026, 12, 24), "Cuti Bersama Hari Raya Natal"),
        (dt.date(2026, 12, 25), "Hari Raya Natal"),
        (dt.date(2026, 12, 26), "Sabtu"),
        (dt.date(2026, 12, 27), "Minggu"),
        (dt.date(2027, 1, 1), "Tahun Baru Masehi"),
        (dt.date(2027, 1, 2), "Sabtu"),
        (dt.date(2027, 1, 3), "Minggu"),
    ]


def test_ten_working_days_explain_every_day_they_skip():
    due, skipped = calendar.add_working_days(wita(2026, 8, 10), 10)
    assert due == wita(2026, 8, 26, 16, 0)
    assert skipped_days(skipped) == [dt.date(2026, 8, d) for d in (15, 16, 17, 22, 23, 25)]
    assert dict(skipped)[dt.date(2026, 8, 25)] == "Maulid Nabi Muhammad"
    # Every calendar day between receipt and due is either counted or explained.
    assert (due.date() - dt.date(2026, 8, 10)).days == 10 + len(skipped)


# --- the administrator's corrections ----------------------------------------------------------


def test_a_cuti_bersama_decreed_later_is_skipped(cast):
    CalendarDay.objects.create(date=dt.date(2026, 8, 18), name="Cuti bersama HUT RI")
    due, skipped = calendar.add_working_days(wita(2026, 8, 14), 3)
    assert due == wita(2026, 8, 21, 16, 0)  # Wed 19, Thu 20, Fri 21
    assert (dt.date(2026, 8, 18), "Cuti bersama HUT RI") in skipped


def test_a_regional_holiday_counts_only_in_its_jurisdiction(cast):
    CalendarDay.objects.create(date=dt.date(2026, 11, 9), name="Hari Jadi Kota Makassar", jurisdiction=cast.makassar)
    friday = wita(2026, 11, 6)
    assert calendar.add_working_days(friday, 1, jurisdiction_id=cast.makassar.pk)[0] == wita(2026, 11, 10, 16, 0)
    assert calendar.add_working_days(friday, 1, jurisdiction_id=cast.gowa.pk)[0] == wita(2026, 11, 9, 16, 0)
    assert calendar.add_working_days(friday, 1)[0] == wita(2026, 11, 9, 16, 0)


def test_a_day_corrected_to_a_working_day_is_counted(cast):
    CalendarDay.objects.create(date=dt.date(2026, 3, 24), kind=CalendarDay.Kind.WORKDAY,
                               name="Cuti bersama dibatalkan")
    due, skipped = calendar.add_working_days(wita(2026, 3, 19), 1)
    assert due == wita(2026, 3, 24, 16, 0)
    assert dt.date(2026, 3, 24) not in skipped_days(skipped)


# --- "now" ------------------------------------------------------------------------------------


def test_a_report_filed_on_friday_afternoon_must_be_verified_by_thursday(cast, file_report, time_machine):
    time_machine.move_to(wita(2026, 8, 14, 15, 0))
    report = file_report(category=cast.city_road)
    # Mon 17 is Independence Day: Tue 18, Wed 19, Thu 20.
    assert report.due_at == wita(2026, 8, 20, 16, 0)


def test_a_report_filed_late_on_the_eve_of_eid_waits_for_the_holidays(cast, file_report, time_machine):
    time_machine.move_to(wita(2026, 3, 17, 23, 50))  # Tuesday night in Makassar
    report = file_report(category=cast.city_road)
    # Wed 18 cuti bersama Nyepi, Thu 19 Nyepi, Fri 20 – Tue 24 Eid: Wed 25, Thu 26, Fri 27.
    assert timezone.localtime(report.due_at) == wita(2026, 3, 27, 16, 0)
