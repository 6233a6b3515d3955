"""Keeping the rollups (`baruga.stats.models`) up to date, recomputing them, and checking them.

Live: `sync_report(report_id)` runs in the transaction of every change (a `ReportEvent` was
written). It reads the report and its stopped clocks, works out what the report contributes now
(one unit to a state bucket, its rating, its grid cell, its completed stages), compares that with
the snapshot of what it contributed before, and applies only the difference with
``INSERT ... ON CONFLICT (key) DO UPDATE SET n = n + excluded.n`` (PostgreSQL, SQLite ≥ 3.24), keys
sorted so two transactions touching the same buckets take their row locks in the same order.
The report row itself is locked by the action, so one report is never synced twice at once.

Recompute: `rebuild()` empties the rollups and refills them from the raw tables with a handful of
``INSERT ... SELECT ... GROUP BY`` statements (working days per stage through the `Workday` helper
table, months through `MonthSpan`). `verify()` runs the same SELECTs against the raw tables and
returns every difference from the live rollups, changing nothing.
"""

import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone

from baruga.clocks.calendar import BusinessCalendar, calendar_of
from baruga.clocks.models import CalendarDay, Clock, ClockKind
from baruga.complaints.models import Report, State
from baruga.directory.models import Jurisdiction, Level
from baruga.stats.models import (
    AREA_CELL,
    DIMENSIONS,
    Facet,
    GridArea,
    GridCount,
    MonthSpan,
    RatingCount,
    ReportSnapshot,
    StageCount,
    StageDays,
    StageSnapshot,
    StageStop,
    StateCount,
    UnitMonth,
    Workday,
)

# Items staff still have to act on (the reporter's reply after a response is not staff's work).
OPEN_STATES = (State.SUBMITTED, State.NEEDS_INFO, State.VERIFIED, State.DISPATCHED, State.IN_PROGRESS,
               State.DEFERRED)
COUNTED_OUTCOMES = (Clock.Outcome.ON_TIME, Clock.Outcome.LATE)
ROLLUPS = (StateCount, StageCount, RatingCount, GridCount, StageStop)
KEYED_BY_DIMENSIONS = (StateCount, StageCount, RatingCount, GridCount)  # StageStop: by the month a stage ended
COARSE = (UnitMonth, Facet, StageDays, GridArea)  # projections of ROLLUPS (see models), kept alongside them
# (stage, outcome) -> UnitMonth measure
STAGE_MEASURE = {(stage, outcome): f"{stage}_{outcome}" for stage in (ClockKind.VERIFICATION, ClockKind.FOLLOW_UP)
                 for outcome in COUNTED_OUTCOMES}
FACETS = ("state", "kind", "channel", "category", "location", "rating")
_CELL_OFFSET = 10**9  # keeps the integer division on positive numbers, so truncation is floor


def month_of(moment):
    return timezone.localtime(moment).date().replace(day=1)


def grid_cell(value):
    """A coordinate rounded to 0.01° (half up), as an integer number of hundredths; the SQL does the same."""
    if value is None:
        return None
    micro = int((Decimal(value) * 1_000_000).to_integral_value(rounding=ROUND_HALF_UP))
    return (micro + 5000 + _CELL_OFFSET) // 10000 - _CELL_OFFSET // 10000


# --- live ------------------------------------------------------------------------------------------

REPORT_FIELDS = ("id", "created_at", "jurisdiction_id", "location_id", "agency_id", "category_id", "kind", "channel",
                 "state", "rating", "latitude", "longitude")


def _snapshot_from(row):
    lat, lon = grid_cell(row["latitude"]), grid_cell(row["longitude"])
    both = lat is not None and lon is not None
    return ReportSnapshot(
        report_id=row["id"], month=month_of(row["created_at"]), jurisdiction_id=row["jurisdiction_id"],
        location_id=row["location_id"], agency_id=row["agency_id"] or 0, category_id=row["category_id"] or 0,
        kind=row["kind"], channel=row["channel"], state=row["state"], rating=row["rating"] or 0,
        lat_cell=lat if both else None, lon_cell=lon if both else None, created_at=row["created_at"],
        is_open=row["state"] in OPEN_STATES,
    )


def _dims(snap):
    return (snap.month, snap.jurisdiction_id, snap.location_id, snap.agency_id, snap.category_id, snap.kind,
            snap.channel)


def contributions(snap, stages):
    """{(model, key): units} that one report contributes (empty for no snapshot)."""
    result = Counter()
    if snap is None:
        return result
    dims = _dims(snap)
    result[(StateCount, dims + (snap.state,))] += 1
    if snap.rating:
        result[(RatingCount, dims + (snap.rating,))] += 1
    if snap.lat_cell is not None and snap.lon_cell is not None:
        result[(GridCount, dims + (snap.lat_cell, snap.lon_cell))] += 1
    for stage in stages:
        # A stage belongs to the unit whose clock it was; the other dimensions are the report's.
        key = (snap.month, stage.jurisdiction_id, snap.location_id, stage.agency_id, snap.category_id, snap.kind,
               snap.channel, stage.stage, stage.outcome, stage.days)
        result[(StageCount, key)] += 1
        result[(StageStop, (month_of(stage.stopped_at), stage.jurisdiction_id, stage.agency_id, stage.stage,
                            stage.outcome, stage.days))] += 1
    return result


def _adapt(value):
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return connection.ops.adapt_datefield_value(value)
    return value


def provinces_of(jurisdiction_ids=None):
    """{jurisdiction id: id of the province whose dashboard counts it, or None} (see GridArea)."""
    if jurisdiction_ids is not None and not jurisdiction_ids:
        return {}
    rows = Jurisdiction.objects.all() if jurisdiction_ids is None else Jurisdiction.objects.filter(
        pk__in=jurisdiction_ids)
    return {pk: pk if level == Level.PROVINCE else (parent_id if parent_level == Level.PROVINCE else None)
            for pk, level, parent_id, parent_level in rows.values_list("pk", "level", "parent_id", "parent__level")}


def area_cell(cell):
    return (cell + _CELL_OFFSET) // AREA_CELL - _CELL_OFFSET // AREA_CELL


def project(fine, provinces=None):
    """The coarse rollups' {(model, key, measure): n} for fine {(model, key): n} (live path and verify).
    `provinces` ({jurisdiction id: province id}, see `provinces_of`) is looked up when not given; `fine` may
    also be an iterable of ((model, key), n) pairs when `provinces` is given."""
    result = Counter()
    if provinces is None:
        provinces = provinces_of({key[1] for (model, key), n in fine.items() if n and model is GridCount})
    for (model, key), n in (fine.items() if hasattr(fine, "items") else fine):
        if not n or model not in KEYED_BY_DIMENSIONS:
            continue
        month, jurisdiction_id, location_id, agency_id, category_id, kind, channel = key[:7]
        unit = (month, jurisdiction_id, agency_id)
        if model is StateCount:
            result[(UnitMonth, unit, "received")] += n
            for facet, value in (("state", key[7]), ("kind", kind), ("channel", channel),
                                 ("category", category_id), ("location", location_id)):
                result[(Facet, (month, jurisdiction_id, facet, str(value)), "n")] += n
        elif model is RatingCount:
            rating = key[7]
            result[(UnitMonth, unit, "rated")] += n
            result[(UnitMonth, unit, "rating_sum")] += n * rating
            result[(Facet, (month, jurisdiction_id, "rating", str(rating)), "n")] += n
        elif model is StageCount:
            stage, outcome, days = key[7:]
            measure = STAGE_MEASURE.get((stage, outcome))
            if measure:
                result[(UnitMonth, unit, measure)] += n
            result[(StageDays, (month, jurisdiction_id, stage, days), "n")] += n
        elif model is GridCount:
            province_id = provinces.get(jurisdiction_id)
            if province_id:
                result[(GridArea, (month, province_id, area_cell(key[7]), area_cell(key[8])), "n")] += n
    return result


def _rows_by_model(deltas):
    """{model: {key: {measure: n}}} from fine deltas and their projection, zero vectors left out."""
    rows = {}
    for (model, key), n in deltas.items():
        if n:
            rows.setdefault(model, {}).setdefault(key, Counter())["n"] += n
    for (model, key, measure), n in project(deltas).items():
        if n:
            rows.setdefault(model, {}).setdefault(key, Counter())[measure] += n
    return rows


def apply_deltas(deltas):
    """Add `deltas` ({(model, key): n} of the fine rollups) and their projection onto the coarse rollups;
    one statement per table, tables and keys in a fixed order."""
    by_model = _rows_by_model(deltas)
    with connection.cursor() as cursor:
        for model in ROLLUPS + COARSE:
            rows = sorted(((key, vector) for key, vector in by_model.get(model, {}).items() if any(vector.values())),
                          key=lambda item: tuple(str(v) for v in item[0]))
            if not rows:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            columns = [connection.ops.quote_name(model._meta.get_field(c).column) for c in model.KEY]
            measures = [connection.ops.quote_name(m) for m in model.MEASURES]
            placeholders = "(" + ", ".join(["%s"] * (len(columns) + len(measures))) + ")"
            updates = ", ".join(f"{m} = {table}.{m} + excluded.{m}" for m in measures)
            sql = (
                f"INSERT INTO {table} ({', '.join(columns + measures)}) VALUES {', '.join([placeholders] * len(rows))} "
                f"ON CONFLICT ({', '.join(columns)}) DO UPDATE SET {updates}"
            )
            params = [p for key, vector in rows for p in [*map(_adapt, key), *(vector[m] for m in model.MEASURES)]]
            cursor.execute(sql, params)


def _stage_days(clocks, calendars):
    result = []
    for clock in clocks:
        calendar = calendars.get(clock["jurisdiction_id"])
        if calendar is None:
            calendar = calendars[clock["jurisdiction_id"]] = calendar_of(clock["jurisdiction_id"])
        result.append(StageSnapshot(
            clock_id=clock["id"], report_id=clock["report_id"], stage=clock["kind"], outcome=clock["outcome"],
            jurisdiction_id=clock["jurisdiction_id"], agency_id=clock["agency_id"] or 0,
            days=calendar.working_days_between(clock["started_at"], clock["stopped_at"]),
            stopped_at=clock["stopped_at"],
        ))
    return result


def sync_new_report(report):
    """`sync_report` for a report filed in the caller's transaction (`submit_report`): nothing derived
    from it exists yet (no snapshot, no stopped clock), so its whole contribution is added without
    reading anything back. A report with a map point takes the general path (the point's grid cell is
    computed from the stored, rounded coordinates)."""
    if report.latitude is not None or report.longitude is not None:
        return sync_report(report.pk)
    new = _snapshot_from({field: getattr(report, field) for field in REPORT_FIELDS})
    new.save(force_insert=True)
    apply_deltas(contributions(new, []))  # last: the shared rows stay locked until COMMIT


def sync_report(report_id, *, calendars=None):
    """Bring the rollups in line with one report's current data (inside the caller's transaction)."""
    with transaction.atomic(savepoint=False):
        row = Report.objects.filter(pk=report_id).values(*REPORT_FIELDS).first()
        old = ReportSnapshot.objects.select_for_update().filter(pk=report_id).first()
        old_stages = list(StageSnapshot.objects.filter(report_id=report_id))
        new = _snapshot_from(row) if row is not None else None
        stages = list(old_stages) if row is not None else []
        if row is not None:
            known = {s.clock_id for s in old_stages}
            stopped = Clock.objects.filter(
                report_id=report_id, stopped_at__isnull=False, outcome__in=COUNTED_OUTCOMES
            ).exclude(pk__in=known).values("id", "report_id", "kind", "outcome", "jurisdiction_id", "agency_id",
                                           "started_at", "stopped_at")
            added = _stage_days(list(stopped), calendars if calendars is not None else {})
            if added:
                StageSnapshot.objects.bulk_create(added)
                stages += added
        deltas = contributions(new, stages)
        deltas.subtract(contributions(old, old_stages))
        if new is None:
            if old is not None:
                old.delete()
            StageSnapshot.objects.filter(report_id=report_id).delete()
        elif old is None:
            new.save(force_insert=True)
        elif any(getattr(old, f.attname) != getattr(new, f.attname) for f in ReportSnapshot._meta.concrete_fields):
            new.save(force_update=True)
        apply_deltas(deltas)  # last: the shared rows stay locked until COMMIT


def forget_report(report_id):
    """A report is being deleted: take its contributions out."""
    with transaction.atomic():
        old = ReportSnapshot.objects.select_for_update().filter(pk=report_id).first()
        if old is None:
            return
        old_stages = list(StageSnapshot.objects.filter(report_id=report_id))
        deltas = Counter()
        deltas.subtract(contributions(old, old_stages))
        apply_deltas(deltas)
        old.delete()
        StageSnapshot.objects.filter(report_id=report_id).delete()


# --- set-based recomputation -----------------------------------------------------------------------


def _q(name):
    return connection.ops.quote_name(name)


def _table(model):
    return _q(model._meta.db_table)


def _fill_helpers():
    """Refill MonthSpan and Workday for the span of the data (a few thousand rows at most)."""
    MonthSpan.objects.all().delete()
    Workday.objects.all().delete()
    tz = timezone.get_default_timezone()
    reports = Report.objects.order_by()
    clocks = Clock.objects.order_by().filter(stopped_at__isnull=False)
    first = reports.order_by("created_at").values_list("created_at", flat=True).first()
    last = reports.order_by("-created_at").values_list("created_at", flat=True).first()
    start = clocks.order_by("started_at").values_list("started_at", flat=True).first()
    stop = clocks.order_by("-stopped_at").values_list("stopped_at", flat=True).first()
    if first is not None:
        # The months reports were received in and those stages ended in (StageStop).
        month, end = month_of(first), month_of(last)
        if stop is not None:
            month, end = min(month, month_of(start)), max(end, month_of(stop))
        spans = []
        while month <= end:
            following = (month + dt.timedelta(days=32)).replace(day=1)
            spans.append(MonthSpan(month=month, start_at=dt.datetime.combine(month, dt.time.min, tzinfo=tz),
                                   end_at=dt.datetime.combine(following, dt.time.min, tzinfo=tz)))
            month = following
        MonthSpan.objects.bulk_create(spans)
    if start is None:
        return
    first_day = timezone.localtime(start).date() - dt.timedelta(days=1)
    last_day = timezone.localtime(stop).date() + dt.timedelta(days=1)
    entries = list(CalendarDay.objects.all())
    rows = []
    jurisdiction_ids = set(Jurisdiction.objects.values_list("pk", flat=True))
    own = {e.jurisdiction_id for e in entries if e.jurisdiction_id is not None}
    base = None
    for jurisdiction_id in sorted(jurisdiction_ids):
        calendar = BusinessCalendar(jurisdiction_id, entries=entries)
        if jurisdiction_id not in own and base is not None:
            days = base  # the same instance-wide calendar
        else:
            days = []
            day = first_day
            while day <= last_day:
                if calendar.is_working_day(day):
                    days.append((day, dt.datetime.combine(day, dt.time.min, tzinfo=tz), calendar.close(day)))
                day += dt.timedelta(days=1)
            if jurisdiction_id not in own:
                base = days
        rows += [Workday(jurisdiction_id=jurisdiction_id, ordinal=i, day=d, day_start=s, close_at=c)
                 for i, (d, s, c) in enumerate(days, start=1)]
    Workday.objects.bulk_create(rows, batch_size=2000)


def _open_list():
    return ", ".join(f"'{s}'" for s in OPEN_STATES)


def _cell_sql(column):
    # Round the coordinate to whole micro-degrees (exact for DECIMAL(9,6)), then to hundredths half up.
    return (f"(CAST(ROUND(r.{column} * 1000000) AS BIGINT) + {5000 + _CELL_OFFSET}) / 10000"
            f" - {_CELL_OFFSET // 10000}")


def raw_report_sql():
    """One row per report with the snapshot's columns, straight from complaints_report."""
    report, month = _table(Report), _table(MonthSpan)
    both = "r.latitude IS NOT NULL AND r.longitude IS NOT NULL"
    return f"""
        SELECT r.id AS report_id,
               (SELECT m.month FROM {month} m WHERE m.start_at <= r.created_at
                ORDER BY m.start_at DESC LIMIT 1) AS month,
               r.jurisdiction_id, r.location_id, COALESCE(r.agency_id, 0) AS agency_id,
               COALESCE(r.category_id, 0) AS category_id, r.kind, r.channel, r.state,
               COALESCE(r.rating, 0) AS rating,
               CASE WHEN {both} THEN {_cell_sql('latitude')} END AS lat_cell,
               CASE WHEN {both} THEN {_cell_sql('longitude')} END AS lon_cell,
               r.created_at,
               CASE WHEN r.state IN ({_open_list()}) THEN TRUE ELSE FALSE END AS is_open
        FROM {report} r"""


def raw_stage_sql():
    """One row per completed stage, with the working days it took (BusinessCalendar.working_days_between)."""
    clock, workday = _table(Clock), _table(Workday)
    ended = (f"COALESCE((SELECT w.ordinal FROM {workday} w WHERE w.jurisdiction_id = c.jurisdiction_id"
             f" AND w.close_at <= c.stopped_at ORDER BY w.close_at DESC LIMIT 1), 0)")
    began = (f"COALESCE((SELECT w.ordinal FROM {workday} w WHERE w.jurisdiction_id = c.jurisdiction_id"
             f" AND w.day_start <= c.started_at ORDER BY w.day_start DESC LIMIT 1), 0)")
    outcomes = ", ".join(f"'{o}'" for o in COUNTED_OUTCOMES)
    return f"""
        SELECT c.id AS clock_id, c.report_id, c.kind AS stage, c.outcome, c.jurisdiction_id,
               COALESCE(c.agency_id, 0) AS agency_id,
               CASE WHEN c.stopped_at > c.started_at AND {ended} > {began} THEN {ended} - {began} ELSE 0 END AS days,
               c.stopped_at
        FROM {clock} c
        WHERE c.stopped_at IS NOT NULL AND c.outcome IN ({outcomes})"""


def _dims_sql(alias="s"):
    return ", ".join(f"{alias}.{c}" for c in DIMENSIONS)


def rollup_selects(report_source, stage_source):
    """{model: SELECT producing (key..., n)} over the given per-report and per-stage sources."""
    dims = _dims_sql("s")
    stage_dims = ("s.month, st.jurisdiction_id, s.location_id, st.agency_id, s.category_id, s.kind, s.channel, "
                  "st.stage, st.outcome, st.days")
    stop_dims = "x.month, x.jurisdiction_id, x.agency_id, x.stage, x.outcome, x.days"
    stop_month = (f"(SELECT m.month FROM {_table(MonthSpan)} m WHERE m.start_at <= st.stopped_at "
                  f"ORDER BY m.start_at DESC LIMIT 1)")
    return {
        StateCount: f"SELECT {dims}, s.state, COUNT(*) AS n FROM {report_source} s GROUP BY {dims}, s.state",
        RatingCount: (f"SELECT {dims}, s.rating, COUNT(*) AS n FROM {report_source} s WHERE s.rating > 0 "
                      f"GROUP BY {dims}, s.rating"),
        GridCount: (f"SELECT {dims}, s.lat_cell, s.lon_cell, COUNT(*) AS n FROM {report_source} s "
                    f"WHERE s.lat_cell IS NOT NULL GROUP BY {dims}, s.lat_cell, s.lon_cell"),
        StageCount: (f"SELECT {stage_dims}, COUNT(*) AS n FROM {stage_source} st "
                     f"JOIN {report_source} s ON s.report_id = st.report_id GROUP BY {stage_dims}"),
        StageStop: (f"SELECT {stop_dims}, COUNT(*) AS n FROM (SELECT {stop_month} AS month, st.jurisdiction_id, "
                    f"st.agency_id, st.stage, st.outcome, st.days FROM {stage_source} st) x GROUP BY {stop_dims}"),
    }


def coarse_selects():
    """{model: SELECT producing (key..., measures...)}: the coarse rollups as GROUP BY over the fine ones
    (the SQL twin of `project`, used by `rebuild`)."""
    state, rating, stage = _table(StateCount), _table(RatingCount), _table(StageCount)
    text = "VARCHAR(16)"
    facet_parts = [f"SELECT month, jurisdiction_id, '{facet}' AS facet, {value} AS value, n FROM {state}"
                   for facet, value in (("state", "state"), ("kind", "kind"), ("channel", "channel"),
                                        ("category", f"CAST(category_id AS {text})"),
                                        ("location", f"CAST(location_id AS {text})"))]
    facet_parts.append(f"SELECT month, jurisdiction_id, 'rating', CAST(rating AS {text}), n FROM {rating}")
    measures = UnitMonth.MEASURES
    zero = {m: "0" for m in measures}

    def unit_part(source, values, where=""):
        cols = ", ".join(f"{values.get(m, zero[m])} AS {m}" for m in measures)
        return f"SELECT month, jurisdiction_id, agency_id, {cols} FROM {source}{where}"

    stage_values = {measure: f"CASE WHEN stage = '{st}' AND outcome = '{outcome}' THEN n ELSE 0 END"
                    for (st, outcome), measure in STAGE_MEASURE.items()}
    stages = ", ".join(f"'{st}'" for st in {st for st, _o in STAGE_MEASURE})
    unit_parts = [unit_part(state, {"received": "n"}),
                  unit_part(stage, stage_values, f" WHERE stage IN ({stages})"),
                  unit_part(rating, {"rated": "n", "rating_sum": "n * rating"})]
    sums = ", ".join(f"SUM({m})" for m in measures)
    return {
        UnitMonth: (f"SELECT month, jurisdiction_id, agency_id, {sums} FROM ({' UNION ALL '.join(unit_parts)}) u "
                    f"GROUP BY month, jurisdiction_id, agency_id"),
        Facet: (f"SELECT month, jurisdiction_id, facet, value, SUM(n) FROM ({' UNION ALL '.join(facet_parts)}) f "
                f"GROUP BY month, jurisdiction_id, facet, value HAVING SUM(n) <> 0"),
        StageDays: (f"SELECT month, jurisdiction_id, stage, days, SUM(n) FROM {stage} "
                    f"GROUP BY month, jurisdiction_id, stage, days HAVING SUM(n) <> 0"),
        GridArea: _grid_area_select(),
    }


def _grid_area_select():
    grid, jurisdiction = _table(GridCount), _table(Jurisdiction)
    cell = "(g.{0} + %d) / %d - %d" % (_CELL_OFFSET, AREA_CELL, _CELL_OFFSET // AREA_CELL)
    lat, lon = cell.format("lat_cell"), cell.format("lon_cell")
    return (f"SELECT g.month, CASE WHEN j.level = '{Level.PROVINCE}' THEN j.id ELSE p.id END AS province_id, "
            f"{lat} AS lat_area, {lon} AS lon_area, SUM(g.n) FROM {grid} g "
            f"JOIN {jurisdiction} j ON j.id = g.jurisdiction_id "
            f"LEFT JOIN {jurisdiction} p ON p.id = j.parent_id AND p.level = '{Level.PROVINCE}' "
            f"WHERE j.level = '{Level.PROVINCE}' OR p.id IS NOT NULL "
            f"GROUP BY g.month, CASE WHEN j.level = '{Level.PROVINCE}' THEN j.id ELSE p.id END, {lat}, {lon} "
            f"HAVING SUM(g.n) <> 0")


def fill_coarse_from_fine(conn, models=COARSE):
    """Empty the coarse rollups `models` and refill them from the fine ones (set-based)."""
    _empty(models)
    selects = coarse_selects()
    with conn.cursor() as cursor:
        for model in models:
            cursor.execute(f"INSERT INTO {_table(model)} ({_columns(model, model.KEY + model.MEASURES)}) "
                           f"{selects[model]}")


def _columns(model, names):
    return ", ".join(_q(model._meta.get_field(n).column) for n in names)


SNAPSHOT_COLUMNS = ["report_id", "month", "jurisdiction_id", "location_id", "agency_id", "category_id", "kind",
                    "channel", "state", "rating", "lat_cell", "lon_cell", "created_at", "is_open"]
STAGE_COLUMNS = ["clock_id", "report_id", "stage", "outcome", "jurisdiction_id", "agency_id", "days", "stopped_at"]


def _empty(models):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE " + ", ".join(_table(m) for m in models))
        else:
            for model in models:
                cursor.execute(f"DELETE FROM {_table(model)}")


@transaction.atomic
def rebuild():
    """Recompute every rollup from the raw tables. Returns {table: rows}.

    Takes a lock on the report table for its duration (PostgreSQL: SHARE mode, which lets readers
    in but holds writers back), so no change slips between the recomputation and the live path.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {_table(Report)} IN SHARE MODE")
    _fill_helpers()
    _empty([ReportSnapshot, StageSnapshot, *ROLLUPS, *COARSE])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {_table(ReportSnapshot)} ({_columns(ReportSnapshot, SNAPSHOT_COLUMNS)}) "
                       f"{raw_report_sql()}")
        cursor.execute(f"INSERT INTO {_table(StageSnapshot)} ({_columns(StageSnapshot, STAGE_COLUMNS)}) "
                       f"{raw_stage_sql()}")
        selects = rollup_selects(_table(ReportSnapshot), _table(StageSnapshot))
        for model in ROLLUPS:
            cursor.execute(f"INSERT INTO {_table(model)} ({_columns(model, model.KEY)}, n) {selects[model]}")
    fill_coarse_from_fine(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(_table(m) for m in (ReportSnapshot, StageSnapshot, *ROLLUPS,
                                                                       *COARSE)))
    return {m._meta.db_table: m.objects.count() for m in (ReportSnapshot, StageSnapshot, *ROLLUPS, *COARSE)}


def vacuum():
    """PostgreSQL, after a rebuild has committed: VACUUM the refilled tables, so their covering indexes answer
    from the index alone (index-only scans need the visibility map, which only VACUUM sets) without waiting
    for autovacuum. A no-op elsewhere and inside a transaction (VACUUM cannot run in one)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        for model in (ReportSnapshot, StageSnapshot, *ROLLUPS, *COARSE):
            cursor.execute(f"VACUUM {_table(model)}")
    return True


def _normalise(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        return dt.date.fromisoformat(value)
    return value


def _read(cursor, sql, measures=1):
    """{key: n} (one measure) or {key: (measures...)} of the rows of `sql`, rows of zeros left out."""
    cursor.execute(sql)
    result = {}
    for row in cursor.fetchall():
        key, values = tuple(_normalise(v) for v in row[:-measures]), tuple(row[-measures:])
        if any(values):
            result[key] = values[0] if measures == 1 else values
    return result


def _compare(model, expected, live, differences, measure=None):
    for key in sorted(set(expected) | set(live), key=lambda k: tuple(str(v) for v in k)):
        if expected.get(key, 0) != live.get(key, 0):
            described = dict(zip(model.KEY, key))
            if measure:
                described["measure"] = measure
            differences.append((model._meta.db_table, described, live.get(key, 0), expected.get(key, 0)))


def verify():
    """Every difference between the live rollups and a recomputation from raw data; changes nothing.

    The coarse rollups are compared with the projection (`project`) of the recomputed fine ones.
    Returns a list of (table, key dict, live n, recomputed n).
    """
    differences = []
    with transaction.atomic():
        _fill_helpers()  # rolled back below
        selects = rollup_selects(f"({raw_report_sql()})", f"({raw_stage_sql()})")
        projected, provinces = Counter(), provinces_of()
        with connection.cursor() as cursor:
            for model in ROLLUPS:
                expected = _read(cursor, selects[model])
                live = _read(cursor, f"SELECT {_columns(model, model.KEY)}, n FROM {_table(model)}")
                _compare(model, expected, live, differences)
                del live
                projected.update(project((((model, key), n) for key, n in expected.items()), provinces))
                del expected
            for model in COARSE:
                rows = _read(cursor, f"SELECT {_columns(model, model.KEY + model.MEASURES)} FROM {_table(model)}",
                             measures=len(model.MEASURES))
                for index, measure in enumerate(model.MEASURES):
                    live = {key: values[index] if len(model.MEASURES) > 1 else values
                            for key, values in rows.items()}
                    live = {k: v for k, v in live.items() if v}
                    expected = {key: n for (m, key, meas), n in projected.items() if m is model and meas == measure
                                and n}
                    _compare(model, expected, live, differences,
                             measure if len(model.MEASURES) > 1 else None)
        transaction.set_rollback(True)
    return differences
