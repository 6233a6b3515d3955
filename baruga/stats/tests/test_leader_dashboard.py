"""What a leader reads first: where they land, the headline, the rankings, the category filter, the
public overview."""

import datetime as dt

import pytest
from django.urls import reverse

from baruga.complaints.models import Report
from baruga.directory.models import Category
from baruga.stats import selectors
from baruga.stats.tests.conftest import FEB
from baruga.stats.tests.helpers import at, random_workflows, wita

pytestmark = pytest.mark.django_db


def dashboard(kind, key):
    return reverse("stats:dashboard", kwargs={"kind": kind, "key": key})


def test_a_governor_lands_on_the_province_dashboard(client, cast):
    client.force_login(cast.indah)
    response = client.get(reverse("accounts:after_login"), follow=True)
    assert response.redirect_chain[-1][0] == dashboard("provinsi", cast.province.code)


def test_a_mayor_lands_on_the_city_dashboard(client, cast):
    client.force_login(cast.hadi)
    response = client.get(reverse("accounts:after_login"), follow=True)
    assert response.redirect_chain[-1][0] == dashboard("wilayah", cast.makassar.code)


def test_staff_who_act_on_reports_still_land_in_their_inbox(client, cast):
    for user in (cast.citra, cast.eko):
        client.force_login(user)
        assert client.get(reverse("accounts:after_login"))["Location"] == reverse("complaints:inbox")


def test_the_region_ranking_leaves_the_province_out(client, known, cast):
    client.force_login(cast.indah)
    page = client.get(dashboard("provinsi", cast.province.code), {**FEB, "order": "volume"}).content.decode()
    ranking = page[page.index('data-ranking="regions"'):]
    ranking = ranking[:ranking.index("</table>")]
    assert "Kota Makassar" in ranking and "Kabupaten Gowa" in ranking
    assert cast.province.name not in ranking


def test_the_category_filter_lists_children_under_their_parent(client, cast):
    # Positions that would put a child before its parent in a flat (position, name) order.
    Category.objects.filter(pk=cast.roads.pk).update(position=5)
    health = Category.objects.create(slug="kesehatan", name="Kesehatan", position=3)
    clinic = Category.objects.create(slug="puskesmas", name="Puskesmas", parent=health, position=9)
    tree = selectors.category_tree()
    names = [(c["name"], c["depth"]) for c in tree]
    assert names.index(("Kesehatan", 0)) + 1 == names.index(("Puskesmas", 1))
    roads = names.index(("Jalan dan Jembatan", 0))
    assert {names[roads + 1][0], names[roads + 2][0]} == {cast.city_road.name, cast.province_road.name}
    assert all(depth == 1 for _n, depth in names[roads + 1:roads + 3])
    client.force_login(cast.indah)
    page = client.get(dashboard("provinsi", cast.province.code)).content.decode()
    options = page[page.index('id="f-category"'):page.index("</select>", page.index('id="f-category"'))]
    assert options.index(">Kesehatan<") < options.index(f'value="{clinic.pk}">— Puskesmas<')
    assert options.index(">Jalan dan Jembatan<") < options.index(f">— {cast.city_road.name}<")


def test_the_headline_shows_open_overdue_and_the_previous_period(client, known, cast):
    # R3 (dispatched to Disdik) is past its deadline; R4 (submitted) too.
    Report.objects.filter(pk__in=[known.r3.pk, known.r4.pk]).update(due_at=wita(2026, 2, 10, 16))
    with at(wita(2026, 3, 2, 9)):
        scope = selectors.scope_for("provinsi", cast.province.code)
        filters = selectors.parse_filters({"since": "2026-02", "until": "2026-02"}, scope)
        figures = selectors.dashboard(scope, filters, user=cast.indah)
        h = selectors.headline(scope, filters, figures)
    assert (h["open"], h["overdue"], h["total"]) == (2, 2, 5)
    assert h["previous"].since == h["previous"].until == dt.date(2026, 1, 1)
    assert h["total_before"] == 0 and h["total_change"] is None
    assert h["share_on_time"] == 50.0 and h["share_on_time_before"] is None
    client.force_login(cast.indah)
    with at(wita(2026, 3, 2, 9)):
        page = client.get(dashboard("provinsi", cast.province.code), FEB).content.decode()
    assert 'data-figure="open">2<' in page and 'data-figure="overdue">2<' in page


def test_the_headline_compares_with_the_period_before(known, cast):
    scope = selectors.scope_for("wilayah", cast.makassar.code)
    filters = selectors.parse_filters({"since": "2026-03", "until": "2026-03"}, scope)
    figures = selectors.dashboard(scope, filters)
    h = selectors.headline(scope, filters, figures)
    assert h["total"] == 0 and h["total_before"] == 3
    assert h["share_on_time_before"] == 50.0 and h["satisfaction_before"] == 3.5


def test_the_public_overview_has_figures_charts_and_links(client, known, cast):
    with at(wita(2026, 3, 2, 9)):
        page = client.get(reverse("stats:public_index")).content.decode()
    assert 'data-figure="total">5<' in page
    assert 'id="p-chart-month"' in page and 'id="p-chart-regions"' in page
    assert reverse("stats:public_jurisdiction", args=[cast.makassar.code]) in page
    assert known.r3.tracking_id not in page


def test_the_public_overview_reads_a_fixed_number_of_queries(client, known, cast, django_assert_max_num_queries):
    # Jurisdictions, the province's children, the rollups of the period and the one before (anonymous
    # requests keep nothing in figcache), the names, the overdue count.
    with django_assert_max_num_queries(16):
        client.get(reverse("stats:public_index"))
    random_workflows(cast, reports=10, steps=30, seed=3, start=wita(2026, 2, 9, 9))
    with django_assert_max_num_queries(16):
        client.get(reverse("stats:public_index"))


def test_charts_fill_their_container_without_scaling_their_text():
    from baruga.stats import charts

    svg = str(charts.bars("c", "h", [{"label": "Dinas Pekerjaan Umum dan Penataan Ruang Makassar", "value": 4},
                                     {"label": "Dinas Pendidikan Makassar", "value": 2}]))
    assert "viewBox" not in svg and 'width="100%"' in svg
    assert 'width="78.0%"' in svg and 'width="39.0%"' in svg  # the longest bar and half of it
    # A long name is cut in the middle, on word boundaries, so the city stays; the <title> has it whole.
    assert ">Dinas Pekerjaan … Ruang Makassar</text>" in svg
    assert "<title>Dinas Pekerjaan Umum dan Penataan Ruang Makassar: 4</title>" in svg
    line = str(charts.line("m", "h", [{"label": "01/2026", "value": 1}, {"label": "02/2026", "value": 3}]))
    assert "viewBox" not in line and 'x1="3.0%"' in line and 'x2="97.0%"' in line
