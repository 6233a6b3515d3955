"""Two screens for the browser tests (a 360 px phone and a 1280 px desktop), a screenshot of each page
for a human look, and axe-core held to WCAG 2.2 AA with no violation of any impact.

Screenshots go to test-artifacts/ (git-ignored), or to $SCREENSHOT_DIR when it is set.
"""

import os
from pathlib import Path

from .conftest import AXE, ARTIFACTS, _describe

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SCREENS = {"360": PHONE, "1280": DESKTOP}
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def shoot(page, name):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or ARTIFACTS)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)


def assert_wcag_22_aa(page):
    """No axe-core violation of the WCAG 2.2 A and AA rules, whatever its impact."""
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}}
    violations = AXE.run(page, options=options).response["violations"]
    assert not violations, f"axe found {len(violations)} WCAG 2.2 AA violation(s) on {page.url}:\n" + "\n".join(
        _describe(v) for v in violations)


def assert_fits(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide on a {width} px screen"


def check_page(page, name, width, *, axe=True):
    """The page fits the screen, passes axe (which needs JavaScript in the page), and is photographed."""
    shoot(page, f"{name}-{width}")
    assert_fits(page, int(width))
    if axe:
        assert_wcag_22_aa(page)
