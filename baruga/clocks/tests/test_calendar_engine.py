"""The business calendar under the clocks: holidays, the administrator's corrections, year ends, timezones.

Time is frozen with time-machine; every expected date is counted by hand in the comments.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import holidays
import pytest
import time_machine

from baruga.clocks import services
from baruga.clocks.calendar import BusinessCalendar, calendars_for
from baruga.clocks.models import CalendarDay, ClockKind
from baruga.complaints import actions

WITA = ZoneInfo("Asia/Makassar")
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def makassar_time(settings):
    settings.TIME_ZONE = "Asia/Makassar"
    settings.OFFICE_CLOSES_AT = "16:00"


def wita(year, month, day, hour=9, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=WITA)


def file_at(moment, file_report, **fields):
    with time_machine.travel(moment, tick=False):
        return file_report(**fields)


def dispatch_at(moment, report, cast, agency=None):
    with time_machine.travel(moment, tick=False):
        actions.verify(actor=cast.citra, report=report, title=report.title, category=report.category)
        actions.dispatch(actor=cast.citra, report=report, agency=agency or cast.pupr)
    report.refresh_from_db()
    return report


def clock_of(report, kind):
    return report.clocks.filter(kind=kind).order_by("-started_at", "-id").first()


def skipped(explanation):
    return {item["date"]: item["reason"] for item in explanation["skipped_days"]}


# --- weekends and national holidays ------------------------------------------------------------


def test_a_report_filed_on_thursday_is_verified_by_tuesday(cast, file_report):
    report = file_at(wita(2026, 8, 6, 10), file_report, category=cast.city_road)
    assert report.due_at == wita(2026, 8, 11, 16)  # Fri 7, (Sat 8, Sun 9), Mon 10, Tue 11
    explanation = services.explain(clock_of(report, ClockKind.VERIFICATION))
    assert skipped(explanation) == {dt.date(2026, 8, 8): "Sabtu", dt.date(2026, 8, 9): "Minggu"}


def test_independence_day_moves_the_follow_up_deadline(cast, file_report):
    report = file_at(wita(2026, 8, 10, 8), file_report, category=cast.city_road)
    report = dispatch_at(wita(2026, 8, 12, 11), report, cast)
    # Thu 13, Fri 14, (weekend), (Mon 17: Independence Day), Tue 18, Wed 19, Thu 20.
    assert report.due_at == wita(2026, 8, 20, 16)
    explanation = services.explain(clock_of(report, ClockKind.FOLLOW_UP))
    assert skipped(explanation)[dt.date(2026, 8, 17)] == "Hari Kemerdekaan Republik Indonesia"


def test_eid_al_fitr_with_its_cuti_bersama_is_one_closed_stretch(cast, file_report):
    report = file_at(wita(2026, 3, 17, 14), file_report, category=cast.city_road)  # Tuesday
    # Wed 18 cuti bersama Nyepi, Thu 19 Nyepi, Fri 20 – Tue 24 Eid al-Fitr with cuti bersama and a weekend.
    assert report.due_at == wita(2026, 3, 27, 16)  # Wed 25, Thu 26, Fri 27
    explanation = services.explain(clock_of(report, ClockKind.VERIFICATION))
    assert list(skipped(explanation)) == [dt.date(2026, 3, d) for d in range(18, 25)]
    assert skipped(explanation)[dt.date(2026, 3, 20)] == "Cuti Bersama Hari Raya Idul Fitri"
    assert skipped(explanation)[dt.date(2026, 3, 24)] == "Cuti Bersama Hari Raya Idul Fitri"


# --- the administrator's calendar --------------------------------------------------------------


def test_cuti_bersama_entered_by_an_administrator_is_skipped(cast, file_report):
    CalendarDay.objects.create(date=dt.date(2026, 8, 18), name="Cuti bersama HUT RI")
    report = file_at(wita(2026, 8, 14, 10), file_report, category=cast.city_road)  # Friday
    # (weekend), (Mon 17 holiday), (Tue 18 cuti bersama), Wed 19, Thu 20, Fri 21.
    assert report.due_at == wita(2026, 8, 21, 16)
    explanation = services.explain(clock_of(report, ClockKind.VERIFICATION))
    assert skipped(explanation)[dt.date(2026, 8, 18)] == "Cuti bersama HUT RI"


def test_a_correction_makes_a_package_holiday_a_working_day(cast, file_report):
    CalendarDay.objects.create(date=dt.date(2026, 12, 24), kind=CalendarDay.Kind.WORKDAY,
                               name="Cuti bersama Natal dibatalkan")
    report = file_at(wita(2026, 12, 23, 10), file_report, category=cast.city_road)
    # Thu 24 counts now; (Fri 25 Christmas), (weekend), Mon 28, Tue 29.
    assert report.due_at == wita(2026, 12, 29, 16)


def test_a_regional_holiday_counts_in_makassar_but_not_in_gowa(cast, file_report):
    CalendarDay.objects.create(date=dt.date(2026, 11, 9), name="Hari Jadi Kota Makassar", jurisdiction=cast.makassar)
    friday = wita(2026, 11, 6, 10)
    makassar = file_at(friday, file_report, category=cast.city_road)
    gowa = file_at(friday, file_report, category=cast.city_road, location=cast.gowa, district=None)
    assert makassar.jurisdiction == cast.makassar and gowa.jurisdiction == cast.gowa
    assert makassar.due_at == wita(2026, 11, 12, 16)  # Tue 10, Wed 11, Thu 12
    assert gowa.due_at == wita(2026, 11, 11, 16)  # Mon 9, Tue 10, Wed 11


def test_a_regional_correction_beats_an_instance_wide_holiday(cast):
    # The instance decrees a day off; Makassar keeps its offices open. The regional entry wins in
    # Makassar whatever order the database returns the two rows in.
    day = dt.date(2026, 11, 10)
    CalendarDay.objects.create(date=day, name="Cuti bersama")
    CalendarDay.objects.create(date=day, kind=CalendarDay.Kind.WORKDAY, name="Tetap masuk",
                               jurisdiction=cast.makassar)
    assert BusinessCalendar(cast.makassar.pk).is_working_day(day)
    assert not BusinessCalendar(cast.gowa.pk).is_working_day(day)
    assert not BusinessCalendar(None).is_working_day(day)
    together = calendars_for([cast.makassar.pk, cast.gowa.pk])
    assert together[cast.makassar.pk].is_working_day(day)
    assert not together[cast.gowa.pk].is_working_day(day)


def test_calendars_for_many_jurisdictions_cost_one_query(cast, django_assert_num_queries):
    CalendarDay.objects.create(date=dt.date(2026, 11, 9), name="Hari Jadi", jurisdiction=cast.makassar)
    with django_assert_num_queries(1):
        calendars = calendars_for([cast.makassar.pk, cast.gowa.pk, cast.province.pk])
    with django_assert_num_queries(0):
        assert not calendars[cast.makassar.pk].is_working_day(dt.date(2026, 11, 9))
        assert calendars[cast.gowa.pk].is_working_day(dt.date(2026, 11, 9))


# --- the year end ------------------------------------------------------------------------------


def test_the_package_knows_2027_new_year_and_isra_miraj():
    # What the assertions below rest on: holidays' 2027 calendar for Indonesia.
    known = holidays.Indonesia(years=2027, categories=("public", "government"), language="id")
    assert known.get(dt.date(2027, 1, 1)) == "Tahun Baru Masehi"
    assert known.get(dt.date(2027, 1, 5)) == "Isra Mikraj Nabi Muhammad"
    assert dt.date(2026, 12, 31) not in holidays.Indonesia(years=2026, categories=("public", "government"))


def test_a_report_filed_before_christmas_runs_into_january_2027(cast, file_report):
    report = file_at(wita(2026, 12, 23, 10), file_report, category=cast.city_road)  # Wednesday
    # (Thu 24 cuti bersama), (Fri 25 Christmas), (weekend), Mon 28, Tue 29, Wed 30.
    assert report.due_at == wita(2026, 12, 30, 16)
    report = dispatch_at(wita(2026, 12, 30, 14), report, cast)
    # Thu 31, (Fri 1 New Year), (weekend), Mon 4, (Tue 5 Isra Mikraj), Wed 6, Thu 7, Fri 8.
    assert report.due_at == wita(2027, 1, 8, 16)
    explanation = services.explain(clock_of(report, ClockKind.FOLLOW_UP))
    package = holidays.Indonesia(years=2027, categories=("public", "government"), language="id")
    assert skipped(explanation) == {
        dt.date(2027, 1, 1): package[dt.date(2027, 1, 1)], dt.date(2027, 1, 2): "Sabtu",
        dt.date(2027, 1, 3): "Minggu", dt.date(2027, 1, 5): package[dt.date(2027, 1, 5)],
    }


def test_cuti_bersama_decreed_late_for_new_years_eve_shifts_the_january_deadline(cast, file_report):
    report = file_at(wita(2026, 12, 23, 10), file_report, category=cast.city_road)
    CalendarDay.objects.create(date=dt.date(2026, 12, 31), name="Cuti bersama Tahun Baru")
    report = dispatch_at(wita(2026, 12, 30, 14), report, cast)
    # (Thu 31 cuti bersama), (Fri 1), (weekend), Mon 4, (Tue 5), Wed 6, Thu 7, Fri 8, Mon 11.
    assert report.due_at == wita(2027, 1, 11, 16)


# --- timezones ---------------------------------------------------------------------------------


@pytest.mark.parametrize("zone, utc_hour, abbreviation", [("Asia/Makassar", 8, "WITA"), ("Asia/Jakarta", 9, "WIB")])
def test_the_due_moment_is_office_close_in_the_instances_timezone(settings, cast, file_report, zone, utc_hour,
                                                                  abbreviation):
    settings.TIME_ZONE = zone
    # Monday 03:00 UTC: 10:00 in Jakarta, 11:00 in Makassar, the same day in both.
    report = file_at(dt.datetime(2026, 8, 10, 3, tzinfo=dt.UTC), file_report, category=cast.city_road)
    assert report.due_at == dt.datetime(2026, 8, 13, utc_hour, tzinfo=dt.UTC)  # Thursday 16:00 local
    assert report.due_at.astimezone(ZoneInfo(zone)).time() == dt.time(16, 0)
    explanation = services.explain(clock_of(report, ClockKind.VERIFICATION))
    assert explanation["timezone"] == zone
    assert explanation["timezone_abbr"] == abbreviation
    assert explanation["due_local"] == "13-08-2026 16:00"


def test_the_day_of_receipt_is_the_local_day_of_the_instance(settings, cast, file_report):
    moment = dt.datetime(2026, 8, 10, 16, 30, tzinfo=dt.UTC)  # Mon 23:30 in Jakarta, Tue 00:30 in Makassar
    settings.TIME_ZONE = "Asia/Jakarta"
    jakarta = file_at(moment, file_report, category=cast.city_road)
    settings.TIME_ZONE = "Asia/Makassar"
    makassar = file_at(moment, file_report, category=cast.city_road)
    assert jakarta.due_at == dt.datetime(2026, 8, 13, 16, tzinfo=WIB)  # Tue 11, Wed 12, Thu 13
    assert makassar.due_at == dt.datetime(2026, 8, 14, 16, tzinfo=WITA)  # Wed 12, Thu 13, Fri 14


# --- how long a stage took ---------------------------------------------------------------------


def test_working_days_taken_are_counted_like_the_deadline(cast):
    calendar = BusinessCalendar(cast.makassar.pk)
    start = wita(2026, 8, 10, 10)  # Monday; counting starts on Tuesday
    assert calendar.working_days_between(start, wita(2026, 8, 10, 17)) == 0  # same day
    assert calendar.working_days_between(start, wita(2026, 8, 11, 15)) == 0  # before Tuesday's close
    assert calendar.working_days_between(start, wita(2026, 8, 11, 16)) == 1
    due = calendar.explain(start, 3).due
    assert calendar.working_days_between(start, due) == 3  # stopped exactly at due: took its 3 days
    # Across Independence Day: Fri 14 → Wed 19 is Tue 18 and Wed 19.
    assert calendar.working_days_between(wita(2026, 8, 14, 10), wita(2026, 8, 19, 16)) == 2


def test_explaining_with_a_given_calendar_costs_no_calendar_query(cast, file_report, django_assert_num_queries):
    report = file_at(wita(2026, 8, 10, 10), file_report, category=cast.city_road)
    clock = report.clocks.prefetch_related("pauses", "extensions").get()
    calendar = BusinessCalendar(cast.makassar.pk)
    with django_assert_num_queries(0):
        explanation = services.explain(clock, calendar=calendar, now=wita(2026, 8, 11))
    assert explanation["due_at"] == wita(2026, 8, 13, 16)
    assert explanation["running"] and not explanation["overdue"]
    assert services.explain(clock, calendar=calendar, now=wita(2026, 8, 13, 16, 1))["overdue"]
