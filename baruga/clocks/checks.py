"""`manage.py check --deploy`: from October on, a warning until the next year's SKB is loaded.

Without it, the coming year's deadlines are counted over the `holidays` package's estimated
Islamic holidays. The check reads the installation's calendar; where there is no migrated database
to read (a fresh checkout, a build step, CI's `make check`), there is no calendar to judge and it
says nothing.
"""

import os

from django.core.checks import Warning, register
from django.db import DatabaseError, connection
from django.utils import timezone

from baruga.clocks import calendar


@register(deploy=True)
def next_year_decree_loaded(app_configs, **kwargs):
    today = timezone.localdate()
    if today.month < calendar.SKB_REMINDER_MONTH or not _calendar_readable():
        return []
    try:
        status = calendar.calendar_status(today)
    except DatabaseError:
        return []
    if not status.remind:
        return []
    estimates = [f"{day:%d-%m-%Y} {name}" for day, name in status.estimates if day.year == status.next_year]
    return [Warning(
        f"SKB hari libur nasional dan cuti bersama tahun {status.next_year} belum dimuat; batas waktu tahun itu "
        f"dihitung dari daftar paket holidays" + (f", dengan perkiraan: {'; '.join(estimates)}." if estimates else "."),
        hint="Muat SKB-nya di admin (Kalender kerja → Muat SKB dari CSV) atau dengan "
             f"`manage.py load_holiday_decree --year {status.next_year} --reference … BERKAS.csv`.",
        id="clocks.W001",
    )]


def _calendar_readable():
    """A migrated database holds the calendar; never create an empty SQLite file just to look."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        if not os.path.exists(str(settings_dict["NAME"])):
            return False
    try:
        with connection.cursor() as cursor:
            return "clocks_calendarday" in connection.introspection.table_names(cursor)
    except DatabaseError:
        return False
