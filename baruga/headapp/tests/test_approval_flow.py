"""Approving a follow-up: the whole text and a confirmation first, counts that follow the decision,
report titles that open inside the app."""

import re

from django.urls import reverse

from baruga.complaints import actions
from baruga.complaints.models import Response, State
from baruga.complaints.tests.builders import bring_to

HOME = "/pimpinan/"
HX = {"HTTP_HX_REQUEST": "true"}
LONG = "Perbaikan dilakukan dalam tiga tahap. " * 20 + "Tahap terakhir selesai hari Jumat pukul 15.00."


def _long_draft(desk, cast, file_report):
    report = file_report(category=cast.city_road, title="Jembatan kayu di Tallo lapuk")
    bring_to(report, State.DISPATCHED, agency=cast.pupr)
    actions.respond(actor=cast.eko, report=report, body=LONG)
    return report


def test_the_list_says_the_draft_is_cut_and_setujui_opens_the_whole_text(client, desk, cast, file_report):
    report = _long_draft(desk, cast, file_report)
    client.force_login(desk.fajar)
    home = client.get(HOME).text
    assert "Tahap terakhir selesai hari Jumat" not in home
    assert "teks lengkap ditampilkan sebelum Anda menyetujui" in home
    confirm_url = reverse("headapp:approve", args=[report.tracking_id])
    assert f'href="{confirm_url}?next=/pimpinan/"' in home
    page = client.get(confirm_url, {"next": HOME}).text
    assert "Tahap terakhir selesai hari Jumat pukul 15.00." in page
    assert "Ya, setujui dan terbitkan" in page and 'name="next" value="/pimpinan/"' in page
    assert report.responses.get().status == Response.Status.PENDING


def test_confirming_approves_and_the_counts_follow_without_javascript(client, desk):
    client.force_login(desk.fajar)
    before = client.get(HOME).text
    assert re.search(r'id="n-responses">2<', before)
    response = client.post(reverse("headapp:approve", args=[desk.first.tracking_id]), {"next": HOME}, follow=True)
    assert response.redirect_chain == [(HOME, 302)]
    assert re.search(r'id="n-responses">1<', response.text)
    assert desk.first.responses.get().status == Response.Status.PUBLISHED


def test_with_htmx_the_confirmation_replaces_the_item_and_the_decision_updates_every_count(client, desk):
    client.force_login(desk.fajar)
    url = reverse("headapp:approve", args=[desk.first.tracking_id])
    fragment = client.get(url, {"next": HOME}, **HX).text
    assert "<html" not in fragment and f'id="response-{desk.first.tracking_id}"' in fragment
    assert "Lubang akan ditambal tim UPTD pada hari Kamis." in fragment
    assert f'hx-post="{url}"' in fragment
    done = client.post(url, {"next": HOME}, **HX).text
    assert re.search(r'id="n-responses" hx-swap-oob="true">1<', done)
    assert re.search(r'id="n-extensions" hx-swap-oob="true">1<', done)
    assert re.search(r'id="n-tab-today" hx-swap-oob="true">\d+<', done)


def test_a_title_opens_the_report_inside_the_app(client, desk):
    client.force_login(desk.fajar)
    home = client.get(HOME).text
    detail = reverse("headapp:detail", args=[desk.first.tracking_id])
    assert f'href="{detail}"' in home
    assert reverse("complaints:staff_detail", args=[desk.first.tracking_id]) not in home
    page = client.get(detail).text
    assert desk.first.title in page and desk.first.body[:40] in page
    assert "Lubang akan ditambal tim UPTD pada hari Kamis." in page
    assert 'class="tabs"' in page  # still in the app
    for url in ("/pimpinan/eskalasi/", "/pimpinan/terlambat/", "/pimpinan/hari-ini/"):
        assert "/petugas/laporan/" not in client.get(url).text


def test_the_detail_hides_what_the_user_may_not_see(client, desk):
    client.force_login(desk.fajar)
    assert client.get(reverse("headapp:detail", args=[desk.elsewhere.tracking_id])).status_code == 404
    assert client.get(reverse("headapp:approve", args=[desk.elsewhere.tracking_id])).status_code == 404
    assert client.get("/pimpinan/laporan/tidak-ada/").status_code == 404
    client.force_login(desk.eko)  # the sub-admin sees the report but does not decide
    page = client.get(reverse("headapp:detail", args=[desk.first.tracking_id])).text
    assert "Tindak lanjut menunggu persetujuan Anda" not in page
