"""The dashboard in a 360 px browser: fits, passes axe, no CSP violation, the map starts, points show values on focus."""

import pytest
from playwright.sync_api import expect

from baruga.complaints.tests.e2e.conftest import ARTIFACTS, axe_check, login

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def test_dashboard_on_a_phone(known, cast, new_context, live_server):
    page = new_context(**PHONE).new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    login(page, live_server, "citra")
    page.goto(f"/petugas/statistik/wilayah/{cast.makassar.code}/?since=2026-02&until=2026-02")
    expect(page.locator('[data-figure="total"]')).to_have_text("3")
    expect(page.locator("#stats-map.leaflet-container")).to_be_visible()
    expect(page.locator(".leaflet-interactive")).to_have_count(1)  # one grid cell
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "phone-stats-dashboard.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Bars show their values at all times; a point of the month line shows its value on focus.
    expect(page.locator("#chart-state .bar").first.locator(".val")).to_be_visible()
    value = page.locator("#chart-month .point").first.locator(".val")
    expect(value).to_be_hidden()
    page.locator("#chart-month .point").first.focus()
    expect(value).to_be_visible()
    axe_check(page)
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
