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
