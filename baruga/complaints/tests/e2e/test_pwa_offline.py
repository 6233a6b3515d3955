"""The citizen app offline on a 360 px phone: a report written without signal is kept on the device,
"menunggu sinyal", and sent once the connection returns — one report, its number and private link shown.

Screenshots go to test-artifacts/ (or $SCREENSHOT_DIR) for a human look.
"""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from baruga.complaints.models import Report

from .conftest import axe_check, login
from .screens import PHONE, assert_wcag_22_aa, shoot

pytestmark = pytest.mark.browser

TITLE = "Pipa PDAM bocor di Jl. Hertasning"
BODY = "Air bersih terbuang dari pipa bocor di depan ruko sejak tiga hari, jalan jadi licin dan berlubang."
TRACKING_ID = re.compile(r"BRG-[A-Z0-9]{4}-[A-Z0-9]{4}")
ALLOWED_IN_CACHE = re.compile(r"^/(lapor/|static/.+)$")


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(buffer, format="JPEG")
    return {"name": "pipa.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def _worker_ready(page):
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # the worker controls the page only after a load within its scope
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def _kept_urls(page):
    return page.evaluate("""async () => {
        const urls = [];
        for (const key of await caches.keys()) {
            const cache = await caches.open(key);
            for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
        }
        return urls;
    }""")


def _fill(form):
    form.get_by_label("Pengaduan").check()
    form.get_by_label("Judul").fill(TITLE)
    form.get_by_label("Isi laporan").fill(BODY)
    form.get_by_label("Kategori").select_option(label="Jalan dan Jembatan › Jalan kabupaten/kota")
    form.get_by_label("Kabupaten/kota").select_option(label="Kota Makassar")
    form.get_by_label("Lampiran (opsional)").set_input_files(_photo())


def test_a_report_written_offline_is_kept_and_sent_once_when_the_signal_returns(cast, new_context):
    context = new_context(**PHONE)
    page = context.new_page()
    page.goto("/lapor/")
    _worker_ready(page)

    context.set_offline(True)
    page.reload()  # the worker's kept copy of the blank form
    expect(page.locator("html")).to_have_attribute("data-from-cache", "1")
    expect(page.locator("#offline-notice")).to_be_visible()
    form = page.locator("#report-form")
    _fill(form)
    form.get_by_role("button", name="Kirim laporan").click()

    drafts = page.locator("#drafts")
    expect(drafts).to_be_visible()
    expect(drafts.locator(".draft-status")).to_have_text(re.compile("^Menunggu sinyal"))
    expect(drafts.locator(".draft-title")).to_have_text(TITLE)
    expect(form.get_by_label("Judul")).to_have_value("")  # the form is free for the next report
    assert Report.objects.count() == 0
    axe_check(page)
    assert_wcag_22_aa(page)
    shoot(page, "pwa-360-offline-draft")

    context.set_offline(False)
    expect(drafts.locator(".draft-status")).to_have_text("Terkirim.")
    expect(page.locator("#offline-notice")).to_be_hidden()
    number = drafts.locator(".tracking").inner_text().strip()
    assert TRACKING_ID.fullmatch(number)
    link = drafts.locator(".copy-row a").get_attribute("href")
    assert f"/lacak/{number}/?k=" in link
    report = Report.objects.get()
    assert (report.tracking_id, report.title, report.attachments.count()) == (number, TITLE, 1)
    axe_check(page)
    assert_wcag_22_aa(page)
    shoot(page, "pwa-360-sent")

    # Back on another visit, the same draft list; reloading sends nothing again.
    page.goto("/lapor/")
    expect(page.locator("#drafts .tracking")).to_have_text(number)
    assert Report.objects.count() == 1
    page.get_by_role("button", name="Sudah saya simpan, hapus dari perangkat ini").click()
    expect(page.locator("#drafts")).to_be_hidden()

    # The private pages visited here were never kept by the worker.
    page.goto(link)
    page.goto(f"/lapor/terkirim/{number}/")
    page.goto("/akun/masuk/")
    kept = _kept_urls(page)
    assert "/lapor/" in kept
    assert all(ALLOWED_IN_CACHE.match(url) for url in kept), kept


def test_a_draft_sent_twice_files_one_report(cast, new_context):
    """Two tabs come back online together: both send the draft, its submission token files it once."""
    context = new_context(**PHONE)
    first = context.new_page()
    first.goto("/lapor/")
    context.set_offline(True)
    _fill(first.locator("#report-form"))
    first.locator("#report-form").get_by_role("button", name="Kirim laporan").click()
    expect(first.locator("#drafts .draft-status")).to_have_text(re.compile("^Menunggu sinyal"))
    second = context.new_page()
    context.set_offline(False)
    second.goto("/lapor/")
    expect(first.locator("#drafts .draft-status")).to_have_text("Terkirim.")
    expect(second.locator("#drafts .draft-status")).to_have_text("Terkirim.")
    assert Report.objects.count() == 1


def test_the_kept_filing_page_is_the_guests_even_for_a_signed_in_citizen(cast, new_context, live_server):
    page = login(new_context(**PHONE).new_page(), live_server, "ayu")
    page.goto("/lapor/")
    expect(page.locator("form button", has_text="Keluar")).to_be_attached()  # the live page is the citizen's
    _worker_ready(page)
    page.goto("/lapor/")  # online visits refresh the kept copy
    kept = page.evaluate("""async () => {
        for (const key of await caches.keys()) {
            const found = await (await caches.open(key)).match("/lapor/");
            if (found) return found.text();
        }
        return null;
    }""")
    assert kept and "Anda melapor sebagai tamu" in kept
    assert "Keluar" not in kept and "Laporan saya" not in kept
