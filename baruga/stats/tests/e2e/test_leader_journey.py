"""A leader's journeys at 360 and 1280 px: signing in lands on the dashboard, whose chart text keeps
its size and whose headline comes first; the public overview; the performance page. Every page
visited has no axe-core violation of WCAG 2.2 A/AA, whatever its impact."""

import pytest
from playwright.sync_api import expect

from baruga.complaints.tests.e2e.conftest import login
from baruga.stats.tests.e2e.helpers import WIDTHS, fits, wcag_aa_clean

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", WIDTHS)
def test_the_governor_lands_on_a_dashboard_read_at_a_glance(known, cast, new_context, live_server, width):
    page = new_context(**WIDTHS[width]).new_page()
    login(page, live_server, "indah")
    assert page.url.endswith(f"/petugas/statistik/provinsi/{cast.province.code}/")
    page.goto(f"/petugas/statistik/provinsi/{cast.province.code}/?since=2026-02&until=2026-02")
    expect(page.locator('[data-figure="total"]')).to_have_text("5")
    # The headline stands above the rankings, the rankings above the map.
    top = {name: page.locator(selector).bounding_box()["y"] for name, selector in (
        ("headline", ".stats-headline"), ("regions", "#h-regions"), ("map", "#h-map"), ("details", "#h-month"))}
    assert top["headline"] < top["regions"] < top["map"] < top["details"]
    assert "Provinsi Sulawesi Selatan" not in page.locator("#chart-regions").text_content()
    # Chart text keeps the stylesheet's size at every width (no scaled-up viewBox).
    heights = page.eval_on_selector_all("svg.chart text.lbl", "els => els.map(e => e.getBoundingClientRect().height)")
    assert heights and max(heights) < 20, heights
    # Each chart is as wide as its section.
    widths = page.eval_on_selector(
        "#chart-regions", "svg => [svg.getBoundingClientRect().width, svg.parentElement.clientWidth]")
    assert abs(widths[0] - (widths[1] - 2 * 12)) < 30, widths
    expect(page.locator("#stats-map.leaflet-container")).to_be_visible()
    expect(page.locator("#stats-map .leaflet-interactive")).not_to_have_count(0)
    fits(page, width, "leader-dashboard")
    wcag_aa_clean(page)

    page.goto("/statistik/")
    expect(page.locator('[data-figure="total"]')).to_be_visible()
    expect(page.locator("#p-chart-month")).to_be_visible()
    fits(page, width, "leader-public")
    wcag_aa_clean(page)

    page.goto("/petugas/kinerja/")
    expect(page.get_by_role("heading", name="Kinerja ketepatan waktu")).to_be_visible()
    fits(page, width, "leader-performance")
    wcag_aa_clean(page)
