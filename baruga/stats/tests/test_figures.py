"""Exact figures on known data (see conftest.known)."""

import pytest

from baruga.stats import selectors
from baruga.stats.tests.conftest import FEB


def figures(kind, key, user=None, **params):
    scope = selectors.scope_for(kind, key)
    return selectors.dashboard(scope, selectors.parse_filters({**FEB, **params}, scope), user=user)


def values(rows):
    return {r["key"]: r["value"] for r in rows if r["value"]}


def test_jurisdiction_figures(known, cast):
    f = figures("wilayah", cast.makassar.code, cast.citra)
    assert f["total"] == 3
    assert values(f["by_state"]) == {"finished": 2, "dispatched": 1}
    verification, follow_up = f["stages"]
    assert (verification["done"], verification["on_time"], verification["late"]) == (3, 2, 1)
    assert verification["share_on_time"] == 66.7 and verification["median_days"] == 0
    assert (follow_up["done"], follow_up["on_time"], follow_up["late"]) == (2, 1, 1)
    assert follow_up["share_on_time"] == 50.0 and follow_up["median_days"] == 3
    assert f["share_on_time"] == 50.0
    assert f["satisfaction"]["count"] == 2 and f["satisfaction"]["sum"] == 7 and f["satisfaction"]["average"] == 3.5
    assert values(f["satisfaction"]["distribution"]) == {2: 1, 5: 1}
    assert values(f["by_channel"]) == {"web": 3}
    assert values(f["by_category"]) == {cast.city_road.pk: 3}
    assert [m["value"] for m in f["by_month"]] == [3]
    assert [r["tracking_id"] for r in f["oldest"]] == [known.r3.tracking_id]
    assert [(r["label"], r["rank"], r["volume"], r["share_on_time"], r["satisfaction"])
            for r in f["agency_ranking"]] == [("Dinas PUPR Makassar", 1, 2, 50.0, 3.5),
                                              ("Dinas Pendidikan Makassar", 2, 1, None, None)]
    assert f["map"] == [{"lat": -5.13, "lon": 119.41, "value": 2}]


def test_ranking_orders(known, cast):
    by_volume = figures("wilayah", cast.makassar.code, cast.citra, order="volume")["agency_ranking"]
    assert [r["label"] for r in by_volume] == ["Dinas PUPR Makassar", "Dinas Pendidikan Makassar"]
    province = figures("provinsi", cast.province.code, cast.indah, order="volume")
    # The regencies/cities only: the province's own report (R4) is not a regency's.
    assert [(r["label"], r["volume"]) for r in province["region_ranking"]] == [
        ("Kota Makassar", 3), ("Kabupaten Gowa", 1)]


def test_opd_figures(known, cast):
    f = figures("opd", cast.pupr.pk, cast.eko)
    assert f["total"] == 2
    assert f["stages"][1]["median_days"] == 3 and f["share_on_time"] == 50.0
    assert f["oldest"] == []
    assert "agency_ranking" not in f
    assert figures("opd", cast.disdik.pk, cast.gita)["oldest"][0]["tracking_id"] == known.r3.tracking_id


def test_province_figures_and_oldest_items_follow_report_visibility(known, cast):
    f = figures("provinsi", cast.province.code, cast.indah)
    assert f["total"] == 5
    assert values(f["by_state"]) == {"finished": 2, "dispatched": 1, "submitted": 1, "archived": 1}
    assert values(f["by_channel"]) == {"web": 4, "api": 1}
    assert [r["tracking_id"] for r in f["oldest"]] == [known.r3.tracking_id, known.r4.tracking_id]
    # The province admin opens only the province's own reports.
    assert [r["tracking_id"] for r in figures("provinsi", cast.province.code, cast.budi)["oldest"]] == [
        known.r4.tracking_id]
    assert values(f["by_location"]) == {cast.makassar.pk: 4, cast.gowa.pk: 1}


def test_filters(known, cast):
    assert figures("provinsi", cast.province.code, cast.indah, region=cast.gowa.code)["total"] == 1
    assert figures("wilayah", cast.makassar.code, cast.citra, agency=str(cast.disdik.pk))["total"] == 1
    assert figures("provinsi", cast.province.code, cast.indah, category=str(cast.roads.pk))["total"] == 4
    assert figures("wilayah", cast.makassar.code, cast.citra, since="2026-03", until="2026-04")["total"] == 0


@pytest.mark.parametrize("params, field", [
    ({"since": "2026-13"}, "since"), ({"since": "kemarin"}, "since"), ({"since": "2026-03", "until": "2026-01"},
                                                                       "until"),
    ({"category": "abc"}, "category"), ({"category": "99999"}, "category"), ({"agency": "99999"}, "agency"),
    ({"region": "73.06"}, "region"), ({"order": "acak"}, "order"), ({"since": "1990-01"}, "since"),
])
def test_bad_filters_are_named(cast, params, field):
    scope = selectors.scope_for("wilayah", cast.makassar.code)
    with pytest.raises(selectors.FilterError) as error:
        selectors.parse_filters(params, scope)
    assert field in error.value.messages


def test_agency_of_another_jurisdiction_is_refused(cast):
    scope = selectors.scope_for("wilayah", cast.makassar.code)
    with pytest.raises(selectors.FilterError):
        selectors.parse_filters({"agency": str(cast.pupr_gowa.pk)}, scope)


def test_median_from_histogram():
    assert selectors.median_from_histogram({}) is None
    assert selectors.median_from_histogram({3: 1}) == 3
    assert selectors.median_from_histogram({1: 1, 5: 1}) == 3
    assert selectors.median_from_histogram({1: 1, 2: 1}) == 1.5
    assert selectors.median_from_histogram({0: 2, 4: 1, 9: 4}) == 9


def test_province_map_uses_five_hundredths_cells(known, cast):
    f = figures("provinsi", cast.province.code, cast.indah)
    assert f["map_cell"] == 0.05 and f["map"] == [{"lat": -5.13, "lon": 119.42, "value": 2}]
    region = figures("provinsi", cast.province.code, cast.indah, region=cast.makassar.code)
    assert region["map_cell"] == 0.01 and region["map"] == [{"lat": -5.13, "lon": 119.41, "value": 2}]


def _comparable(f):
    return {k: v for k, v in f.items() if k not in ("scope", "filters", "map", "map_cell")}


@pytest.mark.parametrize("kind, name, user, params", [
    ("provinsi", "province", "indah", {}), ("provinsi", "province", "indah", {"order": "volume"}),
    ("provinsi", "province", "indah", {"region": "gowa"}), ("wilayah", "makassar", "citra", {}),
    ("wilayah", "makassar", "citra", {"agency": "pupr"}), ("opd", "pupr", "eko", {}), ("opd", "disdik", "gita", {}),
    ("wilayah", "gowa", "dewi", {"order": "kepuasan"}),
])
def test_coarse_rollups_give_the_figures_of_the_fine_ones(known, cast, monkeypatch, kind, name, user, params):
    """After random workflows, every figure read from the coarse rollups equals the same figure read
    from the fine ones (the path a category filter takes)."""
    from baruga.stats.tests.helpers import random_workflows

    random_workflows(cast, reports=25, steps=150, seed=5)
    obj = getattr(cast, name)
    key = obj.pk if kind == "opd" else obj.code
    params = {k: (str(getattr(cast, v).pk) if k == "agency" else getattr(cast, v).code if k == "region" else v)
              for k, v in params.items()}
    period = {"since": "2026-01", "until": "2035-12"}
    scope = selectors.scope_for(kind, key)
    filters = selectors.parse_filters({**period, **params}, scope)
    coarse = selectors.dashboard(scope, filters, user=getattr(cast, user))
    assert coarse["total"] > 0
    monkeypatch.setattr(selectors, "_coarse_enough", lambda filters: False)
    fine = selectors.dashboard(scope, filters, user=getattr(cast, user))
    assert _comparable(coarse) == _comparable(fine)
