"""The OPD head on a 360 px phone: badge, one-tap approval, return with a reason, the service
worker, and the last synced list shown offline with its notice."""

import pytest
from playwright.sync_api import expect

from baruga.complaints.models import Response, State
from baruga.complaints.tests.e2e.conftest import ARTIFACTS, axe_check, login

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2,
         "service_workers": "allow"}


def _fits(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"pimpinan-{name}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name}: the page is {width} px wide on a 360 px phone"


def test_the_head_decides_on_a_phone_and_reads_the_list_offline(desk, new_context, live_server):
    context = new_context(**PHONE)
    page = context.new_page()
    login(page, live_server, "fajar")
    page.goto("/pimpinan/")
    header_badge = page.locator("#badge-header")
    expect(header_badge).to_contain_text("4")
    expect(page.locator("#badge-nav")).to_contain_text("4")
    first = page.locator(f"#response-{desk.first.tracking_id}")
    second = page.locator(f"#response-{desk.second.tracking_id}")
    expect(first).to_contain_text("Lubang akan ditambal tim UPTD")
    expect(second).to_be_visible()
    # The service worker registers for the app's scope.
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{live_server.url}/pimpinan/"
    _fits(page, "home")
    axe_check(page)

    # Setujui shows the follow-up whole with a confirmation in place of the item; confirming approves
    # (htmx swaps the item, the badge goes down).
    first.get_by_role("link", name="Setujui").click()
    expect(first.get_by_role("button", name="Ya, setujui dan terbitkan")).to_be_visible()
    first.get_by_role("button", name="Ya, setujui dan terbitkan").click()
    expect(page.locator(f"#response-{desk.first.tracking_id}")).to_contain_text("disetujui dan diterbitkan")
    expect(header_badge).to_contain_text("3")
    # Return another with a reason.
    second.locator("summary").click()
    second.get_by_label("Alasan pengembalian").fill("Lengkapi foto sebelum dan sesudah perbaikan.")
    second.get_by_role("button", name="Kembalikan ke OPD").click()
    expect(page.locator(f"#response-{desk.second.tracking_id}")).to_contain_text("dikembalikan ke OPD")
    expect(header_badge).to_contain_text("2")
    expect(page.locator("#badge-nav")).to_contain_text("2")
    assert desk.first.responses.get().status == Response.Status.PUBLISHED
    assert desk.second.responses.get().status == Response.Status.REJECTED
    desk.first.refresh_from_db()
    assert desk.first.state == State.RESPONDED
    _fits(page, "decided")
    axe_check(page)

    # A fresh load, now through the worker, keeps the list in its cache.
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.wait_for_function(
        "caches.open('baruga-pimpinan-data').then(c => c.match(location.href)).then(r => !!r)", polling=100)
    expect(page.locator("#offline-banner")).to_be_hidden()
    synced = page.locator(".synced time").get_attribute("datetime")

    context.set_offline(True)
    page.reload()
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.locator("#offline-banner")).to_contain_text("Anda sedang luring")
    expect(page.locator(".synced")).to_contain_text("Data terakhir disinkronkan:")
    assert page.locator(".synced time").get_attribute("datetime") == synced
    expect(page.locator(f"#extension-{desk.stretched.tracking_id}")).to_be_visible()
    expect(page.locator(f"#response-{desk.first.tracking_id}")).to_have_count(0)
    expect(header_badge).to_contain_text("2")
    _fits(page, "offline")
    # A list never opened shows the offline shell instead of the browser's error.
    page.goto("/pimpinan/hari-ini/")
    expect(page.get_by_role("heading", name="Anda sedang luring")).to_be_visible()
    context.set_offline(False)
    page.goto("/pimpinan/hari-ini/")
    expect(page.get_by_role("heading", name="Masuk hari ini")).to_be_visible()
    expect(page.locator("#offline-banner")).to_be_hidden()
    _fits(page, "today")
    axe_check(page)
