"""The SPBE pages in a browser at 360 and 1280 px: they fit, pass axe, break no CSP rule; screenshots
go to /tmp/spbe-*.png."""

import pytest
from playwright.sync_api import expect

from baruga.complaints.tests.e2e.conftest import axe_check, login
from baruga.spbe import actions
from baruga.spbe.tests.conftest import YEAR, accept_all, answer_all

pytestmark = pytest.mark.browser

SIZES = {"360": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
         "1280": {"viewport": {"width": 1280, "height": 900}}}


@pytest.fixture
def two_years(cast):
    last = actions.open_assessment(cast.citra, jurisdiction=cast.makassar, year=YEAR - 1)
    answer_all(cast.citra, last, level=lambda i: 2 + (i.number % 3))
    actions.submit(cast.citra, last)
    accept_all(cast.budi, last)
    actions.finalise(cast.budi, last)
    now = actions.open_assessment(cast.citra, jurisdiction=cast.makassar, year=YEAR)
    answer_all(cast.citra, now, level=lambda i: 3 + (i.number % 3 == 0))
    return last, now


@pytest.mark.parametrize("size", ["360", "1280"])
def test_summary_and_indicator_pages_fit_and_read(two_years, new_context, live_server, size):
    _last, now = two_years
    page = new_context(**SIZES[size]).new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    login(page, live_server, "citra")
    page.goto(f"/spbe/petugas/{now.pk}/")
    expect(page.locator("#chart-domain .bar")).to_have_count(4)
    expect(page.locator("#chart-aspect .bar")).to_have_count(8)
    expect(page.locator("#chart-history .bar")).to_have_count(2)
    page.screenshot(path=f"/tmp/spbe-summary-{size}.png", full_page=True)
    width = int(size)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe_check(page)
    page.goto(f"/spbe/petugas/{now.pk}/indikator/I12/")
    expect(page.get_by_text("Terpadu dan Terukur").first).to_be_visible()
    page.screenshot(path=f"/tmp/spbe-indicator-{size}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe_check(page)
    page.goto("/spbe/")
    page.screenshot(path=f"/tmp/spbe-public-{size}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe_check(page)
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems


def test_the_evaluator_reviews_on_a_phone(cast, new_context, live_server):
    from baruga.spbe.tests.conftest import answer_all

    assessment = actions.open_assessment(cast.dewi, jurisdiction=cast.gowa, year=YEAR)
    answer_all(cast.dewi, assessment, level=2)
    actions.submit(cast.dewi, assessment)
    page = new_context(**SIZES["360"]).new_page()
    login(page, live_server, "budi")
    page.goto(f"/spbe/petugas/{assessment.pk}/indikator/I05/")
    page.get_by_label("Perlu perbaikan (kembalikan dengan catatan)").check()
    page.get_by_label("Catatan evaluator").fill("Lampirkan SK penetapan layanan pusat data.")
    page.get_by_role("button", name="Simpan reviu dan lanjut").click()
    expect(page).to_have_url(f"{live_server.url}/spbe/petugas/{assessment.pk}/indikator/I06/")
    page.goto(f"/spbe/petugas/{assessment.pk}/")
    page.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    expect(page.locator(".badge.state-returned")).to_be_visible()
    page.screenshot(path="/tmp/spbe-evaluator-360.png", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page)
