"""In Chromium: the nav shows the unread count, htmx marks one read in place, both pages pass axe,
and the centre fits a 360 px phone."""

import re

import pytest
from playwright.sync_api import expect

from baruga.complaints.tests.e2e.conftest import axe_check, login

pytestmark = pytest.mark.browser


def test_eko_reads_his_notifications_and_sets_his_preferences(cast, dispatched_report, new_context, live_server):
    page = new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
    login(page, live_server, "eko")
    page.get_by_text("Menu", exact=True).click()  # on a phone the main menu opens from its button
    link = page.get_by_role("link", name=re.compile(r"^Notifikasi\W+1\W*belum dibaca"))
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifikasi")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    item = page.locator(".report-item").first
    expect(item).to_contain_text(dispatched_report.tracking_id)
    item.get_by_role("button", name=re.compile("^Tandai sudah dibaca")).click()
    expect(item.get_by_role("button")).to_have_count(0)  # swapped in place by htmx
    page.reload()
    page.get_by_text("Menu", exact=True).click()
    expect(page.get_by_role("link", name="Notifikasi", exact=True)).to_be_visible()  # no unread count left
    page.get_by_text("Menu", exact=True).click()  # closed again: the open menu covers the page

    page.get_by_role("link", name="Pengaturan notifikasi").click()
    page.get_by_label("Kumpulkan e-mail notifikasi menjadi satu ringkasan harian").check()
    page.get_by_label("Bahasa notifikasi").select_option("en")
    axe_check(page)
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".msg-success")).to_have_text("Pengaturan notifikasi disimpan.")
