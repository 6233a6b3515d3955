"""Rollup tables for the dashboards, public statistics, monthly PDFs and the stats API.

Every figure is answered from these tables (plus small indexed queries with LIMIT), never by
scanning reports per page view. They are kept up to date in the transaction of each change
(`rollups.sync_report`, called on every new `ReportEvent`) and can be recomputed from raw data
with set-based SQL (`manage.py rebuild_stats`) and checked (`manage.py verify_stats`).

The dimensions shared by the four rollups (`DIMENSIONS`):
- month: the first day of the month the report was received, in settings.TIME_ZONE;
- jurisdiction_id: the receiving jurisdiction (for stages: the jurisdiction whose clock it was);
- location_id: the regency/city where it happened;
- agency_id: the OPD (0: none; for stages: the OPD whose clock it was);
- category_id: the category (0: none); kind; channel.
`StageStop` is the exception: completed stages keyed by the month they ended (see there).
Ids are plain integers, not foreign keys, with 0 for "none", so the unique key has no NULLs and
`INSERT ... ON CONFLICT ... DO UPDATE` works the same on PostgreSQL and SQLite.

Snapshots (`ReportSnapshot`, `StageSnapshot`) hold what each report currently contributes, so a
change moves exactly the units that changed (old contribution out, new one in).
"""

from django.db import models

DIMENSIONS = ["month", "jurisdiction_id", "location_id", "agency_id", "category_id", "kind", "channel"]


class _Dimensions(models.Model):
    month = models.DateField()
    jurisdiction_id = models.IntegerField()
    location_id = models.IntegerField()
    agency_id = models.IntegerField(default=0)
    category_id = models.IntegerField(default=0)
    kind = models.CharField(max_length=12)
    channel = models.CharField(max_length=12)
    n = models.IntegerField(default=0)

    MEASURES = ["n"]

    class Meta:
        abstract = True


class StateCount(_Dimensions):
    """How many reports of the bucket are now in `state` (their sum is the number received)."""

    state = models.CharField(max_length=12)

    KEY = DIMENSIONS + ["state"]

    class Meta:
        constraints = [models.UniqueConstraint(fields=DIMENSIONS + ["state"], name="stats_state_key")]
        indexes = [
            models.Index(fields=["jurisdiction_id", "month"], name="stats_state_jur_month"),
            models.Index(fields=["agency_id", "month"], name="stats_state_agency_month"),
            models.Index(fields=["category_id", "month"], name="stats_state_category_month",
                         include=["jurisdiction_id", "agency_id", "location_id", "kind", "channel", "state", "n"]),
        ]


class StageCount(_Dimensions):
    """Completed stages (clocks stopped on time or late; cancelled ones are not counted):
    the stage, whether it met its due moment, and how many working days it took (histogram)."""

    stage = models.CharField(max_length=16)
    outcome = models.CharField(max_length=10)
    days = models.IntegerField()

    KEY = DIMENSIONS + ["stage", "outcome", "days"]

    class Meta:
        constraints = [models.UniqueConstraint(fields=DIMENSIONS + ["stage", "outcome", "days"],
                                               name="stats_stage_key")]
        indexes = [
            models.Index(fields=["jurisdiction_id", "month"], name="stats_stage_jur_month"),
            models.Index(fields=["agency_id", "month"], name="stats_stage_agency_month"),
            models.Index(fields=["category_id", "month"], name="stats_stage_category_month",
                         include=["jurisdiction_id", "agency_id", "stage", "outcome", "days", "n"]),
        ]


class RatingCount(_Dimensions):
    """Citizens' ratings (1..5): count, sum and distribution come from here."""

    rating = models.SmallIntegerField()

    KEY = DIMENSIONS + ["rating"]

    class Meta:
        constraints = [models.UniqueConstraint(fields=DIMENSIONS + ["rating"], name="stats_rating_key")]
        indexes = [
            models.Index(fields=["jurisdiction_id", "month"], name="stats_rating_jur_month"),
            models.Index(fields=["agency_id", "month"], name="stats_rating_agency_month"),
            models.Index(fields=["category_id", "month"], name="stats_rating_category_month",
                         include=["jurisdiction_id", "agency_id", "rating", "n"]),
        ]


class GridCount(_Dimensions):
    """Report locations on a coarse grid: latitude/longitude rounded to 0.01° (cells in hundredths)."""

    lat_cell = models.IntegerField()
    lon_cell = models.IntegerField()

    KEY = DIMENSIONS + ["lat_cell", "lon_cell"]

    class Meta:
        constraints = [models.UniqueConstraint(fields=DIMENSIONS + ["lat_cell", "lon_cell"], name="stats_grid_key")]
        indexes = [
            models.Index(fields=["jurisdiction_id", "month"], include=["lat_cell", "lon_cell", "n"],
                         name="stats_grid_jur_month_cells"),
            models.Index(fields=["agency_id", "month"], name="stats_grid_agency_month"),
            models.Index(fields=["category_id", "month"], name="stats_grid_category_month",
                         include=["jurisdiction_id", "agency_id", "lat_cell", "lon_cell", "n"]),
        ]


class StageStop(models.Model):
    """Completed stages by the month they ENDED (the local month of the clock's stop, unlike the rollups
    above, keyed by the month the report was received), the unit whose clock it was, the stage, its
    outcome and the working days it took (histogram). The staff on-time performance page
    (`clocks.selectors.performance`) reads the whole months of its period here."""

    month = models.DateField()
    jurisdiction_id = models.IntegerField()
    agency_id = models.IntegerField(default=0)
    stage = models.CharField(max_length=16)
    outcome = models.CharField(max_length=10)
    days = models.IntegerField()
    n = models.IntegerField(default=0)

    KEY = ["month", "jurisdiction_id", "agency_id", "stage", "outcome", "days"]
    MEASURES = ["n"]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "jurisdiction_id", "agency_id", "stage", "outcome",
                                                       "days"], name="stats_stop_key")]
        indexes = [models.Index(fields=["month", "jurisdiction_id"], include=["agency_id", "stage", "outcome", "days",
                                                                              "n"], name="stats_stop_month")]


# --- coarse rollups for the wide views ----------------------------------------------------------------
#
# Projections of the four rollups keyed by DIMENSIONS above onto fewer dimensions, kept by the same delta mechanism in
# the same statement batch (`rollups.coarse_contributions`), refilled by `rebuild()` with GROUP BY
# over the rollups and checked by `verify()` against a projection of the recomputation. The dashboards
# read them whenever no category filter is set (the only dimension they drop that a filter needs).
# Kept on a figure (docs/performance.md, "Restraint"): without them the province's 12-month dashboard
# read from the fine rollups took p95 728 ms against 264 ms (100,000 reports, loaded machine).

STAGE_MEASURES = ["verification_on_time", "verification_late", "follow_up_on_time", "follow_up_late"]
UNIT_MEASURES = ["received", *STAGE_MEASURES, "rated", "rating_sum"]


class UnitMonth(models.Model):
    """Per month and unit (receiving jurisdiction, OPD): reports received, completed verification and
    follow-up stages on time / late (a stage counted for the unit whose clock it was), ratings and their sum.
    The source of totals, the month series and both rankings."""

    month = models.DateField()
    jurisdiction_id = models.IntegerField()
    agency_id = models.IntegerField(default=0)
    received = models.IntegerField(default=0)
    verification_on_time = models.IntegerField(default=0)
    verification_late = models.IntegerField(default=0)
    follow_up_on_time = models.IntegerField(default=0)
    follow_up_late = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    rating_sum = models.IntegerField(default=0)

    KEY = ["month", "jurisdiction_id", "agency_id"]
    MEASURES = UNIT_MEASURES

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "jurisdiction_id", "agency_id"],
                                               name="stats_unit_key")]
        indexes = [
            models.Index(fields=["jurisdiction_id", "month"], include=UNIT_MEASURES + ["agency_id"],
                         name="stats_unit_jur_month"),
            models.Index(fields=["agency_id", "month"], include=UNIT_MEASURES + ["jurisdiction_id"],
                         name="stats_unit_agency_month"),
        ]


class Facet(models.Model):
    """Per month and receiving jurisdiction, reports by one dimension at a time (`facet`: state, kind,
    channel, category, location, rating; `value` as text, "0" for none)."""

    month = models.DateField()
    jurisdiction_id = models.IntegerField()
    facet = models.CharField(max_length=10)
    value = models.CharField(max_length=16)
    n = models.IntegerField(default=0)

    KEY = ["month", "jurisdiction_id", "facet", "value"]
    MEASURES = ["n"]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "jurisdiction_id", "facet", "value"],
                                               name="stats_facet_key")]
        indexes = [models.Index(fields=["jurisdiction_id", "month"], include=["facet", "value", "n"],
                                name="stats_facet_jur_month")]


class StageDays(models.Model):
    """Per month and jurisdiction whose clock it was: the histogram of working days of completed stages."""

    month = models.DateField()
    jurisdiction_id = models.IntegerField()
    stage = models.CharField(max_length=16)
    days = models.IntegerField()
    n = models.IntegerField(default=0)

    KEY = ["month", "jurisdiction_id", "stage", "days"]
    MEASURES = ["n"]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "jurisdiction_id", "stage", "days"],
                                               name="stats_days_key")]
        indexes = [models.Index(fields=["jurisdiction_id", "month"], include=["stage", "days", "n"],
                                name="stats_days_jur_month")]


AREA_CELL = 5  # GridArea cells are 5 GridCount cells wide: 0.05° (about 5.5 km)


class GridArea(models.Model):
    """The province-wide map: report locations per month and province (reports received by the province
    or a regency/city directly below it, as in the province dashboard) on 0.05° cells, numbered
    floor(GridCount cell / 5); the cell's centre is (5 * cell + 2) / 100 degrees."""

    month = models.DateField()
    province_id = models.IntegerField()
    lat_cell = models.IntegerField()
    lon_cell = models.IntegerField()
    n = models.IntegerField(default=0)

    KEY = ["month", "province_id", "lat_cell", "lon_cell"]
    MEASURES = ["n"]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "province_id", "lat_cell", "lon_cell"],
                                               name="stats_area_key")]
        indexes = [models.Index(fields=["province_id", "month"], include=["lat_cell", "lon_cell", "n"],
                                name="stats_area_province_month")]


class ReportSnapshot(models.Model):
    """What one report contributes to the rollups now; also the index for "oldest open items"."""

    report_id = models.BigIntegerField(primary_key=True)
    month = models.DateField()
    jurisdiction_id = models.IntegerField()
    location_id = models.IntegerField()
    agency_id = models.IntegerField(default=0)
    category_id = models.IntegerField(default=0)
    kind = models.CharField(max_length=12)
    channel = models.CharField(max_length=12)
    state = models.CharField(max_length=12)
    rating = models.SmallIntegerField(default=0)
    lat_cell = models.IntegerField(null=True)
    lon_cell = models.IntegerField(null=True)
    created_at = models.DateTimeField()
    is_open = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(fields=["is_open", "created_at"], name="stats_snap_open"),
            models.Index(fields=["jurisdiction_id", "is_open", "created_at"], name="stats_snap_jur_open"),
            models.Index(fields=["agency_id", "is_open", "created_at"], name="stats_snap_agency_open"),
        ]


class StageSnapshot(models.Model):
    """One completed stage (a stopped clock), when it ended and the working days it took, computed once.
    Also what the staff performance page reads for the part of its period that is not whole months."""

    clock_id = models.BigIntegerField(primary_key=True)
    report_id = models.BigIntegerField(db_index=True)
    stage = models.CharField(max_length=16)
    outcome = models.CharField(max_length=10)
    jurisdiction_id = models.IntegerField()
    agency_id = models.IntegerField(default=0)
    days = models.IntegerField()
    stopped_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["stopped_at"], include=["jurisdiction_id", "agency_id", "stage", "outcome", "days"],
                         name="stats_stagesnap_stopped"),
        ]


class Workday(models.Model):
    """Helper for the set-based recomputation: the working days of each jurisdiction's calendar
    (BusinessCalendar) over the span of the data, numbered; refilled by every rebuild/verify."""

    jurisdiction_id = models.IntegerField()
    ordinal = models.IntegerField()
    day = models.DateField()
    day_start = models.DateTimeField()
    close_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["jurisdiction_id", "close_at", "ordinal"], name="stats_workday_close"),
            models.Index(fields=["jurisdiction_id", "day_start", "ordinal"], name="stats_workday_start"),
        ]


class MonthSpan(models.Model):
    """Helper for the recomputation: each month's bounds in settings.TIME_ZONE."""

    month = models.DateField(primary_key=True)
    start_at = models.DateTimeField(unique=True)
    end_at = models.DateTimeField()
