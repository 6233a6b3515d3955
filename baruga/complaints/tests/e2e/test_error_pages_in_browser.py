"""In a real browser, on a phone and a desktop: the error pages are the site's own, in its layout with
its menu, in Bahasa Indonesia, fit the screen, offer next steps and pass axe (WCAG 2.2 AA)."""

import pytest
from playwright.sync_api import expect

from .screens import SCREENS, check_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", SCREENS)
def test_a_wrong_address_shows_the_indonesian_404_page_with_the_menu(cast, new_context, width):
    page = new_context(**SCREENS[width], extra_http_headers={"Accept-Language": "en-US,en;q=0.9"}).new_page()
    response = page.goto("/tidak-ada-halaman-ini/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Halaman tidak ditemukan")
    expect(page.locator("header nav[aria-label='Menu utama']")).to_have_count(1)  # the site's layout
    check_page(page, "404", width)
    page.get_by_label("Lacak laporan dengan nomor pelacakan").fill("BRG-0000-0000")
    page.get_by_role("button", name="Lacak", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lacak laporan")


@pytest.mark.parametrize("width", SCREENS)
def test_the_phone_menu_opens_without_javascript(cast, new_context, width):
    page = new_context(**SCREENS[width], java_script_enabled=False).new_page()
    page.goto("/halaman-lain/")
    lapor = page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Lapor", exact=True)
    if width == "360":
        expect(lapor).to_be_hidden()
        page.get_by_text("Menu", exact=True).click()
        check_page(page, "404-menu-open-nojs", width, axe=False)
    expect(lapor).to_be_visible()
    assert lapor.bounding_box()["height"] >= 24


@pytest.mark.parametrize("width", SCREENS)
def test_the_403_429_and_500_pages_fit_and_pass_axe(cast, new_context, width, settings, monkeypatch, live_server):
    from baruga.complaints import selectors
    from baruga.complaints.tests.e2e.conftest import login

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": "1/m"}
    page = new_context(**SCREENS[width]).new_page()
    page.goto("/lacak/?tracking_id=BRG-0000-0001")
    assert page.goto("/lacak/?tracking_id=BRG-0000-0002").status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("Terlalu banyak permintaan")
    check_page(page, "429", width)

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(selectors, "get_by_tracking_id", broken)
    assert page.goto("/laporan/BRG-0000-0000/").status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text("Terjadi kesalahan pada server")
    check_page(page, "500", width)

    login(page, live_server, "ayu")
    assert page.goto("/pimpinan/").status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Akses ditolak")
    check_page(page, "403", width)
