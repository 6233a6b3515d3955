"""On-time performance: figures on known clocks equal the hand-computed ones; everyone sees their scope only.

The clocks are written directly with known start and stop moments (August 2026, Makassar time);
the working days each stage took are counted in the comments (17 and 25 August are holidays).
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Q
from django.urls import reverse

from baruga.clocks.models import Clock, ClockKind
from baruga.complaints.models import Report
from baruga.directory.models import Agency
from baruga.stats import performance, rollups

WITA = ZoneInfo("Asia/Makassar")
V, F, R = ClockKind.VERIFICATION, ClockKind.FOLLOW_UP, ClockKind.REPORTER_REPLY
ON_TIME, LATE, CANCELLED = Clock.Outcome.ON_TIME, Clock.Outcome.LATE, Clock.Outcome.CANCELLED
NOW = dt.datetime(2026, 9, 1, 10, tzinfo=WITA)


@pytest.fixture(autouse=True)
def makassar_time(settings):
    settings.TIME_ZONE = "Asia/Makassar"
    settings.OFFICE_CLOSES_AT = "16:00"


def wita(month, day, hour=9, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WITA)


@pytest.fixture
def known(cast, file_report):
    """Reports whose clocks are replaced by hand-made ones with known figures."""
    with time_machine.travel(wita(8, 3), tick=False):
        makassar = [file_report(category=cast.city_road, title=f"Makassar {i}") for i in range(12)]
        gowa = [file_report(category=cast.city_road, location=cast.gowa, district=None, title=f"Gowa {i}")
                for i in range(3)]
    Clock.objects.all().delete()
    m, g = iter(makassar), iter(gowa)

    def clock(reports, kind, agency, start, stop=None, outcome="", due=None, paused=False):
        report = next(reports)
        return Clock.objects.create(
            report=report, kind=kind, jurisdiction=report.jurisdiction, agency=agency, started_at=start,
            working_days=5, due_at=None if paused else (due or start), paused_at=start if paused else None,
            stopped_at=stop, outcome=outcome,
        )

    pupr, disdik = cast.pupr, cast.disdik
    # Dinas PUPR follow-ups: 1 day (Tue 4), 5 days (Tue 4 – Mon 10), 8 days (Tue 18 – Fri 28 without Tue 25).
    clock(m, F, pupr, wita(8, 3, 10), wita(8, 5, 15), ON_TIME)
    clock(m, F, pupr, wita(8, 3, 10), wita(8, 10, 16), ON_TIME)
    clock(m, F, pupr, wita(8, 14, 9), wita(8, 28, 17), LATE)
    clock(m, F, pupr, wita(8, 3, 10), wita(8, 4, 10), CANCELLED)  # ignored
    # Disdik: 2 days (Tue 4, Wed 5).
    clock(m, F, disdik, wita(8, 3, 10), wita(8, 5, 16), ON_TIME)
    # Makassar's admin: verified the same day (0 days) and late after 4 days (Tue 4 – Fri 7).
    clock(m, V, None, wita(8, 3, 9), wita(8, 3, 15), ON_TIME)
    clock(m, V, None, wita(8, 3, 9), wita(8, 7, 16), LATE)
    # Gowa's admin: late, 4 days (Mon 10's close comes after the stop).
    clock(g, V, None, wita(8, 3, 9), wita(8, 10, 10), LATE)
    # Open clocks on 1 September: overdue, not yet due, paused, and a reporter's clock (not performance).
    clock(m, F, pupr, wita(8, 13), due=wita(8, 20, 16))
    clock(m, F, pupr, wita(8, 31), due=wita(9, 10, 16))
    clock(m, V, None, wita(8, 13), paused=True)
    clock(g, V, None, wita(8, 18), due=wita(8, 25, 16))
    clock(m, F, disdik, wita(8, 24), due=wita(8, 31, 16))
    clock(m, R, None, wita(8, 3), due=wita(8, 17, 16))
    sync(makassar + gowa)
    return cast


def sync(reports):
    """The clocks above were written directly: bring the statistics in line, as every action does."""
    for report in reports:
        rollups.sync_report(report.pk)


def rows_by_id(rows):
    return {row["id"]: row for row in rows}


def stage(row, kind):
    s = row["stages"][kind]
    return s["done"], s["on_time"], s["late"], s["share_on_time"], s["median_days"]


def test_figures_equal_the_hand_computed_share_and_median(known):
    cast = known
    figures = performance.performance(now=NOW)
    agencies, jurisdictions = rows_by_id(figures["agencies"]), rows_by_id(figures["jurisdictions"])

    pupr = agencies[cast.pupr.pk]
    assert stage(pupr, F) == (3, 2, 1, 66.7, 5)  # median of 1, 5, 8
    assert stage(pupr, V) == (0, 0, 0, None, None)
    assert pupr["overdue_open"] == 1
    assert stage(agencies[cast.disdik.pk], F) == (1, 1, 0, 100.0, 2)
    assert agencies[cast.disdik.pk]["overdue_open"] == 1

    makassar = jurisdictions[cast.makassar.pk]
    assert stage(makassar, F) == (4, 3, 1, 75.0, 3.5)  # median of 1, 2, 5, 8
    assert stage(makassar, V) == (2, 1, 1, 50.0, 2)  # median of 0, 4
    assert makassar["overdue_open"] == 2  # PUPR's and Disdik's; paused and the reporter's do not count
    gowa = jurisdictions[cast.gowa.pk]
    assert stage(gowa, V) == (1, 0, 1, 0.0, 4)
    assert gowa["overdue_open"] == 1


def test_the_period_bounds_when_a_stage_ended_in_local_days(known):
    cast = known
    until_27 = performance.performance(agency_ids={cast.pupr.pk}, since=dt.date(2026, 8, 1),
                                     until=dt.date(2026, 8, 27), now=NOW)
    assert stage(until_27["agencies"][0], F) == (2, 2, 0, 100.0, 3)  # the late one ended on the 28th
    until_28 = performance.performance(agency_ids={cast.pupr.pk}, until=dt.date(2026, 8, 28), now=NOW)
    assert stage(until_28["agencies"][0], F)[0] == 3  # 17:00 on the 28th is still the 28th
    since_6 = performance.performance(agency_ids={cast.pupr.pk}, since=dt.date(2026, 8, 6), now=NOW)
    assert stage(since_6["agencies"][0], F) == (2, 1, 1, 50.0, 6.5)  # median of 5, 8
    # Currently overdue clocks do not depend on the period.
    assert since_6["agencies"][0]["overdue_open"] == 1


def test_rows_cover_the_scope_with_or_without_figures(known):
    cast = known
    figures = performance.performance(jurisdiction_ids={cast.province.pk}, now=NOW)
    assert [row["id"] for row in figures["jurisdictions"]] == [cast.province.pk]
    assert [row["id"] for row in figures["agencies"]] == [cast.bina_marga.pk]
    assert stage(figures["jurisdictions"][0], F) == (0, 0, 0, None, None)


@pytest.mark.parametrize("who, jurisdictions, agencies", [
    ("eko", [], ["pupr"]),
    ("fajar", [], ["pupr"]),
    ("gita", [], ["disdik"]),
    ("citra", ["makassar"], ["pupr", "disdik"]),
    ("hadi", ["makassar"], ["pupr", "disdik"]),
    ("dewi", ["gowa"], ["pupr_gowa"]),
    ("indah", ["province", "gowa", "makassar"], ["bina_marga", "pupr_gowa", "pupr", "disdik"]),
])
def test_everyone_sees_the_figures_of_their_scope_only(known, who, jurisdictions, agencies):
    cast = known
    jurisdiction_ids, agency_ids = performance.performance_scope(getattr(cast, who))
    figures = performance.performance(jurisdiction_ids=jurisdiction_ids, agency_ids=agency_ids, now=NOW)
    assert sorted(r["id"] for r in figures["jurisdictions"]) == sorted(getattr(cast, j).pk for j in jurisdictions)
    assert sorted(r["id"] for r in figures["agencies"]) == sorted(getattr(cast, a).pk for a in agencies)


def test_opd_staff_figures_come_from_their_opd_only(known):
    cast = known
    figures = performance.performance(*performance.performance_scope(cast.eko), now=NOW)
    (pupr,) = figures["agencies"]
    assert stage(pupr, F) == (3, 2, 1, 66.7, 5) and pupr["overdue_open"] == 1


# --- the page -----------------------------------------------------------------------------------


def page(client, user, **params):
    with time_machine.travel(NOW, tick=False):
        client.force_login(user)
        return client.get(reverse("stats:performance"), params)


def test_eko_sees_only_dinas_pupr(client, known):
    cast = known
    response = page(client, cast.eko)
    assert response.status_code == 200
    assert "Dinas PUPR Makassar" in response.text
    assert "Dinas Pendidikan Makassar" not in response.text and "Dinas PUPR Gowa" not in response.text
    assert "Per instansi" not in response.text
    assert "2 (66,7%)" in response.text  # on time, with the share, in Indonesian notation


def test_the_admin_sees_the_jurisdiction_and_its_opds(client, known):
    cast = known
    text = page(client, cast.citra).text
    assert "Per instansi" in text and "Kota Makassar" in text
    assert "Dinas PUPR Makassar" in text and "Dinas Pendidikan Makassar" in text
    assert "Kabupaten Gowa" not in text and "Dinas PUPR Gowa" not in text
    assert "3 (75%)" in text and "3,5" in text


def test_the_period_filter_narrows_the_figures(client, known):
    cast = known
    text = page(client, cast.eko, since="2026-08-06", until="2026-08-31").text
    assert "1 (50%)" in text and "6,5" in text
    assert 'value="2026-08-06"' in text
    text = page(client, cast.eko, since="2026-08-31", until="2026-08-01").text
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in text


def test_the_page_is_for_staff_only(client, known):
    cast = known
    assert page(client, cast.ayu).status_code == 404
    client.logout()
    assert client.get(reverse("stats:performance")).status_code == 302


def test_the_inbox_links_to_the_page(client, known):
    cast = known
    with time_machine.travel(NOW, tick=False):
        client.force_login(cast.eko)
        assert reverse("stats:performance") in client.get(reverse("complaints:inbox")).text


def test_the_page_query_count_does_not_grow_with_the_clocks(client, known, file_report):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cast = known

    def get():
        with time_machine.travel(NOW, tick=False):
            return client.get(reverse("stats:performance"))

    with time_machine.travel(NOW, tick=False):
        client.force_login(cast.indah)
    get()  # the session is read once before counting
    with CaptureQueriesContext(connection) as few:
        get()
    with time_machine.travel(wita(8, 10), tick=False):
        for i in range(5):
            report = file_report(category=cast.city_road, title=f"Lagi {i}")
            Clock.objects.create(report=report, kind=F, jurisdiction=cast.makassar, agency=cast.disdik,
                                 started_at=wita(8, 10), working_days=5, due_at=wita(8, 17, 16),
                                 stopped_at=wita(8, 12, 10), outcome=ON_TIME)
            sync([report])
    with CaptureQueriesContext(connection) as many:
        get()
    assert len(many.captured_queries) == len(few.captured_queries) <= 10


def test_the_default_period_is_this_year_so_far(client, known):
    text = page(client, known.eko).text
    assert 'value="2026-01-01"' in text and 'value="2026-09-01"' in text


# --- the figures come from the statistics tables: equal to counting every clock -----------------------


def reference(jurisdiction_ids=None, agency_ids=None, since=None, until=None, *, now=NOW):
    """What the page showed when it read every stopped clock: {(rows, id): (stages, overdue_open)}."""
    import statistics

    from baruga.clocks.calendar import calendar_of
    from baruga.directory.models import Agency, Jurisdiction

    since, until = performance._as_moment(since), performance._as_moment(until, end=True)
    clocks = Clock.objects.filter(kind__in=performance.PERFORMANCE_KINDS)
    if jurisdiction_ids is not None or agency_ids is not None:
        clocks = [c for c in clocks if (jurisdiction_ids is not None and c.jurisdiction_id in jurisdiction_ids)
                  or (agency_ids is not None and c.agency_id in agency_ids)]
    rows = {}

    def add(key, clock, stopped):
        stages = rows.setdefault(key, ({kind: [] for kind in performance.PERFORMANCE_KINDS}, [0]))
        if stopped:
            days = calendar_of(clock.jurisdiction_id).working_days_between(clock.started_at, clock.stopped_at)
            stages[0][clock.kind].append((clock.outcome, days))
        else:
            stages[1][0] += 1

    for clock in clocks:
        stopped = clock.outcome in (ON_TIME, LATE) and (since is None or clock.stopped_at >= since) and (
            until is None or clock.stopped_at < until)
        overdue = clock.stopped_at is None and clock.paused_at is None and clock.due_at < now
        if stopped or overdue:
            add(("jurisdictions", clock.jurisdiction_id), clock, stopped)
            if clock.agency_id:
                add(("agencies", clock.agency_id), clock, stopped)
    result = {}
    for key, (stages, (overdue,)) in rows.items():
        figures = {}
        for kind, done in stages.items():
            on_time = sum(1 for outcome, _d in done if outcome == ON_TIME)
            figures[kind] = (len(done), on_time, len(done) - on_time,
                             round(100 * on_time / len(done), 1) if done else None,
                             statistics.median(d for _o, d in done) if done else None)
        result[key] = (figures, overdue)
    # Rows the scope shows without figures.
    if jurisdiction_ids is not None:
        for pk in Jurisdiction.objects.filter(pk__in=jurisdiction_ids).values_list("pk", flat=True):
            result.setdefault(("jurisdictions", pk), None)
    if jurisdiction_ids is not None or agency_ids is not None:
        in_scope = Agency.objects.filter(Q(pk__in=agency_ids or []) | Q(jurisdiction_id__in=jurisdiction_ids or [],
                                                                         is_active=True))
        for pk in in_scope.values_list("pk", flat=True):
            result.setdefault(("agencies", pk), None)
        result = {k: v for k, v in result.items() if
                  (k[0] == "jurisdictions" and jurisdiction_ids is not None and k[1] in jurisdiction_ids)
                  or (k[0] == "agencies" and k[1] in set(in_scope.values_list("pk", flat=True)))}
    empty = ({kind: (0, 0, 0, None, None) for kind in performance.PERFORMANCE_KINDS}, 0)
    return {k: v or empty for k, v in result.items()}


def shown(figures):
    return {(rows, row["id"]): ({kind: stage(row, kind) for kind in performance.PERFORMANCE_KINDS}, row["overdue_open"])
            for rows in ("jurisdictions", "agencies") for row in figures[rows]}


@pytest.fixture
def many(known):
    """The known clocks and stages ending from June to October, some on the stroke of a month's change."""
    import random

    cast = known
    rng = random.Random(2026)
    reports = list(Report.objects.order_by("pk"))
    units = [(cast.makassar, cast.pupr), (cast.makassar, cast.disdik), (cast.makassar, None), (cast.gowa, None),
             (cast.gowa, cast.pupr_gowa), (cast.province, cast.bina_marga), (cast.province, None)]
    edges = [wita(7, 1, 0, 0), wita(7, 31, 23, 59), wita(8, 1, 0, 0), wita(8, 31, 23, 59), wita(9, 1, 0, 0),
             wita(9, 30, 23, 59), wita(10, 1, 0, 0)]
    for i in range(70):
        jurisdiction, agency = rng.choice(units)
        stop = edges[i] if i < len(edges) else wita(6, 1) + dt.timedelta(minutes=rng.randint(0, 140 * 24 * 60))
        start = stop - dt.timedelta(minutes=rng.randint(0, 30 * 24 * 60))
        kind = V if agency is None else F
        Clock.objects.create(report=rng.choice(reports), kind=kind, jurisdiction=jurisdiction, agency=agency,
                             started_at=start, working_days=5, due_at=start, stopped_at=stop,
                             outcome=rng.choice([ON_TIME, LATE, LATE, CANCELLED]))
    sync(reports)
    return cast


PERIODS = [
    (None, None),
    (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),  # whole months only
    (dt.date(2026, 7, 15), dt.date(2026, 9, 10)),  # parts of months at both ends
    (dt.date(2026, 8, 1), dt.date(2026, 8, 31)),  # one whole month
    (dt.date(2026, 8, 2), dt.date(2026, 8, 30)),  # inside one month
    (dt.date(2026, 8, 31), dt.date(2026, 9, 1)),  # across a month's change
    (None, dt.date(2026, 8, 15)),
    (dt.date(2026, 8, 15), None),
    (dt.date(2026, 1, 1), dt.date(2026, 9, 1)),  # the page's default period on NOW
    (wita(7, 31, 23, 59), wita(9, 1, 0, 0)),  # moments: from a minute before a month to a month's start
    (wita(8, 1, 0, 0), wita(8, 31, 23, 59)),
    (dt.date(2026, 9, 1), dt.date(2026, 8, 1)),  # an empty period
]


@pytest.mark.parametrize("since, until", PERIODS)
def test_figures_equal_counting_every_clock_for_any_period(many, since, until):
    cast = many
    scopes = [(None, None), performance.performance_scope(cast.indah), performance.performance_scope(cast.citra),
              performance.performance_scope(cast.eko), ({cast.gowa.pk}, {cast.pupr.pk})]
    for jurisdiction_ids, agency_ids in scopes:
        figures = performance.performance(jurisdiction_ids, agency_ids, since=since, until=until, now=NOW)
        assert shown(figures) == reference(jurisdiction_ids, agency_ids, since, until), (jurisdiction_ids, agency_ids)


def test_figures_are_the_same_after_rebuilding_the_statistics(many):
    cast = many
    scope = performance.performance_scope(cast.indah)
    before = [shown(performance.performance(*scope, since=since, until=until, now=NOW)) for since, until in PERIODS]
    rollups.rebuild()  # set-based: the stage snapshots and the months they ended, from the raw clocks
    assert [shown(performance.performance(*scope, since=since, until=until, now=NOW))
            for since, until in PERIODS] == before
    assert rollups.verify() == []


def test_a_period_running_into_the_future_takes_its_last_month_whole(many, django_assert_num_queries):
    # On 20 October every stage has ended (the last on the 19th): October so far is the whole month.
    cast, now = many, wita(10, 20, 12)
    scope = performance.performance_scope(cast.indah)
    for since in (dt.date(2026, 8, 15), dt.date(2026, 10, 5)):
        figures = performance.performance(*scope, since=since, until=dt.date(2026, 10, 31), now=now)
        assert shown(figures) == reference(*scope, since, dt.date(2026, 10, 31), now=now)
    with django_assert_num_queries(2) as captured:  # the probe, then one statement
        performance.completed_stages(Q(), performance.PERFORMANCE_KINDS, performance._as_moment(dt.date(2026, 9, 1)),
                                   performance._as_moment(dt.date(2026, 10, 31), end=True), now=now)
    assert "stats_stagesnapshot" not in captured.captured_queries[1]["sql"]  # September and October, whole


@pytest.mark.parametrize("since, until", [(None, None), (dt.date(2026, 7, 15), dt.date(2026, 9, 10)),
                                          (dt.date(2026, 8, 2), dt.date(2026, 8, 30))])
def test_the_selector_queries_do_not_grow_with_the_clocks(many, django_assert_max_num_queries, since, until):
    # Completed stages (one statement, and a probe if the period runs past now), overdue clocks, the rows.
    scope = performance.performance_scope(many.indah)
    with django_assert_max_num_queries(5):
        performance.performance(*scope, since=since, until=until, now=NOW)


def test_units_without_figures_are_counted_not_listed(client, known):
    cast = known
    Agency.objects.create(jurisdiction=cast.makassar, name="Dinas Pariwisata Makassar")
    text = page(client, cast.citra).text
    assert "Dinas PUPR Makassar" in text and "Dinas Pariwisata Makassar" not in text
    idle = re.search(r"(\d+) unit \(instansi atau OPD\) tanpa tahap selesai", text)
    assert idle and int(idle.group(1)) >= 1
    everything = page(client, cast.citra, semua="1").text
    assert "Dinas Pariwisata Makassar" in everything and "Dinas PUPR Makassar" in everything


def test_every_unit_is_shown_fifty_a_page_on_request(client, known):
    cast = known
    Agency.objects.bulk_create(Agency(jurisdiction=cast.makassar, name=f"Unit Pelaksana {i:03d}") for i in range(60))
    first = page(client, cast.citra, semua="1").text
    assert "Unit Pelaksana 000" in first and "Unit Pelaksana 059" not in first
    assert "Halaman 1 dari 2" in first and "halaman=2" in first
    second = page(client, cast.citra, semua="1", halaman="2").text
    assert "Unit Pelaksana 059" in second and "Unit Pelaksana 000" not in second
    assert page(client, cast.citra, semua="1", halaman="tidak-ada").status_code == 200
