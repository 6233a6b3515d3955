"""The business calendar: working days and the deadlines counted in them.

Working days are Monday–Friday in the instance's timezone (`TIME_ZONE`), minus Indonesian
national holidays and cuti bersama known to the `holidays` package, corrected by the
administrator's `CalendarDay` entries (cuti bersama decreed later, regional holidays, days that
are working days after all). Counting starts on the working day after the clock starts; a
deadline falls at office close (`OFFICE_CLOSES_AT`, default 16:00) of its last working day.
A day counts towards a clock only if the clock is running at that day's office close, so a
pause of any length removes exactly the working days whose close it covers.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baruga.clocks.models import CalendarDay


@lru_cache(maxsize=64)
def _national_holidays(year):
    return holidays.Indonesia(years=year, categories=("public", "government"), language="id")


def national_holidays(year):
    """{date: name} of the national holidays and cuti bersama the `holidays` package knows for `year`."""
    return dict(_national_holidays(year))


def holiday_name(day):
    return _national_holidays(day.year).get(day)


def office_close_time():
    hour, minute = (int(part) for part in getattr(settings, "OFFICE_CLOSES_AT", "16:00").split(":"))
    return dt.time(hour, minute)


@dataclass
class Explanation:
    """How a due moment was computed, for the report page and the API."""

    start: dt.datetime
    working_days: int
    due: dt.datetime | None
    counted: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (date, reason)
    remaining: int = 0  # working days still to count when the clock is paused
    paused: list = field(default_factory=list)  # the skipped working days a pause covered

    def skipped_phrase(self):
        """The skipped days as a person says them: "tidak termasuk 2 hari akhir pekan dan 1 hari libur",
        leaving out the kinds that did not occur; "" when nothing was skipped."""
        paused = set(self.paused)
        weekend = sum(1 for d, _reason in self.skipped if d not in paused and d.weekday() >= 5)
        pause = len(paused)
        holiday = len(self.skipped) - weekend - pause
        parts = [text % {"n": n} for n, text in (
            (weekend, ngettext("%(n)d hari akhir pekan", "%(n)d hari akhir pekan", weekend)),
            (holiday, ngettext("%(n)d hari libur", "%(n)d hari libur", holiday)),
            (pause, ngettext("%(n)d hari jeda", "%(n)d hari jeda", pause)),
        ) if n]
        if not parts:
            return ""
        listed = parts[0] if len(parts) == 1 else _("%(list)s dan %(last)s") % {
            "list": ", ".join(parts[:-1]), "last": parts[-1]}
        return _("tidak termasuk %(days)s") % {"days": listed}

    def as_dict(self):
        return {
            "start": self.start, "working_days": self.working_days, "due": self.due,
            "counted_days": [d.isoformat() for d in self.counted],
            "skipped_days": [{"date": d.isoformat(), "reason": reason} for d, reason in self.skipped],
            "remaining_working_days": self.remaining,
        }


class BusinessCalendar:
    """The calendar of one jurisdiction (instance-wide entries plus its own)."""

    def __init__(self, jurisdiction_id=None, *, entries=None):
        """`entries` (CalendarDay rows, already fetched) spares the query; see `calendars_for`."""
        if entries is None:
            entries = CalendarDay.objects.filter(Q(jurisdiction__isnull=True) | Q(jurisdiction_id=jurisdiction_id))
        # Instance-wide entries first, so a jurisdiction's own entry for the same date wins. Sorted here:
        # PostgreSQL puts NULLs last in ascending order, SQLite first.
        entries = sorted(
            (e for e in entries if e.jurisdiction_id in (None, jurisdiction_id)),
            key=lambda e: e.jurisdiction_id is not None,
        )
        self.overrides = {entry.date: entry for entry in entries}
        self.tz = timezone.get_default_timezone()

    def reason_closed(self, day):
        """Why `day` is not a working day, or None if it is one."""
        entry = self.overrides.get(day)
        if entry is not None:
            return None if entry.kind == "workday" else entry.name
        if day.weekday() == 5:
            return _("Sabtu")
        if day.weekday() == 6:
            return _("Minggu")
        return holiday_name(day)

    def is_working_day(self, day):
        return self.reason_closed(day) is None

    def close(self, day):
        return dt.datetime.combine(day, office_close_time(), tzinfo=self.tz)

    def local_date(self, moment):
        return moment.astimezone(self.tz).date()

    def explain(self, start, working_days, pauses=()):
        """Count `working_days` from the day after `start`, skipping closed days and paused closes.

        `pauses` is a list of (started_at, ended_at or None[, label]). An open pause that covers the
        next close leaves the due moment unknown: `due` is None and `remaining` says what is left.
        """
        day = self.local_date(start)
        result = Explanation(start=start, working_days=working_days, due=None)
        counted = 0
        limit = 3660  # ten years of days: a misconfiguration must never loop forever
        while counted < working_days and limit:
            limit -= 1
            day += dt.timedelta(days=1)
            reason = self.reason_closed(day)
            if reason:
                result.skipped.append((day, reason))
                continue
            close = self.close(day)
            pause = next((p for p in pauses if p[0] <= close and (p[1] is None or close < p[1])), None)
            if pause is not None:
                if pause[1] is None:
                    result.remaining = working_days - counted
                    return result
                result.skipped.append((day, pause[2] if len(pause) > 2 else _("Jeda")))
                result.paused.append(day)
                continue
            counted += 1
            result.counted.append(day)
        result.due = self.close(day)
        return result

    def working_days_between(self, start, end):
        """How long a stage took, counted like its deadline: working days after the day of `start`
        whose office close is at or before `end`. A clock stopped exactly at its due moment took
        exactly its working days; one stopped on the day it started took none."""
        if end <= start:
            return 0
        day, last = self.local_date(start) + dt.timedelta(days=1), self.local_date(end)
        total = 0
        while day <= last:
            if self.is_working_day(day) and self.close(day) <= end:
                total += 1
            day += dt.timedelta(days=1)
        return total


def calendar_of(jurisdiction_id=None):
    """The BusinessCalendar of a jurisdiction (one query for the calendar entries)."""
    return calendars_for([jurisdiction_id])[jurisdiction_id]


def calendars_for(jurisdiction_ids):
    """One BusinessCalendar per jurisdiction (pages showing many at once): one query."""
    entries = list(CalendarDay.objects.all())
    return {jid: BusinessCalendar(jid, entries=entries) for jid in set(jurisdiction_ids)}


def add_working_days(start, days, jurisdiction_id=None):
    """The due moment `days` working days after `start`, and the days skipped on the way."""
    explanation = calendar_of(jurisdiction_id).explain(start, days)
    return explanation.due, explanation.skipped


def is_working_day(day, jurisdiction_id=None):
    return calendar_of(jurisdiction_id).is_working_day(day)


def office_close(day):
    return dt.datetime.combine(day, office_close_time(), tzinfo=timezone.get_default_timezone())


# --- Estimates and the yearly SKB -------------------------------------------------------------------
#
# The official list of national holidays and cuti bersama is the yearly joint decree (SKB) of three
# ministers. The `holidays` package knows it for past years; for a coming year it computes the Islamic
# holidays (Idul Fitri, Idul Adha, …) from an astronomical estimate and marks them "(perkiraan)". A
# deadline counted over an estimated day is wrong by a day when the SKB decides otherwise, so the
# administrator loads each year's SKB (`services.load_holiday_decree`) and is reminded until it is in.

ESTIMATE_MARK = "perkiraan"  # the package's label for estimated dates in Indonesian
SKB_REMINDER_MONTH = 10  # the SKB for the next year is usually signed in September or October
NOTICE_DAYS = 90  # the staff inbox names estimated days this close: clocks run at most 60 days


@dataclass
class Decree:
    """What is known of a year's SKB in the calendar: its reference and how many days it lists."""

    year: int
    reference: str
    holidays: int
    collective_leave: int


@dataclass
class CalendarStatus:
    today: dt.date
    estimates: list  # (date, name) of coming days that are still the package's estimate
    decrees: dict  # year -> Decree, for this year and the next
    next_year: int

    @property
    def next_year_missing(self):
        return self.next_year not in self.decrees

    @property
    def remind(self):
        """From October on, the next year's SKB is due: say so until it is loaded."""
        return self.next_year_missing and self.today.month >= SKB_REMINDER_MONTH

    def estimates_within(self, days):
        last = self.today + dt.timedelta(days=days)
        return [(day, name) for day, name in self.estimates if day <= last]


def decrees_in(entries, years):
    """The SKB loaded for each of `years`, read from the instance-wide calendar entries."""
    found = {}
    for entry in entries:
        if entry.jurisdiction_id is not None or not entry.decree or entry.date.year not in years:
            continue
        decree = found.setdefault(entry.date.year, Decree(entry.date.year, entry.decree, 0, 0))
        if entry.kind == CalendarDay.Kind.COLLECTIVE_LEAVE:
            decree.collective_leave += 1
        elif entry.kind == CalendarDay.Kind.HOLIDAY:
            decree.holidays += 1
    return found


def estimated_days(start, end, overrides):
    """Days from `start` to `end` the package marks as estimated and no instance-wide entry settles."""
    days = []
    for year in range(start.year, end.year + 1):
        for day, name in sorted(_national_holidays(year).items()):
            if start <= day <= end and ESTIMATE_MARK in name.lower() and day not in overrides:
                days.append((day, name))
    return days


def calendar_status(today=None):
    """Which coming days (to the end of next year) are estimates, and which SKB are loaded.

    Reads the instance-wide calendar (one query).
    """
    today = today or timezone.localdate()
    instance = calendar_of(None)
    entries = list(instance.overrides.values())
    settled = {day for day, entry in instance.overrides.items() if entry.jurisdiction_id is None}
    years = {today.year, today.year + 1}
    return CalendarStatus(
        today=today,
        estimates=estimated_days(today, dt.date(today.year + 1, 12, 31), settled),
        decrees=decrees_in(entries, years),
        next_year=today.year + 1,
    )
