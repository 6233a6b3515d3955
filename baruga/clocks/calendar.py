"""The business calendar: working days and the deadlines counted in them.

Working days are Monday–Friday in the instance's timezone, minus Indonesian national
holidays and cuti bersama known to the `holidays` package. Counting starts on the working
day after receipt; a deadline falls at office close of the last working day.
"""

import datetime as dt
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _


@lru_cache(maxsize=32)
def _national_holidays(year):
    return holidays.Indonesia(years=year, categories=("public", "government"), language="id")


def holiday_name(day):
    return _national_holidays(day.year).get(day)


def is_working_day(day):
    return day.weekday() < 5 and holiday_name(day) is None


def office_close(day):
    hour, minute = (int(part) for part in getattr(settings, "OFFICE_CLOSES_AT", "16:00").split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def add_working_days(start, days):
    """The due moment `days` working days after the moment `start` (an aware datetime).

    Returns (due, skipped) where skipped lists the non-working days passed over, so a
    deadline can explain itself.
    """
    day = timezone.localtime(start).date()
    skipped = []
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
        else:
            skipped.append((day, holiday_name(day) or (_("Sabtu") if day.weekday() == 5 else _("Minggu"))))
    return office_close(day), skipped
