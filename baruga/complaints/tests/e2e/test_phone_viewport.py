"""On a 360 px phone the pages fit the screen (no sideways scrolling) and their main buttons show.

Screenshots land in test-artifacts/ (git-ignored) for a human look.
"""

import pytest
from playwright.sync_api import expect

from baruga.complaints import actions

from .conftest import ARTIFACTS, login

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
LONG_TITLE = "Saluran drainase tersumbat sampah di Jl. Perintis Kemerdekaan KM 10, Tamalanrea (dekat BTN Antara)"


def _assert_fits_phone(page, name, *main_buttons):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"phone-{name}.png", full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"{name}: the page is {scroll_width} px wide on a 360 px phone"
    for button in main_buttons:
        button.scroll_into_view_if_needed()
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, f"{name}: {button} sticks out of the screen"


@pytest.fixture
def phone(new_context):
    return new_context(**PHONE).new_page()


def test_the_citizen_pages_fit_a_phone(cast, file_report, phone):
    report, secret = file_report(guest=True, category=cast.city_road, title=LONG_TITLE)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    actions.respond(actor=cast.eko, report=report, body="Saluran sudah dibersihkan oleh tim kebersihan kota.")

    phone.goto("/")
    _assert_fits_phone(phone, "home", phone.get_by_role("link", name="Buat laporan"),
                       phone.get_by_role("button", name="Lacak"))
    phone.goto("/lapor/")
    _assert_fits_phone(phone, "file", phone.get_by_role("button", name="Kirim laporan"))
    phone.goto(f"/lacak/{report.tracking_id}/?k={secret}")
    _assert_fits_phone(phone, "track", phone.get_by_role("button", name="Kirim penilaian dan selesaikan"))


def test_the_staff_pages_fit_a_phone(cast, file_report, phone, live_server):
    report = file_report(category=cast.city_road, title=LONG_TITLE)
    login(phone, live_server, "citra")
    _assert_fits_phone(phone, "inbox", phone.get_by_role("button", name="Terapkan"),
                       phone.get_by_role("link", name=LONG_TITLE))
    phone.get_by_role("link", name=LONG_TITLE).click()
    _assert_fits_phone(phone, "staff-detail", phone.get_by_role("button", name="Verifikasi"),
                       phone.get_by_role("button", name="Simpan catatan"))
    assert report.tracking_id in phone.url
