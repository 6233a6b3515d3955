"""The inbox's and the public list's totals are cached (`complaints.counts`) and recounted after a change."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baruga.complaints import actions, counts, selectors


def _page(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, len(queries.captured_queries)


def test_the_inbox_totals_come_from_the_cache_until_a_report_in_scope_changes(client, cast, file_report):
    file_report(category=cast.city_road)
    client.force_login(cast.citra)
    _first, cold = _page(client, reverse("complaints:inbox"))
    page, warm = _page(client, reverse("complaints:inbox"))
    assert warm == cold - 2  # the paginator's count and the counts per status
    assert 'Belum terverifikasi <span class="count">1</span>' in page.text

    file_report(category=cast.city_road)  # a new report at Makassar: its ReportEvent moves the versions
    page, again = _page(client, reverse("complaints:inbox"))
    assert again == cold
    assert 'Belum terverifikasi <span class="count">2</span>' in page.text
    assert "2 laporan" in page.text


def test_a_change_elsewhere_keeps_the_cached_totals(client, cast, file_report):
    file_report(category=cast.city_road)
    client.force_login(cast.eko)  # Dinas PUPR Makassar
    _page(client, reverse("complaints:inbox"))
    _response, warm = _page(client, reverse("complaints:inbox"))
    file_report(category=cast.city_road, location=cast.gowa, district=cast.somba_opu)  # Gowa, not PUPR Makassar
    _response, after = _page(client, reverse("complaints:inbox"))
    assert after == warm


def test_the_version_keys_follow_the_scope(cast):
    assert selectors.staff_scope_keys(cast.citra) == [counts.jurisdiction_key(cast.makassar.pk)]
    assert selectors.staff_scope_keys(cast.eko) == [counts.agency_key(cast.pupr.pk)]
    assert selectors.staff_scope_keys(cast.hadi) == [counts.EVERYTHING]  # a leader sees across jurisdictions


def test_a_search_counts_at_most_the_cap_and_says_so(client, cast, file_report, monkeypatch):
    from baruga.complaints import views_public

    monkeypatch.setattr(views_public, "SEARCH_COUNT_CAP", 2)
    for i in range(3):
        report = file_report(category=cast.city_road, title=f"Jalan berlubang nomor {i}")
        actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    page, _n = _page(client, reverse("complaints:public_list"), q="berlubang")
    assert "Lebih dari 2 laporan" in page.text
    assert page.text.count("report-item") == 3  # the page itself is complete
    page, _n = _page(client, reverse("complaints:public_list"))
    assert "3 laporan" in page.text  # no search, no cap


def test_a_queryset_that_can_match_nothing_counts_zero_without_a_query(db):
    from baruga.complaints.models import Report

    with CaptureQueriesContext(connection) as queries:
        assert counts.cached_count(Report.objects.none(), [counts.EVERYTHING]) == 0
        assert counts.cached_count(Report.objects.filter(pk__in=[]), [counts.EVERYTHING]) == 0
    assert len(queries.captured_queries) == 0


def test_a_capped_count_of_an_empty_scope_is_zero(db):
    from baruga.complaints.models import Report

    paginator = counts.CachedCountPaginator(Report.objects.none(), 10, version_keys=[counts.EVERYTHING], cap=5)
    assert paginator.count == 0 and not paginator.capped
