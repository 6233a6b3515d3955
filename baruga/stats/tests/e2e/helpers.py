"""Shared by the leaders' and heads' browser journeys: the two widths, a stricter axe-core check
(WCAG 2.2 A and AA rules, any impact) and the screenshot with the no-horizontal-scroll check."""

from axe_playwright_python.sync_playwright import Axe

from baruga.complaints.tests.e2e.conftest import ARTIFACTS

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
           "resultTypes": ["violations"]}
WIDTHS = {360: {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
          1280: {"viewport": {"width": 1280, "height": 900}}}


def wcag_aa_clean(page):
    violations = Axe().run(page, options=WCAG_AA).response["violations"]
    assert not violations, f"{page.url}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in violations)


def fits(page, width, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
