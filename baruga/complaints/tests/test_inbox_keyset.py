"""The staff inbox pages by cursor (baruga/lib/keyset.py): every row exactly once in both orders, with
filters and ties, forward and back; never outside the user's scope; a bad cursor gives the first page;
the cost of a page does not grow with its depth. And the staff API inbox's total."""

import base64
import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baruga.complaints import permissions, selectors, views_staff
from baruga.complaints.models import Report, State
from baruga.complaints.tests.api_helpers import get as api_get
from baruga.complaints.tests.builders import bring_to
from baruga.lib.keyset import keyset_page

INBOX = "/petugas/"
BASE = dt.datetime(2026, 3, 2, 1, tzinfo=dt.UTC)
PER_PAGE = 4
NOTICE = "Tautan halaman tidak dikenali"
ROW = re.compile(r'href="/petugas/laporan/([^/"]+)/"')


@pytest.fixture
def ties(cast, file_report):
    """19 Makassar reports received in six instants (ties of three and four, not in id order), due at
    three moments or not at all; four dispatched to Dinas PUPR, two to Disdik; and one in Gowa."""
    reports = [file_report(category=cast.city_road, title=f"Laporan nomor {i}") for i in range(19)]
    for report in reports[:4]:
        bring_to(report, State.DISPATCHED, agency=cast.pupr)
    for report in reports[4:6]:
        bring_to(report, State.DISPATCHED, agency=cast.disdik)
    gowa = file_report(category=cast.city_road, location=cast.gowa, district=cast.somba_opu, title="Gowa")
    for i, report in enumerate([*reports, gowa]):
        Report.objects.filter(pk=report.pk).update(
            created_at=BASE + dt.timedelta(minutes=(i * 7) % 6),
            due_at=None if i % 4 == 0 else BASE + dt.timedelta(days=i % 3))
    return reports


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views_staff, "INBOX_PAGE_SIZE", PER_PAGE)


def _python_order(reports, sort):
    """The inbox order computed here, independently of the database."""
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    if sort == "due":
        key = lambda r: (r.due_at or far, -r.created_at.timestamp(), -r.pk)  # noqa: E731
    else:
        key = lambda r: (-r.created_at.timestamp(), -r.pk)  # noqa: E731
    return [r.pk for r in sorted(reports, key=key)]


FILTERS = [{}, {"sort": "due"}, {"bucket": "dispatched"}, {"bucket": "dispatched", "sort": "due"},
           {"q": "nomor 1"}, {"agency_id": "pupr", "sort": "due"}]


def _filters(cast, filters):
    return {k: (getattr(cast, v).pk if k == "agency_id" else v) for k, v in filters.items()}


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("who", ["citra", "eko", "indah"])
def test_the_keyset_walks_every_row_once_forward_and_back(cast, ties, who, filters):
    user, filters = getattr(cast, who), _filters(cast, filters)
    queryset = selectors.staff_inbox(user, **filters)
    keyset = selectors.inbox_keyset(filters.get("sort", ""))
    everything = [r.pk for r in queryset]
    assert everything == _python_order(list(queryset), filters.get("sort", ""))

    pages = [keyset_page(queryset, keyset, 3)]
    while pages[-1].has_next:
        pages.append(keyset_page(queryset, keyset, 3, after=pages[-1].next_cursor))
    assert [r.pk for page in pages for r in page] == everything
    assert all(len(page) == 3 for page in pages[:-1]) and not pages[0].has_previous

    back = [pages[-1]]
    while back[-1].has_previous:
        back.append(keyset_page(queryset, keyset, 3, before=back[-1].previous_cursor))
    assert [r.pk for page in reversed(back) for r in page] == everything


def test_the_fixture_has_ties_in_both_orders(ties):
    created = [r.created_at for r in Report.objects.all()]
    due = [r.due_at for r in Report.objects.exclude(due_at=None)]
    assert len(set(created)) < len(created) and len(set(due)) < len(due)


def _walk(client, params, rel="next", start=None):
    """Follow the pager's rel=next (or rel=prev) links from `start` (or the first page): the tracking ids
    of every page, the pages' HTML."""
    html = client.get(INBOX + (start or ""), None if start else params).text
    pages = [html]
    while True:
        found = re.search(rf'<a href="(\?[^"]*)" rel="{rel}"', html)
        if found is None:
            return pages
        html = client.get(INBOX + unescape(found.group(1))).text
        pages.append(html)


@pytest.mark.parametrize("params", [{}, {"sort": "due"}, {"status": "dispatched", "sort": "due"},
                                    {"q": "nomor", "sort": "due"}, {"view": "overdue"}])
def test_the_pager_links_walk_the_inbox_both_ways_keeping_the_filters(client, cast, ties, small_pages, params):
    client.force_login(cast.citra)
    filters = {"bucket": params.get("status", ""), "q": params.get("q", ""), "view": params.get("view", ""),
               "sort": params.get("sort", "")}
    expected = [r.tracking_id for r in selectors.staff_inbox(cast.citra, **filters)]
    forward = _walk(client, params)
    assert [t for html in forward for t in ROW.findall(html)] == expected
    assert len(forward) > 1 or len(expected) <= PER_PAGE
    for html in forward[:-1]:  # every link keeps the filters
        next_link = unescape(re.search(r'<a href="(\?[^"]*)" rel="next"', html).group(1))
        assert all(f"{key}={value}" in next_link for key, value in params.items())
        assert "page=" not in next_link
    # Back from the last page, by the rel=prev links.
    last = unescape(re.search(r'<a href="(\?[^"]*)" rel="next"', forward[-2]).group(1)) if len(forward) > 1 else ""
    backward = _walk(client, params, rel="prev", start=last) if last else forward
    assert [t for html in reversed(backward) for t in ROW.findall(html)] == expected


def test_the_page_shows_its_rows_of_the_total(client, cast, ties, small_pages):
    client.force_login(cast.citra)
    first = client.get(INBOX).text
    assert "4 dari 19 laporan" in first
    assert "Halaman pertama" not in first and 'rel="prev"' not in first


@pytest.mark.parametrize("who, others", [("dewi", "citra"), ("eko", "citra"), ("gita", "eko")])
def test_a_cursor_never_shows_reports_outside_the_users_scope(client, cast, ties, small_pages, who, others):
    user, other = getattr(cast, who), getattr(cast, others)
    visible = {r.tracking_id for r in permissions.visible_reports(user)}
    # Cursors taken from another user's inbox, and forged ones at both ends of time.
    cursors = [selectors.NEWEST.encode(r) for r in selectors.staff_inbox(other)]
    forged = [f"{stamp}|{pk}" for stamp in ("9999-12-31T00:00:00+00:00", "0001-01-01T00:00:00+00:00")
              for pk in (0, 2**62)]
    cursors += [base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=") for raw in forged]
    client.force_login(user)
    for cursor in cursors:
        for direction in ("after", "before"):
            html = client.get(INBOX, {direction: cursor}).text
            assert set(ROW.findall(html)) <= visible, (direction, cursor)
            assert NOTICE not in html


@pytest.mark.parametrize("cursor", [
    "%%%", "x" * 300, "bm9wZQ", "MjAyNC0wMS0wMXx4",  # not base64 / "nope" / "2024-01-01|x"
    base64.urlsafe_b64encode(b"2026-13-45T00:00:00|1").decode(),
    base64.urlsafe_b64encode(b"2026-01-01T00:00:00+00:00|99999999999999999999999").decode(),
    base64.urlsafe_b64encode(b"|1").decode(),
    base64.urlsafe_b64encode("\udcff".encode("utf-8", "surrogatepass")).decode(),  # not UTF-8
])
@pytest.mark.parametrize("direction", ["after", "before"])
def test_a_bad_cursor_gives_the_first_page_and_says_so(client, cast, ties, small_pages, cursor, direction):
    client.force_login(cast.citra)
    first = ROW.findall(client.get(INBOX).text)
    response = client.get(INBOX, {direction: cursor})
    assert response.status_code == 200
    assert NOTICE in response.text and ROW.findall(response.text) == first


def test_a_cursor_of_the_other_order_is_refused(client, cast, ties, small_pages):
    client.force_login(cast.citra)
    newest = selectors.NEWEST.encode(selectors.staff_inbox(cast.citra)[2])
    by_due = selectors.BY_DUE.encode(selectors.staff_inbox(cast.citra, sort="due")[2])
    assert NOTICE in client.get(INBOX, {"sort": "due", "after": newest}).text
    assert NOTICE in client.get(INBOX, {"after": by_due}).text
    assert NOTICE not in client.get(INBOX, {"sort": "due", "after": by_due}).text


def test_old_page_number_links_still_work_and_continue_with_cursors(client, cast, ties, small_pages):
    client.force_login(cast.citra)
    expected = [r.tracking_id for r in selectors.staff_inbox(cast.citra)]
    html = client.get(INBOX, {"page": "2"}).text
    assert ROW.findall(html) == expected[PER_PAGE:2 * PER_PAGE]
    following = unescape(re.search(r'<a href="(\?[^"]*)" rel="next"', html).group(1))
    previous = unescape(re.search(r'<a href="(\?[^"]*)" rel="prev"', html).group(1))
    assert "after=" in following and "page=" not in following and "before=" in previous
    assert ROW.findall(client.get(INBOX + following).text) == expected[2 * PER_PAGE:3 * PER_PAGE]
    assert ROW.findall(client.get(INBOX + previous).text) == expected[:PER_PAGE]
    assert ROW.findall(client.get(INBOX, {"page": "999"}).text) == expected[-(len(expected) % PER_PAGE or PER_PAGE):]
    assert ROW.findall(client.get(INBOX, {"page": "x"}).text) == expected[:PER_PAGE]


def test_the_cost_of_a_page_does_not_grow_with_its_depth(client, cast, ties, small_pages):
    client.force_login(cast.citra)
    expected = [r.tracking_id for r in selectors.staff_inbox(cast.citra)]

    def queries(**params):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(INBOX, params)
        assert response.status_code == 200
        return len(captured)

    first = queries()
    cursor = selectors.NEWEST.encode
    rows = list(selectors.staff_inbox(cast.citra))
    assert queries(after=cursor(rows[PER_PAGE - 1])) == first
    assert queries(after=cursor(rows[4 * PER_PAGE - 1])) == first
    assert queries(before=cursor(rows[4 * PER_PAGE])) == first
    assert queries(page="4") == first
    # Back to the start through `before`: one query more, to serve the first page in full.
    assert queries(before=cursor(rows[2])) == first + 1
    assert len(expected) == 19


def test_htmx_gets_the_rows_and_the_pager_swaps_them(client, cast, ties, small_pages):
    client.force_login(cast.citra)
    partial = client.get(INBOX, {"status": "dispatched"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.text and 'id="rows"' in partial.text
    link = re.search(r'<a href="(\?[^"]*)" rel="next" hx-get="([^"]*)" hx-target="#rows" hx-swap="outerHTML"',
                     partial.text)
    assert link and link.group(1) == link.group(2) and "status=dispatched" in unescape(link.group(1))
    assert partial["Vary"] and "HX-Request" in partial["Vary"]
    restore = client.get(INBOX, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.text


def test_the_links_that_change_the_list_start_it_afresh(client, cast, ties, small_pages):
    client.force_login(cast.citra)
    after = selectors.NEWEST.encode(selectors.staff_inbox(cast.citra)[PER_PAGE - 1])
    html = unescape(client.get(INBOX, {"after": after, "status": "dispatched"}).text)
    for tag in re.findall(r'<a href="(\?[^"]*(?:view=|sort=|format=)[^"]*)"', html):
        assert "after=" not in tag and "before=" not in tag and "page=" not in tag


# The staff API inbox's total

def test_the_staff_api_inbox_total_follows_a_report_in_scope(client, cast, ties, file_report):
    client.force_login(cast.citra)
    assert api_get(client, "/staff/reports").json()["count"] == 19
    file_report(category=cast.city_road)
    assert api_get(client, "/staff/reports").json()["count"] == 20
    assert api_get(client, "/staff/reports?state=dispatched").json()["count"] == 6
