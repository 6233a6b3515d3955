"""The head app's pages: lists in scope, one-tap decisions (with and without htmx), the badge,
permissions, weight and query counts."""

import re

import pytest
from django.urls import reverse

from baruga.clocks.models import Escalation, EscalationTarget, Extension
from baruga.complaints.models import Response, State
from baruga.complaints.tests.builders import CAPACITY_REFUSED
from baruga.headapp import selectors

HOME = "/pimpinan/"
PAGES = ["/pimpinan/", "/pimpinan/eskalasi/", "/pimpinan/terlambat/", "/pimpinan/hari-ini/"]
HX = {"HTTP_HX_REQUEST": "true"}


def badge(html, where="header"):
    return int(re.search(rf'id="badge-{where}"[^>]*>(\d+)<', html).group(1))


def test_the_head_sees_what_waits_for_him_and_the_badge(client, desk):
    client.force_login(desk.fajar)
    html = client.get(HOME).text
    for report in (desk.first, desk.second, desk.stretched):
        assert report.title in html
    assert "Lubang akan ditambal tim UPTD" in html  # the draft he approves
    assert "Menunggu alat berat dari provinsi." in html
    assert desk.elsewhere.title not in html  # another OPD's draft
    escalated = selectors.escalated(desk.fajar).count()
    assert escalated == 1
    assert badge(html) == badge(html, "nav") == 2 + 1 + escalated
    assert 'data-badge="4"' in html
    assert "Data terakhir disinkronkan:" in html


def test_the_other_lists(client, desk):
    client.force_login(desk.fajar)
    assert desk.late.title in client.get("/pimpinan/eskalasi/").text
    overdue = client.get("/pimpinan/terlambat/").text
    assert desk.late.title in overdue and desk.first.title not in overdue
    today = client.get("/pimpinan/hari-ini/").text
    assert desk.first.title in today and desk.stretched.title in today
    assert desk.late.title not in today and desk.elsewhere.title not in today


def test_one_tap_approves_without_javascript(client, desk):
    client.force_login(desk.fajar)
    response = client.post(reverse("headapp:approve", args=[desk.first.tracking_id]), {"next": HOME}, follow=True)
    assert response.redirect_chain == [(HOME, 302)]
    assert f"Tindak lanjut {desk.first.tracking_id} disetujui dan diterbitkan." in response.text
    desk.first.refresh_from_db()
    assert desk.first.state == State.RESPONDED
    assert desk.first.responses.get().status == Response.Status.PUBLISHED
    assert badge(response.text) == 3
    assert desk.first.title not in response.text.split("Menunggu persetujuan saya")[1]


def test_htmx_swaps_the_item_and_the_badges_out_of_band(client, desk):
    client.force_login(desk.fajar)
    response = client.post(reverse("headapp:approve", args=[desk.first.tracking_id]), **HX)
    assert response.status_code == 200
    html = response.text
    assert f'id="response-{desk.first.tracking_id}"' in html and "disetujui dan diterbitkan" in html
    assert re.search(r'id="badge-header"[^>]*hx-swap-oob="true"[^>]*>3<', html)
    assert re.search(r'id="badge-nav"[^>]*hx-swap-oob="true"[^>]*>3<', html)
    assert "<html" not in html


def test_returning_needs_a_reason(client, desk):
    client.force_login(desk.fajar)
    url = reverse("headapp:return", args=[desk.second.tracking_id])
    empty = client.post(url, {"reason": "  ", "next": HOME})
    assert empty.status_code == 400 and "Bidang ini tidak boleh kosong." in empty.text
    assert desk.second.responses.get().status == Response.Status.PENDING
    done = client.post(url, {"reason": "Lengkapi foto sebelum dan sesudah perbaikan.", "next": HOME}, follow=True)
    assert f"Tindak lanjut {desk.second.tracking_id} dikembalikan ke OPD." in done.text
    response = desk.second.responses.get()
    assert response.status == Response.Status.REJECTED
    assert response.review_reason == "Lengkapi foto sebelum dan sesudah perbaikan."
    desk.second.refresh_from_db()
    assert desk.second.state == State.IN_PROGRESS
    assert badge(done.text) == 3


def test_the_return_form_page_works_alone(client, desk):
    client.force_login(desk.fajar)
    page = client.get(reverse("headapp:return", args=[desk.second.tracking_id]))
    assert page.status_code == 200 and 'name="reason"' in page.text and 'name="csrfmiddlewaretoken"' in page.text


def test_a_head_cannot_approve_another_opds_response(client, desk):
    client.force_login(desk.fajar)
    for headers in ({}, HX):
        response = client.post(reverse("headapp:approve", args=[desk.elsewhere.tracking_id]), {"next": HOME},
                               follow=not headers, **headers)
        assert CAPACITY_REFUSED in response.text
    assert desk.elsewhere.responses.get().status == Response.Status.PENDING
    unknown = client.post(reverse("headapp:approve", args=["MKS-XXXX-0000"]), follow=True)
    assert CAPACITY_REFUSED in unknown.text  # the same words: nothing is revealed


def test_a_sub_admin_sees_the_app_but_cannot_approve(client, desk):
    client.force_login(desk.eko)
    html = client.get(HOME).text
    assert "diberikan oleh kepala OPD" in html and badge(html) == 0
    refused = client.post(reverse("headapp:approve", args=[desk.first.tracking_id]), follow=True)
    assert CAPACITY_REFUSED in refused.text
    assert desk.first.responses.get().status == Response.Status.PENDING


def test_extension_decisions(client, desk):
    client.force_login(desk.fajar)
    url = reverse("headapp:extension", args=[desk.stretched.tracking_id])
    refused = client.post(url, {"decision": "reject", "reason": ""})
    assert refused.status_code == 400 and "Alasan wajib diisi jika perpanjangan ditolak." in refused.text
    assert Extension.objects.get(pk=desk.extension.pk).status == Extension.Status.PENDING
    old_due = desk.stretched.due_at
    done = client.post(url, {"decision": "approve", "next": HOME}, follow=True)
    assert f"Perpanjangan {desk.stretched.tracking_id} disetujui." in done.text
    assert Extension.objects.get(pk=desk.extension.pk).status == Extension.Status.APPROVED
    desk.stretched.refresh_from_db()
    assert desk.stretched.due_at > old_due
    again = client.post(url, {"decision": "approve"}, follow=True)
    assert "Tidak ada permintaan perpanjangan yang menunggu keputusan." in again.text


def test_rejecting_an_extension_with_a_reason(client, desk):
    client.force_login(desk.fajar)
    client.post(reverse("headapp:extension", args=[desk.stretched.tracking_id]),
                {"decision": "reject", "reason": "Kerjakan dengan alat yang ada."})
    extension = Extension.objects.get(pk=desk.extension.pk)
    assert extension.status == Extension.Status.REJECTED and extension.decision_reason == "Kerjakan dengan alat yang ada."


def test_a_leader_sees_escalations_to_the_leaders(client, desk):
    client.force_login(desk.hadi)
    escalated_to_leaders = Escalation.objects.filter(clock__report=desk.late, target=EscalationTarget.LEADERS).exists()
    html = client.get("/pimpinan/eskalasi/").text
    assert (desk.late.title in html) == escalated_to_leaders
    assert desk.late.title in client.get("/pimpinan/terlambat/").text
    assert badge(client.get(HOME).text) == (1 if escalated_to_leaders else 0)


@pytest.mark.parametrize("who, status", [("ayu", 403), ("citra", 403), ("budi", 403)])
def test_only_heads_sub_admins_and_leaders_get_in(client, desk, who, status):
    client.force_login(getattr(desk, who))
    for url in PAGES:
        assert client.get(url).status_code == status
    assert client.post(reverse("headapp:approve", args=[desk.first.tracking_id])).status_code == status
    assert desk.first.responses.get().status == Response.Status.PENDING


def test_visitors_are_sent_to_sign_in(client, desk):
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")


def test_decisions_need_post(client, desk):
    client.force_login(desk.fajar)
    assert client.put(reverse("headapp:approve", args=[desk.first.tracking_id])).status_code == 405
    client.get(reverse("headapp:approve", args=[desk.first.tracking_id]))  # the confirmation only
    assert desk.first.responses.get().status == Response.Status.PENDING


# Session, user, memberships, five counts (badge and tabs), the list(s); the approvals page also
# fetches the drafts of its reports.
MAX_QUERIES = {"/pimpinan/": 11, "/pimpinan/eskalasi/": 9, "/pimpinan/terlambat/": 9, "/pimpinan/hari-ini/": 9}


@pytest.mark.parametrize("url", PAGES)
def test_pages_are_small_and_their_query_count_does_not_grow(client, desk, cast, file_report, url,
                                                             django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from baruga.complaints import actions
    from baruga.complaints.tests.builders import bring_to

    client.force_login(desk.fajar)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(4):
        report = file_report(category=cast.city_road, title=f"Laporan tambahan {i} " + "panjang " * 12)
        bring_to(report, State.DISPATCHED, agency=cast.pupr)
        actions.respond(actor=cast.eko, report=report, body="Draf tindak lanjut yang cukup panjang. " * 20)
    with django_assert_max_num_queries(MAX_QUERIES[url]):
        response = client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(response.content) < 30_000, f"{url} weighs {len(response.content)} bytes"


def test_full_lists_stay_under_30_kb(client, desk, cast, file_report):
    """Every list full, with the longest titles, drafts and reasons: still under 30 KB."""
    from baruga.complaints import actions
    from baruga.complaints.tests.builders import bring_to

    longest = "Judul yang sangat panjang sekali " * 5
    for i in range(selectors.APPROVAL_LIMIT + 1):
        report = file_report(category=cast.city_road, title=f"{i} {longest}"[:150])
        bring_to(report, State.DISPATCHED, agency=cast.pupr)
        actions.respond(actor=cast.eko, report=report, body="Isi tindak lanjut yang panjang. " * 150)
        report = file_report(category=cast.city_road, title=f"{i} {longest}"[:150])
        bring_to(report, State.DISPATCHED, agency=cast.pupr)
        actions.accept(actor=cast.eko, report=report)
        actions.request_extension(actor=cast.eko, report=report, working_days=2, reason="Alasan panjang. " * 100)
    for i in range(selectors.LIST_LIMIT + 1):
        report = file_report(category=cast.city_road, title=f"{i} {longest}"[:150])
        bring_to(report, State.DISPATCHED, agency=cast.pupr)
    client.force_login(desk.fajar)
    for url in PAGES:
        response = client.get(url)
        print(url, "bytes:", len(response.content))
        assert len(response.content) < 30_000, f"{url} weighs {len(response.content)} bytes"
    home = client.get(HOME).text
    assert home.count('class="item"') == 2 * selectors.APPROVAL_LIMIT
    assert "Semua 11 di kotak masuk" in home  # 9 + the desk's two drafts
    assert client.get("/pimpinan/hari-ini/").text.count('class="item"') == selectors.LIST_LIMIT


def test_no_inline_script_or_style(client, desk):
    client.force_login(desk.fajar)
    for url in PAGES:
        html = client.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert " style=" not in html and " on" + "click=" not in html


def test_the_staff_navigation_links_to_the_head_app(client, desk):
    client.force_login(desk.fajar)
    assert 'href="/pimpinan/"' in client.get("/petugas/").text
    client.force_login(desk.citra)
    assert 'href="/pimpinan/"' not in client.get("/petugas/").text


def test_a_malformed_number_is_not_found(client, desk):
    client.force_login(desk.fajar)
    assert client.get("/pimpinan/laporan/tidak-ada/kembalikan/").status_code == 404
    assert client.post("/pimpinan/laporan/tidak-ada/perpanjangan/", {"decision": "reject"}).status_code == 404
    refused = client.post("/pimpinan/laporan/tidak-ada/setujui/", follow=True)
    assert refused.status_code == 200 and CAPACITY_REFUSED in refused.text
