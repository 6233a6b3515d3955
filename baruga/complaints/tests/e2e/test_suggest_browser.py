"""Category suggestions in a real browser at 360 px and 1280 px: the admin verifying a report sees the
suggested category with its confidence and words, "Pakai kategori ini" preselects it in the verify form,
and the quality page reads at both widths. No WCAG 2.2 A/AA violation on the way (axe-core)."""

import pytest
from playwright.sync_api import expect

from baruga.complaints import suggest
from baruga.complaints.tests.test_suggest import _decided_reports, _new_report, categories  # noqa: F401

from .conftest import login
from .screens import SCREENS, check_page

pytestmark = pytest.mark.browser


@pytest.fixture(params=list(SCREENS))
def width(request):
    return request.param


def test_the_admin_uses_a_suggested_category(cast, categories, new_context, live_server, width):  # noqa: F811
    _decided_reports(cast, categories)
    suggest.train(cast.makassar, suggest.CATEGORY)
    report = _new_report(cast, "sampah numpuk di pasar", "udh seminggu sampah gak diangkut truk, bau bgt")
    page = login(new_context(**SCREENS[width]).new_page(), live_server, "citra")
    page.goto(f"/petugas/laporan/{report.tracking_id}/")
    section = page.locator("#saran")
    expect(section.get_by_role("heading", name="Saran kategori")).to_be_visible()
    expect(section).to_contain_text("Sampah dan kebersihan")
    expect(section).to_contain_text("karena kata:")
    check_page(page, "suggest-detail", width)

    section.get_by_role("link", name="Pakai kategori ini").first.click()
    expect(page.locator("#action-verify select[name=category]")).to_have_value(str(categories["rubbish"].pk))
    report.refresh_from_db()
    assert report.category_id == cast.city_road.pk  # preselected, not applied

    page.goto("/petugas/saran/")
    expect(page.get_by_role("heading", name="Mutu saran kategori dan OPD")).to_be_visible()
    expect(page.locator(".suggestion-quality")).to_contain_text("Kota Makassar · saran kategori")
    check_page(page, "suggest-quality", width)
