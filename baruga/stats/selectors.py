"""Reads for the dashboards, public statistics, monthly PDFs and the stats API.

Everything is answered from the rollups in `baruga.stats.models` (a fixed number of GROUP BY
queries over rollup rows, whatever the number of reports) plus one indexed query with LIMIT for the
oldest open items. Who may see which dashboard is decided here (`can_open`, `dashboards_for`) from
the memberships `complaints.permissions` reads.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from baruga.accounts.models import Role
from baruga.clocks.models import Clock, ClockKind
from baruga.complaints import permissions
from baruga.complaints.models import Channel, Kind, Report, State
from baruga.directory.models import Agency, Category, Jurisdiction, Level
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
    return [(m.role, m.jurisdiction_id, m.agency_id) for m in permissions._memberships(user)]


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


def _base_q(scope, filters, *, category=True):
    q = Q(month__gte=filters.since, month__lte=filters.until)
    jurisdictions = scope.jurisdiction_ids
    if filters.region is not None:
        jurisdictions = {filters.region.pk}
    q &= Q(jurisdiction_id__in=jurisdictions)
    agency_id = _agency_id(scope, filters)
    if agency_id:
        q &= Q(agency_id=agency_id)
    if category and filters.category_ids:
        q &= Q(category_id__in=filters.category_ids)
    return q


def _agency_id(scope, filters):
    return scope.agency_id or (filters.agency.pk if filters.agency else None)


def _sum_by(model, q, *fields, weighted=None):
    rows = model.objects.filter(q).values(*fields).annotate(total=Sum("n")).order_by()
    if weighted:
        rows = rows.annotate(weighted=Sum(F("n") * F(weighted)))
    return list(rows)


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
# Without a category filter the figures come from the coarse rollups (UnitMonth, Facet, StageDays: a few
# rows per month and unit); with one, from the fine rollups, which carry the category. Both give the
# same numbers (both are exact projections of the same data; see rollups.verify).


def _coarse_enough(filters):
    """Whether the coarse rollups can answer (they have no category dimension)."""
    return not filters.category_ids


class _Reader:
    def __init__(self, scope, filters):
        self.q = _base_q(scope, filters)
        self.unit_q = _base_q(scope, filters, category=False)
        self.coarse = _coarse_enough(filters)
        self.agency_id = _agency_id(scope, filters)

    def measures(self, group):
        """{value of `group`: Counter of UNIT_MEASURES} (received, stages on time/late, rated, rating_sum)."""
        result = {}
        if self.coarse:
            rows = (UnitMonth.objects.filter(self.unit_q).values(group)
                    .annotate(**{f"s_{m}": Sum(m) for m in UNIT_MEASURES}).order_by())
            for r in rows:
                result[r[group]] = Counter({m: r[f"s_{m}"] or 0 for m in UNIT_MEASURES})
            return result
        units = self._fine_units()
        for unit, counter in units.items():
            value = unit[("month", "jurisdiction_id", "agency_id").index(group)]
            result.setdefault(value, Counter()).update(counter)
        return result

    def _fine_units(self):
        """{(month, jurisdiction, OPD): Counter of UNIT_MEASURES} from the fine rollups: three scans, reused
        by every `measures` call."""
        if getattr(self, "_units", None) is None:
            unit = ("month", "jurisdiction_id", "agency_id")
            units = {}
            for r in _sum_by(StateCount, self.q, *unit):
                units.setdefault(tuple(r[k] for k in unit), Counter())["received"] += r["total"]
            stage_q = self.q & Q(stage__in=STAGES, outcome__in=(Clock.Outcome.ON_TIME, Clock.Outcome.LATE))
            for r in _sum_by(StageCount, stage_q, *unit, "stage", "outcome"):
                units.setdefault(tuple(r[k] for k in unit), Counter())[f"{r['stage']}_{r['outcome']}"] += r["total"]
            for r in _sum_by(RatingCount, self.q, *unit, "rating"):
                counter = units.setdefault(tuple(r[k] for k in unit), Counter())
                counter["rated"] += r["total"]
                counter["rating_sum"] += r["total"] * r["rating"]
            self._units = units
        return self._units

    def facets(self):
        """{facet: {value: n}} for state, kind, channel, category (id), location (id), rating."""
        result = {f: {} for f in ("state", "kind", "channel", "category", "location", "rating")}
        if self.coarse and not self.agency_id:
            for r in _sum_by(Facet, self.unit_q, "facet", "value"):
                value = int(r["value"]) if r["facet"] in ("category", "location", "rating") else r["value"]
                bucket = result[r["facet"]]
                bucket[value] = bucket.get(value, 0) + r["total"]
            return result
        fields = {"state": "state", "kind": "kind", "channel": "channel", "category": "category_id",
                  "location": "location_id"}
        # One GROUP BY over the five dimensions: few combinations for one OPD or one category subtree.
        for r in _sum_by(StateCount, self.q, *fields.values()):
            for facet, column in fields.items():
                result[facet][r[column]] = result[facet].get(r[column], 0) + r["total"]
        result["rating"] = _group(_sum_by(RatingCount, self.q, "rating"), "rating")
        return result

    def histograms(self):
        """{stage: {working days: completed stages}}."""
        if self.coarse and not self.agency_id:
            rows = _sum_by(StageDays, self.unit_q & Q(stage__in=STAGES), "stage", "days")
        else:
            rows = _sum_by(StageCount, self.q & Q(stage__in=STAGES), "stage", "days")
        result = {stage: {} for stage in STAGES}
        for r in rows:
            result[r["stage"]][r["days"]] = result[r["stage"]].get(r["days"], 0) + r["total"]
        return result


def dashboard(scope, filters, *, user=None, public=False):
    """Every figure of a dashboard. `public` leaves out the oldest items and the map.

    Each figure is one GROUP BY over the rollup rows in scope (done by the database), so the number
    of queries is fixed and the rows returned are few, whatever the number of reports.
    """
    reader = _Reader(scope, filters)
    facets = reader.facets()
    by_month_measures = reader.measures("month")
    totals = sum(by_month_measures.values(), Counter())
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
    histograms = reader.histograms()
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
        m = by_month_measures.get(month, Counter())
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
        figures["agency_ranking"] = ranking(reader.measures("agency_id"), Agency, filters.order)
    if scope.kind == PROVINCE:
        figures["region_ranking"] = ranking(reader.measures("jurisdiction_id"), Jurisdiction, filters.order)
    # Where it happened.
    by_location = facets["location"]
    location_names = _labels(Jurisdiction, by_location)
    figures["by_location"] = sorted(
        ({"key": lid, "label": location_names.get(lid, "—"), "value": n} for lid, n in by_location.items() if n),
        key=lambda r: (-r["value"], r["label"]))
    if not public:
        figures["map"], figures["map_cell"] = map_points(reader.q, scope, filters)
        figures["oldest"], figures["oldest_limited"] = oldest_open(scope, filters, user)
    return figures


def _group(rows, *keys):
    result = {}
    for r in rows:
        key = r[keys[0]] if len(keys) == 1 else tuple(r[k] for k in keys)
        result[key] = result.get(key, 0) + r["total"]
    return result


def ranking(measures, model, order):
    """Units ranked by `order`, from {unit id: Counter of UNIT_MEASURES} (id 0, "none", left out)."""
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


def map_points(q, scope=None, filters=None):
    """([{lat, lon, value}] of the busiest cells, cell size in degrees). The province-wide view without
    filters reads the 0.05° cells of GridArea; every other view the 0.01° cells of GridCount."""
    if (scope is not None and scope.kind == PROVINCE and not filters.region and not filters.agency
            and not filters.category_ids):
        cells = list(GridArea.objects.filter(month__gte=filters.since, month__lte=filters.until,
                                             province_id=scope.obj.pk)
                     .values("lat_cell", "lon_cell").annotate(total=Sum("n"))
                     .order_by("-total", "lat_cell", "lon_cell")[:MAP_CELLS_LIMIT])
        return [{"lat": (c["lat_cell"] * AREA_CELL + AREA_CELL // 2) / 100,
                 "lon": (c["lon_cell"] * AREA_CELL + AREA_CELL // 2) / 100, "value": c["total"]}
                for c in cells if c["total"]], AREA_CELL / 100
    cells = list(GridCount.objects.filter(q).values("lat_cell", "lon_cell").annotate(total=Sum("n"))
                 .order_by("-total", "lat_cell", "lon_cell")[:MAP_CELLS_LIMIT])
    return [{"lat": c["lat_cell"] / 100, "lon": c["lon_cell"] / 100, "value": c["total"]} for c in cells
            if c["total"]], 0.01


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
