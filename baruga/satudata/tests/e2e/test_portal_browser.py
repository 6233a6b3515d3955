"""The portal and the review in a real browser, at 360 px and 1280 px, without horizontal scrolling of the page."""

import io

import pytest
from django.core.management import call_command
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


@pytest.mark.parametrize("size", WIDTHS)
def test_the_results_come_first_and_the_facets_stay_reachable(new_context, live_server, size):
    """With the demo's dozen datasets: on a phone the facets fold behind "Saring hasil" and the first dataset is
    on the first screen; from 768 px they are an open side column. A chosen filter is a chip that removes it."""
    call_command("seed_satudata_demo", stdout=io.StringIO())
    page = new_context(viewport=WIDTHS[size]).new_page()
    page.goto("/data/")
    first = page.locator(".sd-result h2 a").first
    top = first.evaluate("a => a.getBoundingClientRect().top + window.scrollY")
    assert top < 640
    facets = page.locator(".sd-facets")
    toggle = page.locator(".sd-filter > summary")
    expect(toggle).to_have_text("Saring hasil")
    page.screenshot(path=f"/tmp/satudata-search-demo-{size}.png", full_page=True)
    if size == "phone":
        expect(facets).to_be_hidden()
        toggle.click()
    expect(facets).to_be_visible()
    assert facets.evaluate("n => n.getBoundingClientRect().left") < first.evaluate(
        "a => a.getBoundingClientRect().left") if size == "desktop" else True
    opd = facets.locator("details").first
    opd.locator("a").first.click()
    chip = page.locator(".sd-chosen a")
    expect(chip).to_have_count(1)
    expect(page.locator(".sd-filter > summary")).to_have_text("Saring hasil (1)")
    chosen = page.locator(".sd-result").count()
    assert page.locator(".sd-result h2 a").first.evaluate(
        "a => a.getBoundingClientRect().top + window.scrollY") < 640
    _no_page_scroll(page)
    page.screenshot(path=f"/tmp/satudata-search-demo-chosen-{size}.png", full_page=True)
    axe_check(page)
    chip.click()
    expect(page.locator(".sd-chosen a")).to_have_count(0)
    assert page.locator(".sd-result").count() > chosen


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
