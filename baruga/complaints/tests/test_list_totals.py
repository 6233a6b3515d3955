"""The inbox's and the public list's totals: counted on each view, a search's count capped."""

from django.urls import reverse

from baruga.complaints import actions
from baruga.complaints.paging import CappedPaginator


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def test_the_inbox_totals_follow_a_new_report_in_scope(client, cast, file_report):
    file_report(category=cast.city_road)
    client.force_login(cast.citra)
    page = _page(client, reverse("complaints:inbox"))
    assert 'Belum terverifikasi <span class="count">1</span>' in page.text

    file_report(category=cast.city_road)
    page = _page(client, reverse("complaints:inbox"))
    assert 'Belum terverifikasi <span class="count">2</span>' in page.text
    assert "2 laporan" in page.text


def test_a_search_counts_at_most_the_cap_and_says_so(client, cast, file_report, monkeypatch):
    from baruga.complaints import views_public

    monkeypatch.setattr(views_public, "SEARCH_COUNT_CAP", 2)
    for i in range(3):
        report = file_report(category=cast.city_road, title=f"Jalan berlubang nomor {i}")
        actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    page = _page(client, reverse("complaints:public_list"), q="berlubang")
    assert "Lebih dari 2 laporan" in page.text
    assert page.text.count("report-item") == 3  # the page itself is complete
    page = _page(client, reverse("complaints:public_list"))
    assert "3 laporan" in page.text  # no search, no cap


def test_a_capped_count_of_an_empty_scope_is_zero(db):
    from baruga.complaints.models import Report

    paginator = CappedPaginator(Report.objects.none(), 10, cap=5)
    assert paginator.count == 0 and not paginator.capped
