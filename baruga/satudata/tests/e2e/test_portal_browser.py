"""The portal and the review in a real browser, at 360 px and 1280 px, without horizontal scrolling of the page."""

import pytest
from playwright.sync_api import expect

from baruga.satudata import actions, loading
from baruga.satudata.models import Resource
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


@pytest.mark.parametrize("size", WIDTHS)
def test_the_staff_see_a_table_loading_in_the_background(new_context, live_server, data, make_dataset, size):
    """The status line polls itself while the worker loads the table, then the page reloads with the preview."""
    dataset = make_dataset()
    resource = dataset.resources.get()
    Resource.objects.filter(pk=resource.pk).update(datastore_status=Resource.DatastoreStatus.LOADING,
                                                   datastore_active=False)
    loading.cache.set(loading._progress_key(resource.pk), {"rows": 2000, "total": 5000})
    page = new_context(viewport=WIDTHS[size]).new_page()
    login(page, live_server, "pita")
    page.goto(f"/data/petugas/{dataset.pk}/sumber/{resource.pk}/")
    status = page.locator("#sd-load-status")
    expect(status).to_contain_text("2000 dari 5000 baris dimuat")
    expect(status.locator("progress")).to_be_visible()
    _no_page_scroll(page)
    page.screenshot(path=f"/tmp/satudata-staff-loading-{size}.png", full_page=True)
    axe_check(page)
    # the worker ends the load: the next poll reloads the page, which now shows the preview
    Resource.objects.filter(pk=resource.pk).update(datastore_status=Resource.DatastoreStatus.PENDING)
    loading.load_datastore_task.call(str(resource.pk), 1, "")
    expect(page.locator(".sd-table table")).to_contain_text("Mariso", timeout=10000)
    expect(page.locator("#sd-load-status")).not_to_have_attribute("hx-trigger", "every 2s")
    _no_page_scroll(page)
    page.screenshot(path=f"/tmp/satudata-staff-loaded-{size}.png", full_page=True)
