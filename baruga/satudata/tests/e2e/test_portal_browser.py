"""The portal and the review in a real browser, at 360 px and 1280 px, without horizontal scrolling of the page."""

import pytest
from playwright.sync_api import expect

from baruga.satudata import actions
from baruga.satudata.tests.conftest import CHECKLIST

from .conftest import axe_check, login

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


def _no_page_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("size", WIDTHS)
def test_search_dataset_and_preview(new_context, live_server, data, published, size):
    page = new_context(viewport=WIDTHS[size]).new_page()  # the pages load no script of their own
    page.goto("/data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Portal Satu Data")
    _no_page_scroll(page)
    page.screenshot(path=f"/tmp/satudata-search-{size}.png", full_page=True)
    axe_check(page)
    page.get_by_role("link", name=published.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(published.title)
    _no_page_scroll(page)
    page.screenshot(path=f"/tmp/satudata-dataset-{size}.png", full_page=True)
    axe_check(page)
    page.get_by_role("link", name="Tabel").click()
    expect(page.locator("table")).to_contain_text("Mariso")
    expect(page.locator("svg.chart")).to_be_visible()
    _no_page_scroll(page)
    page.screenshot(path=f"/tmp/satudata-resource-{size}.png", full_page=True)
    axe_check(page)


def test_walidata_publishes_with_the_checklist(new_context, live_server, data, make_dataset):
    dataset = make_dataset()
    actions.submit(data.pita, dataset)
    page = new_context(viewport=WIDTHS["phone"]).new_page()
    login(page, live_server, "wulan")
    page.goto(f"/data/petugas/{dataset.pk}/")
    for label, _key in [("Standar data", 0), ("Metadata baku", 1), ("Interoperabilitas", 2), ("Kode referensi", 3)]:
        page.get_by_label(label).check()
    page.screenshot(path="/tmp/satudata-review-phone.png", full_page=True)
    page.get_by_role("button", name="Terbitkan", exact=True).click()
    expect(page.locator(".msg-success")).to_contain_text("diterbitkan")
    dataset.refresh_from_db()
    assert dataset.state == "published"
    axe_check(page)
