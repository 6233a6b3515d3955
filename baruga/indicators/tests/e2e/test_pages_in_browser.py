"""The matrix and the public program page at 360 and 1280 px: nothing spills out of the page, the
matrix scrolls inside its frame, the chart fits; screenshots in /tmp/indicators-*.png."""

import pytest

from baruga.indicators import actions, permissions
from baruga.indicators.loading import load_programs
from baruga.indicators.models import Indicator
from baruga.indicators.tests.conftest import png

from .conftest import axe_check, login

pytestmark = pytest.mark.browser
WIDTHS = (360, 1280)


@pytest.fixture
def data(cast):
    load_programs()
    for code, (mks, gowa, target) in {"spbe-layanan-terintegrasi": ("88", "52", "80"),
                                      "ppid-dip-mutakhir": ("95", "71", "90")}.items():
        i = Indicator.objects.get(code=code)
        i.is_published = True
        i.save()
        for where, who, number in ((cast.makassar, cast.citra, mks), (cast.gowa, cast.dewi, gowa)):
            v = actions.enter_value(actor=who, indicator=i, jurisdiction=where, year=2026, semester=0, value=number,
                                    source="Laporan", evidence=png())
            actions.verify_value(actor=cast.budi, value=v)
            actions.set_target(actor=cast.budi, indicator=i, jurisdiction=where, year=2026, semester=0, value=target)
    actions.recompute_all(actor=permissions.SYSTEM, province=cast.province, year=2026, semester=0)
    return cast


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_matrix_and_the_public_page_fit_the_screen(new_context, live_server, data, width):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    login(page, live_server, "budi")
    page.goto(f"{live_server.url}/petugas/kinerja-program/?tahun=2026")
    assert page.locator("#matrix tbody tr").count() == 4  # province, Makassar, Gowa, the averages
    assert page.locator("#matrix .light.red").count() >= 1
    page.screenshot(path=f"/tmp/indicators-matrix-{width}.png", full_page=True)
    wide = page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right >
        window.innerWidth + 1 && !e.closest('.ind-scroll')).map(e => e.tagName + '.' + e.className).slice(0, 8)""")
    assert _fits(page), wide
    axe_check(page)
    page.goto(f"{live_server.url}/kinerja-program/spbe/?tahun=2026")
    chart = page.locator("#chart-spbe-layanan-terintegrasi")
    assert chart.is_visible() and chart.bounding_box()["width"] <= width
    assert _fits(page)
    page.screenshot(path=f"/tmp/indicators-public-{width}.png", full_page=True)
    axe_check(page)
