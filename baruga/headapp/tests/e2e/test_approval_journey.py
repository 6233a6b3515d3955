"""The head approves at 360 and 1280 px: the whole follow-up and a confirmation first, with and
without JavaScript; counts follow; titles open inside the app. No axe-core violation of WCAG 2.2
A/AA on any page visited."""

import pytest
from playwright.sync_api import expect

from baruga.complaints.models import Response
from baruga.complaints.tests.e2e.conftest import login
from baruga.stats.tests.e2e.helpers import WIDTHS, fits, wcag_aa_clean

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", WIDTHS)
def test_the_head_reads_the_whole_follow_up_then_confirms(desk, new_context, live_server, width):
    page = new_context(**WIDTHS[width]).new_page()
    login(page, live_server, "fajar")
    page.goto("/pimpinan/")
    item = page.locator(f"#response-{desk.first.tracking_id}")
    expect(page.locator("#n-responses")).to_have_text("2")
    wcag_aa_clean(page)
    # The title opens the report inside the app.
    item.get_by_role("link", name=desk.first.title).click()
    expect(page).to_have_url(f"{live_server.url}/pimpinan/laporan/{desk.first.tracking_id}/")
    expect(page.locator(".tabs")).to_be_visible()
    fits(page, width, "head-detail")
    wcag_aa_clean(page)
    page.go_back()
    item.get_by_role("link", name="Setujui").click()
    confirm = item.get_by_role("button", name="Ya, setujui dan terbitkan")
    expect(confirm).to_be_visible()
    expect(item.locator("[data-response-body]")).to_contain_text("Lubang akan ditambal tim UPTD pada hari Kamis.")
    assert desk.first.responses.get().status == Response.Status.PENDING
    wcag_aa_clean(page)
    confirm.click()
    expect(item).to_contain_text("disetujui dan diterbitkan")
    expect(page.locator("#n-responses")).to_have_text("1")
    expect(page.locator("#badge-header")).to_contain_text("3")
    assert desk.first.responses.get().status == Response.Status.PUBLISHED
    fits(page, width, "head-approved")
    wcag_aa_clean(page)


def test_without_javascript_the_confirmation_is_a_page(desk, new_context, live_server):
    page = new_context(java_script_enabled=False, **WIDTHS[360]).new_page()
    login(page, live_server, "fajar")
    page.goto("/pimpinan/")
    page.locator(f"#response-{desk.second.tracking_id}").get_by_role("link", name="Setujui").click()
    expect(page).to_have_url(f"{live_server.url}/pimpinan/laporan/{desk.second.tracking_id}/setujui/?next=/pimpinan/")
    expect(page.locator("[data-response-body]")).to_contain_text("Sudah dicek.")
    page.get_by_role("button", name="Ya, setujui dan terbitkan").click()
    expect(page).to_have_url(f"{live_server.url}/pimpinan/")
    expect(page.locator("#n-responses")).to_have_text("1")
    expect(page.get_by_text(f"Tindak lanjut {desk.second.tracking_id} disetujui dan diterbitkan.")).to_be_visible()
