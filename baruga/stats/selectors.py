"""Reads for the dashboards, public statistics, monthly PDFs and the stats API.

Everything is answered from the rollups in `baruga.stats.models` (a fixed number of GROUP BY
queries over rollup rows, whatever the number of reports) plus one indexed query with LIMIT for the
oldest open items. Who may see which dashboard is decided here (`can_open`, `dashboards_for`) from
the memberships (`accounts.staff.memberships`) and `complaints.permissions`.
"""

import datetime as dt
import heapq
import operator
from array import array
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from baruga.accounts.models import Role
from baruga.accounts.staff import memberships
from baruga.clocks.models import Clock, ClockKind
from baruga.complaints import permissions
from baruga.complaints.models import Channel, Kind, Report, State
from baruga.complaints.selectors import STAFF_CLOCK_STATES
from baruga.complaints.workflow import OPEN_STATES
from baruga.directory.models import Agency, Category, Jurisdiction, Level
from baruga.stats import figcache
from baruga.stats.models import (
    AREA_CELL,
    UNIT_MEASURES,
    Facet,
    GridArea,
    GridCount,
    RatingCount,
    ReportSnapshot,
    StageCount,
    StageDays,
    StateCount,
    UnitMonth,
)

OPD, REGION, PROVINCE = "opd", "wilayah", "provinsi"
SCOPE_LABELS = {OPD: _lazy("OPD"), REGION: _lazy("Wilayah"), PROVINCE: _lazy("Provinsi")}
STAGES = (ClockKind.VERIFICATION, ClockKind.FOLLOW_UP)
OLDEST_LIMIT = 10
MAP_CELLS_LIMIT = 2000
MAX_MONTHS = 120
RANK_ORDERS = {
    "tepat-waktu": _lazy("Ketepatan waktu"),
    "volume": _lazy("Jumlah laporan"),
    "kepuasan": _lazy("Kepuasan"),
}


class FilterError(ValueError):
    """Bad filter input; `messages` is {field: message in Bahasa Indonesia}."""

    def __init__(self, messages):
        super().__init__("; ".join(messages.values()))
        self.messages = messages


# --- scopes ------------------------------------------------------------------------------------------


@dataclass
class Scope:
    kind: str
    obj: object  # Agency or Jurisdiction
    jurisdiction_ids: set = field(default_factory=set)  # receiving jurisdictions counted
    agency_id: int | None = None
    children: list = field(default_factory=list)  # the regencies/cities of a province scope

    @property
    def title(self):
        if self.kind == OPD:
            return f"{self.obj.name} ({self.obj.jurisdiction.name})"
        if self.kind == PROVINCE:
            return _("%(name)s beserta kabupaten/kota") % {"name": self.obj.name}
        return self.obj.name

    @property
    def key(self):
        return self.obj.pk if self.kind == OPD else self.obj.code


def scope_for(kind, key):
    """The scope named in a URL, or None if there is no such unit."""
    if kind == OPD:
        try:
            agency = Agency.objects.select_related("jurisdiction").get(pk=int(key))
        except (Agency.DoesNotExist, TypeError, ValueError):
            return None
        return Scope(OPD, agency, {agency.jurisdiction_id}, agency.pk)
    jurisdiction = Jurisdiction.objects.filter(code=str(key)).first()
    if jurisdiction is None:
        return None
    if kind == REGION:
        return Scope(REGION, jurisdiction, {jurisdiction.pk})
    if kind == PROVINCE and jurisdiction.level == Level.PROVINCE:
        children = list(Jurisdiction.objects.filter(parent=jurisdiction).order_by("code"))
        return Scope(PROVINCE, jurisdiction, {jurisdiction.pk, *(c.pk for c in children)}, children=children)
    return None


def _roles(user):
    return [(m.role, m.jurisdiction_id, m.agency_id) for m in memberships(user)]


def can_open(user, scope):
    """Who sees which dashboard: an OPD's own staff, and the admin/leader of its jurisdiction (or
    the province's leader); a jurisdiction's admin and leader, and the province's admin and leader
    (the province-wide view already shows every regency/city's figures to both); the province-wide
    view for the province's admin and leader. Figures are aggregates; the oldest open items list only
    reports the user may open (`complaints.permissions.visible_reports`: the province admin's are the
    province's own)."""
    roles = _roles(user)
    admin = {j for r, j, _a in roles if r == Role.ADMIN}
    leader = {j for r, j, _a in roles if r == Role.LEADER}
    if scope.kind == OPD:
        agency = scope.obj
        if any(r in (Role.SUBADMIN, Role.HEAD) and a == agency.pk for r, _j, a in roles):
            return True
        jurisdiction = agency.jurisdiction
        return jurisdiction.pk in admin or bool(leader & {jurisdiction.pk, jurisdiction.parent_id})
    if scope.kind == REGION:
        jurisdiction = scope.obj
        return bool((admin | leader) & {jurisdiction.pk, jurisdiction.parent_id})
    return scope.obj.pk in admin or scope.obj.pk in leader


def dashboards_for(user):
    """[(kind, key, title)] of every dashboard `user` may open, for the index page."""
    roles = _roles(user)
    result = []
    jurisdiction_ids = {j for r, j, _a in roles if r in (Role.ADMIN, Role.LEADER)}
    jurisdictions = list(Jurisdiction.objects.filter(Q(pk__in=jurisdiction_ids) | Q(parent_id__in=jurisdiction_ids))
                         .order_by("code"))
    for j in jurisdictions:
        if j.level == Level.PROVINCE and j.pk in jurisdiction_ids:
            result.append((PROVINCE, j.code, _("%(name)s beserta kabupaten/kota") % {"name": j.name}))
        result.append((REGION, j.code, j.name))
    agency_ids = {a for r, _j, a in roles if r in (Role.SUBADMIN, Role.HEAD)}
    for agency in Agency.objects.filter(pk__in=agency_ids).select_related("jurisdiction").order_by("name"):
        result.append((OPD, agency.pk, f"{agency.name} ({agency.jurisdiction.name})"))
    return result


def visible_jurisdictions(user):
    """Receiving jurisdictions whose reports `user` may open (for links to oldest open items)."""
    leader = permissions.leader_jurisdiction_ids(user)
    ids = set(permissions.admin_jurisdiction_ids(user)) | set(leader)
    if leader:
        ids |= set(Jurisdiction.objects.filter(parent_id__in=leader).values_list("pk", flat=True))
    return ids


# --- filters -----------------------------------------------------------------------------------------


@dataclass
class Filters:
    since: dt.date  # first day of the first month
    until: dt.date  # first day of the last month
    category: Category | None = None
    agency: Agency | None = None
    region: Jurisdiction | None = None
    order: str = "tepat-waktu"
    category_ids: list = field(default_factory=list)

    def months(self):
        month, result = self.since, []
        while month <= self.until:
            result.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return result

    def as_query(self):
        query = {"since": self.since.strftime("%Y-%m"), "until": self.until.strftime("%Y-%m")}
        if self.category:
            query["category"] = self.category.pk
        if self.agency:
            query["agency"] = self.agency.pk
        if self.region:
            query["region"] = self.region.code
        return query


def _month(value, field_name, label):
    value = (value or "").strip()
    try:
        parsed = dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise FilterError({field_name: _("%(label)s tidak sah; gunakan format TTTT-BB (mis. 2026-01).")
                           % {"label": label}}) from None
    if not 2000 <= parsed.year <= 2100:
        raise FilterError({field_name: _("%(label)s harus antara tahun 2000 dan 2100.") % {"label": label}})
    return parsed


def default_period(today=None):
    """The last 12 months, this one included."""
    today = today or timezone.localdate()
    until = today.replace(day=1)
    since = (until.replace(year=until.year - 1) + dt.timedelta(days=32)).replace(day=1)
    return since, until


def parse_filters(params, scope):
    """Filters from GET parameters (`since`, `until` as YYYY-MM; `category` id; `agency` id;
    `region` code; `order`). Raises FilterError with a message per bad field; nothing silently ignored."""
    since, until = default_period()
    errors = {}
    result = Filters(since=since, until=until)
    for name, label in (("since", _("Bulan awal")), ("until", _("Bulan akhir"))):
        if params.get(name):
            try:
                setattr(result, name, _month(params.get(name), name, label))
            except FilterError as exc:
                errors.update(exc.messages)
    if not errors and result.since > result.until:
        errors["until"] = _("Bulan akhir tidak boleh sebelum bulan awal.")
    if not errors and len(result.months()) > MAX_MONTHS:
        errors["since"] = _("Periode paling panjang %(n)d bulan.") % {"n": MAX_MONTHS}
    if params.get("category"):
        category = _by_id(Category.objects.all(), params.get("category"))
        if category is None:
            errors["category"] = _("Kategori tidak dikenal.")
        else:
            result.category = category
            result.category_ids = category_subtree(category)
    if params.get("agency"):
        agency = _by_id(agency_choices(scope), params.get("agency"))
        if agency is None:
            errors["agency"] = _("OPD tidak dikenal atau di luar lingkup dasbor ini.")
        result.agency = agency
    if params.get("region"):
        region = next((j for j in region_choices(scope) if j.code == str(params.get("region")).strip()), None)
        if region is None:
            errors["region"] = _("Kabupaten/kota tidak dikenal atau di luar lingkup dasbor ini.")
        result.region = region
    order = params.get("order") or "tepat-waktu"
    if order not in RANK_ORDERS:
        errors["order"] = _("Urutan peringkat tidak dikenal.")
    result.order = order
    if errors:
        raise FilterError(errors)
    return result


def _by_id(queryset, value):
    try:
        return queryset.filter(pk=int(str(value).strip())).first()
    except (TypeError, ValueError):
        return None


def category_subtree(category):
    ids, frontier = [category.pk], [category.pk]
    while frontier:
        frontier = list(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def agency_choices(scope):
    if scope.kind == OPD:
        return Agency.objects.none()
    return Agency.objects.filter(jurisdiction_id__in=scope.jurisdiction_ids).order_by("jurisdiction__code", "name")


def region_choices(scope):
    return list(scope.children) if scope.kind == PROVINCE else []


# --- figures -----------------------------------------------------------------------------------------


def _agency_id(scope, filters):
    return scope.agency_id or (filters.agency.pk if filters.agency else None)


def share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def median_from_histogram(histogram):
    """The median of a {days: count} histogram, exact (the mean of the two middle values when even)."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]
    values, seen = [], 0
    for days in sorted(histogram):
        count = histogram[days]
        for index in wanted:
            if seen <= index < seen + count:
                values.append(days)
        seen += count
    result = (values[0] + values[1]) / 2
    return int(result) if result == int(result) else result


def _labels(model, ids):
    ids = {i for i in ids if i}
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


# --- reading the rollups -------------------------------------------------------------------------------
#
# Without a category filter the figures come from the coarse rollups (UnitMonth, Facet, StageDays, GridArea:
# a few rows per month and unit); with one, from the fine rollups, which carry the category. Both give the
# same numbers (both are exact projections of the same data; see rollups.verify).
#
# Every figure is a sum over the months of the period. Each month is read as a `_Part` (for all the months
# not at hand together: one GROUP BY per figure, the month among the grouped columns), kept in the worker
# process under the month's version (`figcache`: a month's figures change whenever one of its reports
# does), and the parts of the period are merged in Python. A dashboard viewed again costs the merge (kept
# too, while none of its months changes) and the parts of the months that changed since.

FACETS = ("state", "kind", "channel", "category", "location", "rating")
FINE_FACETS = {"state": "state", "kind": "kind", "channel": "channel", "category": "category_id",
               "location": "location_id"}  # facet -> column of the fine rollups (rating: RatingCount)
_INT_FACETS = ("category", "location", "rating")  # Facet.value holds them as text
_MEASURE_INDEX = {m: i for i, m in enumerate(UNIT_MEASURES)}
_ZERO = (0,) * len(UNIT_MEASURES)
_CELL_BIAS, _CELL_BITS = 1 << 20, 21  # a map cell (lat, lon) as one integer that sorts as (lat, lon) does


def _pack(lat, lon):
    return ((lat + _CELL_BIAS) << _CELL_BITS) | (lon + _CELL_BIAS)


def _unpack(key):
    return (key >> _CELL_BITS) - _CELL_BIAS, (key & ((1 << _CELL_BITS) - 1)) - _CELL_BIAS


def _coarse_enough(filters):
    """Whether the coarse rollups can answer (they have no category dimension)."""
    return not filters.category_ids


def _add(target, key, vector):
    old = target.get(key)
    target[key] = vector if old is None else tuple(map(operator.add, old, vector))


def _grouped(queryset, month, *fields, **sums):
    """(month, *fields, SUM(n)) for each group of ("month", *fields) in `queryset` (or the sums of the
    columns `sums` names, {alias: column}, instead of SUM(n)).

    Read with the database cursor: tens of thousands of rows for a long period's map, where Django's
    per-value converters would cost more than the query (the sums are integers on both databases; SQLite
    gives the month as text)."""
    sums = {alias: Sum(column) for alias, column in sums.items()} or {"total": Sum("n")}
    rows = queryset.values(month, *fields).annotate(**sums).order_by().values_list(month, *fields, *sums)
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchall()
    if result and isinstance(result[0][0], str):
        result = [(dt.date.fromisoformat(row[0]), *row[1:]) for row in result]
    return result


@dataclass
class _Part:
    """What one month contributes to a dashboard: reports by facet ({facet: {value: n}}); the measures of
    UnitMonth (tuples in UNIT_MEASURES order) per OPD, per receiving jurisdiction (province scope only) and
    in all; completed stages by working days ({(stage, days): n}); the map cells (packed, counts)."""

    facets: dict = field(default_factory=lambda: {f: {} for f in FACETS})
    agencies: dict = field(default_factory=dict)
    jurisdictions: dict = field(default_factory=dict)
    total: tuple = _ZERO
    days: dict = field(default_factory=dict)
    cells: tuple = ((), ())


@dataclass(frozen=True)
class _Merged:
    """A period's parts summed (shared between requests: read, never changed)."""

    facets: dict
    by_month: dict  # {month: measures tuple}
    agencies: dict  # {agency id: measures tuple}
    jurisdictions: dict  # {jurisdiction id: measures tuple}
    histograms: dict  # {stage: {working days: completed stages}}
    cells: tuple  # the busiest MAP_CELLS_LIMIT cells: (lat cell, lon cell, n), busiest first


class _Source:
    """The rollup rows one dashboard reads, by month."""

    def __init__(self, scope, filters, *, with_map):
        self.jurisdictions = sorted({filters.region.pk} if filters.region else scope.jurisdiction_ids)
        self.agency_id = _agency_id(scope, filters)
        self.category_ids = sorted(filters.category_ids)
        self.coarse = _coarse_enough(filters)
        self.by_jurisdiction = scope.kind == PROVINCE
        self.with_map = with_map
        # The province-wide view without filters reads the 0.05° cells of GridArea; every other view the
        # 0.01° cells of GridCount.
        self.area = (scope.obj.pk if with_map and scope.kind == PROVINCE and not filters.region
                     and not filters.agency and not filters.category_ids else None)
        self.signature = (self.coarse, tuple(self.jurisdictions), self.agency_id, tuple(self.category_ids),
                          self.by_jurisdiction, with_map, self.area)

    @staticmethod
    def _months_q(months):
        first, last = months[0], months[-1]
        if (last.year - first.year) * 12 + last.month - first.month + 1 == len(months):
            return Q(month__gte=first, month__lte=last)
        return Q(month__in=months)

    def _q(self, months, *, category=True):
        q = self._months_q(months) & Q(jurisdiction_id__in=self.jurisdictions)
        if self.agency_id:
            q &= Q(agency_id=self.agency_id)
        if category and self.category_ids:
            q &= Q(category_id__in=self.category_ids)
        return q

    def read(self, months):
        """{month: _Part} for `months` (ascending), months without any row left out."""
        parts = {}

        def part(month):
            found = parts.get(month)
            if found is None:
                found = parts[month] = _Part()
            return found

        q, unit_q = self._q(months), self._q(months, category=False)
        if self.coarse and not self.agency_id:
            for month, facet, value, n in _grouped(Facet.objects.filter(unit_q), "month", "facet", "value"):
                bucket = part(month).facets[facet]
                value = int(value) if facet in _INT_FACETS else value
                bucket[value] = bucket.get(value, 0) + n
        else:
            # One GROUP BY over the five dimensions: few combinations for one OPD or one category subtree.
            for month, *values, n in _grouped(StateCount.objects.filter(q), "month", *FINE_FACETS.values()):
                facets = part(month).facets
                for facet, value in zip(FINE_FACETS, values, strict=True):
                    facets[facet][value] = facets[facet].get(value, 0) + n
            for month, rating, n in _grouped(RatingCount.objects.filter(q), "month", "rating"):
                bucket = part(month).facets["rating"]
                bucket[rating] = bucket.get(rating, 0) + n

        if self.coarse:
            sums = {f"s_{m}": m for m in UNIT_MEASURES}
            groups = [("agency_id", "agencies")] + ([("jurisdiction_id", "jurisdictions")] if self.by_jurisdiction
                                                    else [])
            for column, attribute in groups:
                for month, unit, *vector in _grouped(UnitMonth.objects.filter(unit_q), "month", column, **sums):
                    _add(getattr(part(month), attribute), unit, tuple(vector))  # NOT NULL columns: numbers
        else:
            for (month, jurisdiction_id, agency_id), vector in self._fine_units(q).items():
                _add(part(month).agencies, agency_id, vector)
                if self.by_jurisdiction:
                    _add(part(month).jurisdictions, jurisdiction_id, vector)
        for found in parts.values():
            for vector in found.agencies.values():
                found.total = tuple(map(operator.add, found.total, vector))

        if self.coarse and not self.agency_id:
            days = _grouped(StageDays.objects.filter(unit_q & Q(stage__in=STAGES)), "month", "stage", "days")
        else:
            days = _grouped(StageCount.objects.filter(q & Q(stage__in=STAGES)), "month", "stage", "days")
        for month, stage, working_days, n in days:
            histogram = part(month).days
            histogram[(stage, working_days)] = histogram.get((stage, working_days), 0) + n

        if self.with_map:
            if self.area is not None:
                grid = GridArea.objects.filter(self._months_q(months), province_id=self.area)
            else:
                grid = GridCount.objects.filter(q)
            cells = {}
            for month, lat, lon, n in _grouped(grid, "month", "lat_cell", "lon_cell"):
                keys, counts = cells.setdefault(month, (array("q"), array("q")))
                keys.append(_pack(lat, lon))
                counts.append(n)
            for month, packed in cells.items():
                part(month).cells = packed
        return parts

    def _fine_units(self, q):
        """{(month, jurisdiction, OPD): measures tuple} from the fine rollups (three scans)."""
        unit = ("month", "jurisdiction_id", "agency_id")
        units = {}

        def add(key, measure, n):
            vector = units.get(key)
            if vector is None:
                vector = units[key] = [0] * len(UNIT_MEASURES)
            vector[_MEASURE_INDEX[measure]] += n

        for *key, n in _grouped(StateCount.objects.filter(q), *unit):
            add(tuple(key), "received", n)
        stage_q = q & Q(stage__in=STAGES, outcome__in=(Clock.Outcome.ON_TIME, Clock.Outcome.LATE))
        for *key, stage, outcome, n in _grouped(StageCount.objects.filter(stage_q), *unit, "stage", "outcome"):
            add(tuple(key), f"{stage}_{outcome}", n)
        for *key, rating, n in _grouped(RatingCount.objects.filter(q), *unit, "rating"):
            add(tuple(key), "rated", n)
            add(tuple(key), "rating_sum", n * rating)
        return {key: tuple(vector) for key, vector in units.items()}

    def merge(self, found, months):
        facets = {f: {} for f in FACETS}
        by_month, agencies, jurisdictions, cells = {}, {}, {}, {}
        histograms = {stage: {} for stage in STAGES}
        for month in months:
            part = found.get(month)
            if part is None:
                continue
            for facet, values in part.facets.items():
                bucket = facets[facet]
                for value, n in values.items():
                    bucket[value] = bucket.get(value, 0) + n
            by_month[month] = part.total
            for unit, vector in part.agencies.items():
                _add(agencies, unit, vector)
            for unit, vector in part.jurisdictions.items():
                _add(jurisdictions, unit, vector)
            for (stage, working_days), n in part.days.items():
                histogram = histograms[stage]
                histogram[working_days] = histogram.get(working_days, 0) + n
            for key, n in zip(*part.cells, strict=True):
                cells[key] = cells.get(key, 0) + n
        # Busiest first, then by (lat, lon): the order the map has always had.
        top = heapq.nsmallest(MAP_CELLS_LIMIT, ((-n, key) for key, n in cells.items() if n))
        return _Merged(facets, by_month, agencies, jurisdictions, histograms,
                       tuple((*_unpack(key), -negative) for negative, key in top))


def _merged(scope, filters, *, with_map, create):
    source = _Source(scope, filters, with_map=with_map)
    months = filters.months()
    return source, figcache.monthly(source.signature, months, source.read,
                                    lambda found: source.merge(found, months), model=UnitMonth, create=create)


def _measures(vector):
    return dict(zip(UNIT_MEASURES, vector, strict=True))


def dashboard(scope, filters, *, user=None, public=False):
    """Every figure of a dashboard. `public` leaves out the oldest items and the map (and never adds
    versions to the cache: see `figcache`).

    The figures come from the rollups, month by month (a fixed number of GROUP BY queries for the months
    not at hand, whatever the number of reports), then the names of the units and categories and the
    oldest open items, always read fresh.
    """
    source, merged = _merged(scope, filters, with_map=not public, create=not public)
    facets = merged.facets
    totals = _ZERO
    for vector in merged.by_month.values():
        totals = tuple(map(operator.add, totals, vector))
    totals = _measures(totals)
    by_state, by_kind, by_channel = facets["state"], facets["kind"], facets["channel"]
    total = sum(by_state.values())
    figures = {
        "scope": scope, "filters": filters, "total": total, "months": filters.months(),
        "by_state": [{"key": s.value, "label": str(s.label), "value": by_state.get(s.value, 0)} for s in State],
        "by_kind": [{"key": k.value, "label": str(k.label), "value": by_kind.get(k.value, 0)} for k in Kind],
        "by_channel": [{"key": c.value, "label": str(c.label), "value": by_channel.get(c.value, 0)}
                       for c in Channel],
    }
    by_category = facets["category"]
    names = _labels(Category, by_category)
    figures["by_category"] = sorted(
        ({"key": cid, "label": names.get(cid, _("Belum berkategori")), "value": n} for cid, n in by_category.items()
         if n), key=lambda r: (-r["value"], r["label"]))

    # Stages: on time / late and the median of working days, from the histogram.
    histograms = merged.histograms
    figures["stages"] = []
    for stage in STAGES:
        on_time, late = totals[f"{stage}_{Clock.Outcome.ON_TIME}"], totals[f"{stage}_{Clock.Outcome.LATE}"]
        figures["stages"].append({
            "key": stage.value, "label": str(stage.label), "done": on_time + late, "on_time": on_time, "late": late,
            "share_on_time": share(on_time, on_time + late), "median_days": median_from_histogram(histograms[stage]),
        })
    figures["share_on_time"] = figures["stages"][1]["share_on_time"]

    # Satisfaction.
    distribution = facets["rating"]
    count = sum(distribution.values())
    rating_sum = sum(k * v for k, v in distribution.items())
    figures["satisfaction"] = {
        "count": count, "sum": rating_sum, "average": round(rating_sum / count, 2) if count else None,
        "distribution": [{"key": k, "label": f"{k} ★", "value": distribution.get(k, 0)} for k in range(1, 6)],
    }

    # Months: received, on-time share of the OPD stage, average rating.
    month_rows = []
    fu_on_time, fu_late = f"{ClockKind.FOLLOW_UP}_{Clock.Outcome.ON_TIME}", f"{ClockKind.FOLLOW_UP}_{Clock.Outcome.LATE}"
    for month in figures["months"]:
        m = _measures(merged.by_month.get(month, _ZERO))
        on_time, late = m[fu_on_time], m[fu_late]
        month_rows.append({
            "key": month.strftime("%Y-%m"), "month": month, "label": month.strftime("%m/%Y"),
            "value": m["received"], "on_time": on_time, "late": late,
            "share_on_time": share(on_time, on_time + late),
            "average_rating": round(m["rating_sum"] / m["rated"], 2) if m["rated"] else None,
        })
    figures["by_month"] = month_rows

    # Rankings.
    if scope.kind != OPD:
        figures["agency_ranking"] = ranking({i: _measures(v) for i, v in merged.agencies.items()}, Agency,
                                            filters.order)
    if scope.kind == PROVINCE:
        # The regencies/cities only: the province's own reports are its OPDs' (the OPD ranking).
        figures["region_ranking"] = ranking({i: _measures(v) for i, v in merged.jurisdictions.items()
                                             if i != scope.obj.pk}, Jurisdiction, filters.order)
    # Where it happened.
    by_location = facets["location"]
    location_names = _labels(Jurisdiction, by_location)
    figures["by_location"] = sorted(
        ({"key": lid, "label": location_names.get(lid, "—"), "value": n} for lid, n in by_location.items() if n),
        key=lambda r: (-r["value"], r["label"]))
    if not public:
        figures["map"], figures["map_cell"] = map_points(merged.cells, area=source.area is not None)
        figures["oldest"], figures["oldest_limited"] = oldest_open(scope, filters, user)
    return figures


def previous_filters(filters):
    """The same filters over the period of equal length just before (for the trend of the headline)."""
    months = len(filters.months())
    until = (filters.since - dt.timedelta(days=1)).replace(day=1)
    since = until
    for _i in range(months - 1):
        since = (since - dt.timedelta(days=1)).replace(day=1)
    return Filters(since=since, until=until, category=filters.category, agency=filters.agency,
                   region=filters.region, order=filters.order, category_ids=filters.category_ids)


def _change(now, before):
    return None if now is None or before is None else round(now - before, 1)


def headline(scope, filters, figures, *, public=False):
    """The few numbers a leader reads first: open and overdue reports now, and the period's received
    reports, on-time share and satisfaction beside the period of equal length before it.

    Open counts the open states of the period's reports (the figures at hand); overdue is one COUNT
    over the (jurisdiction, due_at) index of the reports, for the staff clocks' states; the previous
    period comes from the same month parts (`figcache`), without the map."""
    open_states = {str(s) for s in OPEN_STATES}
    previous = previous_filters(filters)
    _source, merged = _merged(scope, previous, with_map=False, create=not public)
    totals = _ZERO
    for vector in merged.by_month.values():
        totals = tuple(map(operator.add, totals, vector))
    m = _measures(totals)
    fu_on_time, fu_late = f"{ClockKind.FOLLOW_UP}_{Clock.Outcome.ON_TIME}", f"{ClockKind.FOLLOW_UP}_{Clock.Outcome.LATE}"
    before = {
        "total": sum(merged.facets["state"].values()),
        "share_on_time": share(m[fu_on_time], m[fu_on_time] + m[fu_late]),
        "satisfaction": round(m["rating_sum"] / m["rated"], 2) if m["rated"] else None,
    }
    reports = Report.objects.filter(
        jurisdiction_id__in=[filters.region.pk] if filters.region else sorted(scope.jurisdiction_ids))
    agency_id = _agency_id(scope, filters)
    if agency_id:
        reports = reports.filter(agency_id=agency_id)
    if filters.category_ids:
        reports = reports.filter(category_id__in=filters.category_ids)
    overdue = reports.filter(state__in=sorted(STAFF_CLOCK_STATES), due_at__lt=timezone.now()).count()
    total_change = (None if not before["total"] else round(100 * (figures["total"] - before["total"]) / before["total"]))
    return {
        "open": sum(r["value"] for r in figures["by_state"] if r["key"] in open_states),
        "overdue": overdue,
        "total": figures["total"], "total_before": before["total"], "total_change": total_change,
        "share_on_time": figures["share_on_time"], "share_on_time_before": before["share_on_time"],
        "share_on_time_change": _change(figures["share_on_time"], before["share_on_time"]),
        "satisfaction": figures["satisfaction"]["average"], "satisfaction_before": before["satisfaction"],
        "satisfaction_change": _change(figures["satisfaction"]["average"], before["satisfaction"]),
        "previous": previous,
    }


def category_tree():
    """Active categories in tree order (each parent followed by its children, by position then name),
    as dicts with pk, name, parent_id and depth: for the category filters."""
    rows = list(Category.objects.filter(is_active=True).order_by("position", "name")
                .values("pk", "name", "parent_id"))
    present = {r["pk"] for r in rows}
    children = {}
    for row in rows:
        parent = row["parent_id"] if row["parent_id"] in present else None
        children.setdefault(parent, []).append(row)
    result = []

    def walk(parent, depth):
        for row in children.get(parent, []):
            result.append({**row, "depth": depth})
            walk(row["pk"], depth + 1)

    walk(None, 0)
    return result


def ranking(measures, model, order):
    """Units ranked by `order`, from {unit id: {measure: n}} of UNIT_MEASURES (id 0, "none", left out)."""
    fu_on_time, fu_late = f"{ClockKind.FOLLOW_UP}_{Clock.Outcome.ON_TIME}", f"{ClockKind.FOLLOW_UP}_{Clock.Outcome.LATE}"
    ids = {i for i, m in measures.items() if i and any(m.values())}
    names = _labels(model, ids)
    rows = []
    for i in ids:
        m = measures[i]
        on_time, late = m[fu_on_time], m[fu_late]
        rows.append({
            "id": i, "label": names.get(i, "—"), "volume": m["received"], "done": on_time + late,
            "on_time": on_time, "share_on_time": share(on_time, on_time + late), "rated": m["rated"],
            "satisfaction": round(m["rating_sum"] / m["rated"], 2) if m["rated"] else None,
        })
    sort_key = {
        "tepat-waktu": lambda r: (r["share_on_time"] is None, -(r["share_on_time"] or 0), -r["volume"], r["label"]),
        "volume": lambda r: (-r["volume"], r["label"]),
        "kepuasan": lambda r: (r["satisfaction"] is None, -(r["satisfaction"] or 0), -r["rated"], r["label"]),
    }[order]
    rows.sort(key=sort_key)
    for position, row in enumerate(rows, start=1):
        row["rank"] = position
    return rows


def map_points(cells, *, area):
    """([{lat, lon, value}] of the busiest cells, cell size in degrees) from (lat cell, lon cell, n):
    GridArea's 0.05° cells (`area`: the province-wide view without filters) or GridCount's 0.01° ones."""
    if area:
        return [{"lat": (lat * AREA_CELL + AREA_CELL // 2) / 100, "lon": (lon * AREA_CELL + AREA_CELL // 2) / 100,
                 "value": n} for lat, lon, n in cells], AREA_CELL / 100
    return [{"lat": lat / 100, "lon": lon / 100, "value": n} for lat, lon, n in cells], 0.01


def oldest_open(scope, filters, user):
    """(The oldest open items in scope that `user` may open, whether some jurisdictions in scope were
    left out because the user may not open their reports): one indexed query with LIMIT, then the reports."""
    snapshots = ReportSnapshot.objects.filter(is_open=True)
    if scope.agency_id or filters.agency:
        snapshots = snapshots.filter(agency_id=scope.agency_id or filters.agency.pk)
    jurisdictions = {filters.region.pk} if filters.region else set(scope.jurisdiction_ids)
    limited = False
    if scope.kind != OPD and user is not None:
        visible = jurisdictions & visible_jurisdictions(user)
        limited, jurisdictions = visible != jurisdictions, visible
    if not (scope.agency_id or filters.agency):
        if not jurisdictions:
            return [], limited
        snapshots = snapshots.filter(jurisdiction_id__in=jurisdictions)
    else:
        snapshots = snapshots.filter(jurisdiction_id__in=jurisdictions or scope.jurisdiction_ids)
    if filters.category_ids:
        snapshots = snapshots.filter(category_id__in=filters.category_ids)
    ids = list(snapshots.order_by("created_at", "report_id").values_list("report_id", flat=True)[:OLDEST_LIMIT])
    reports = {r.pk: r for r in Report.objects.filter(pk__in=ids).select_related("agency", "jurisdiction")
               .only("tracking_id", "title", "state", "created_at", "due_at", "agency__name",
                     "agency__short_name", "jurisdiction__name")}
    now = timezone.now()
    result = []
    for pk in ids:
        report = reports.get(pk)
        if report is None:
            continue
        result.append({
            "tracking_id": report.tracking_id, "title": report.title, "state": report.state,
            "state_label": str(report.get_state_display()), "created_at": report.created_at,
            "age_days": (now - report.created_at).days, "due_at": report.due_at,
            "overdue": bool(report.due_at and report.due_at < now),
            "agency": report.agency.name if report.agency else "", "jurisdiction": report.jurisdiction.name,
        })
    return result, limited
