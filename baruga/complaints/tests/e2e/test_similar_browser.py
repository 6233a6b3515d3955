"""Duplicate suggestions in a real browser at 360 px and 1280 px: the filing page's "Sudah dilaporkan?" box
fills in while the citizen types, its link leads to the report's page, where a guest supports it once; the
admin verifying a new report sees it listed as a likely duplicate with its reasons. No WCAG 2.2 A/AA
violation on the way (axe-core)."""

import re

import pytest
from playwright.sync_api import expect

from baruga.complaints import actions
from baruga.complaints.models import Support

from .conftest import login
from .screens import SCREENS, check_page

pytestmark = pytest.mark.browser


@pytest.fixture(params=list(SCREENS))
def width(request):
    return request.param


def _public(cast, file_report, **fields):
    report = file_report(category=cast.city_road, **fields)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    return report


def test_a_citizen_finds_the_same_report_and_supports_it(cast, file_report, new_context, width):
    existing = _public(cast, file_report)
    page = new_context(**SCREENS[width]).new_page()
    page.goto("/lapor/")
    page.locator("#id_title").fill("Jln berlubang di Daeng Tata")
    page.locator("#id_body").fill("Lubang besar depan sekolah, udh 2 minggu gak diperbaiki, bahaya.")
    page.locator("#id_location").select_option(str(cast.makassar.pk))
    box = page.locator("#similar-reports")
    expect(box.get_by_role("heading", name="Sudah dilaporkan? Dukung laporan ini")).to_be_visible()
    expect(box).to_contain_text("judul mirip")
    box.get_by_role("link", name=existing.title).scroll_into_view_if_needed()
    check_page(page, f"dupes-file-suggestion", width)

    box.get_by_role("link", name=existing.title).click()
    expect(page).to_have_url(re.compile(rf"/laporan/{existing.tracking_id}/#dukung$"))
    expect(page.locator("#support-heading")).to_have_text("Didukung 0 warga")
    page.get_by_role("button", name="Dukung laporan ini").click()
    expect(page.locator("#support-heading")).to_have_text("Didukung 1 warga")
    expect(page.get_by_text("Anda sudah mendukung laporan ini.")).to_be_visible()
    check_page(page, "dupes-public-supported", width)
    assert Support.objects.filter(report=existing).count() == 1


def test_the_admin_sees_likely_duplicates_when_verifying(cast, file_report, new_context, live_server, width):
    existing = _public(cast, file_report, latitude="-5.146315", longitude="119.432732")
    actions.support_report(actor=None, report=existing, guest_token="browser-1")
    new = file_report(category=cast.city_road, latitude="-5.147665", longitude="119.432732",
                      title="Jln Daeng Tata berlubang besar")
    page = login(new_context(**SCREENS[width]).new_page(), live_server, "citra")
    page.goto(f"/petugas/laporan/{new.tracking_id}/")
    section = page.locator("#kemungkinan-duplikat")
    expect(section).to_contain_text(existing.tracking_id)
    expect(section).to_contain_text("jarak 150 m")
    expect(section).to_contain_text("Didukung 1 warga")
    expect(section.get_by_role("button", name=f"Gabungkan ke {existing.tracking_id}")).to_be_visible()
    section.scroll_into_view_if_needed()
    check_page(page, "dupes-staff-duplicates", width)
