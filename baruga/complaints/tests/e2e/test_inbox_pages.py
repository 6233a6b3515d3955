"""The inbox's pager in the browser: "Berikutnya" / "Sebelumnya" by cursor, swapped by htmx with the
address kept in step, and as plain links without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from baruga.complaints import selectors, views_staff

from .conftest import axe_check, login

pytestmark = pytest.mark.browser
PER_PAGE = 3


@pytest.fixture
def eight_reports(cast, file_report, monkeypatch):
    monkeypatch.setattr(views_staff, "INBOX_PAGE_SIZE", PER_PAGE)
    for i in range(8):
        file_report(category=cast.city_road, title=f"Jalan rusak nomor {i}")
    return [f"/petugas/laporan/{r.tracking_id}/" for r in selectors.staff_inbox(cast.citra)]


def _rows(page):
    return page.locator("#rows .report-item > a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


@pytest.mark.parametrize("javascript", [True, False])
def test_citra_pages_through_her_inbox_and_back(new_context, live_server, eight_reports, javascript):
    expected = eight_reports
    page = new_context(java_script_enabled=javascript).new_page()
    login(page, live_server, "citra")
    page.goto("/petugas/")
    assert _rows(page) == expected[:PER_PAGE]
    expect(page.locator("#rows")).to_contain_text("3 dari 8 laporan")
    for number in (1, 2):
        page.get_by_role("link", name="Berikutnya →").click()
        expect(page).to_have_url(re.compile(r"after="))
        expect(page.locator("#rows .report-item > a").first).to_have_attribute("href", expected[number * PER_PAGE])
        assert _rows(page) == expected[number * PER_PAGE:(number + 1) * PER_PAGE]
    expect(page.get_by_role("link", name="Berikutnya →")).to_have_count(0)
    assert page.locator("#rows").count() == 1  # swapped, not nested
    if javascript:  # axe-core runs as a script in the page
        axe_check(page)
    page.get_by_role("link", name="← Sebelumnya").click()
    expect(page).to_have_url(re.compile(r"before="))
    expect(page.locator("#rows .report-item > a").first).to_have_attribute("href", expected[PER_PAGE])
    page.get_by_role("link", name="Halaman pertama").click()
    expect(page.locator("#rows .report-item > a").first).to_have_attribute("href", expected[0])
    expect(page).not_to_have_url(re.compile(r"after=|before="))
