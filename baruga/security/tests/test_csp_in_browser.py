"""In a real browser, the pages and the admin run under the CSP without a single violation.

Chromium reports each blocked inline script, style or handler on the console; htmx must not
inject its indicator <style> either. Runs with the browser tests (`-m browser`).
"""

from pathlib import Path

import pytest

from baruga.accounts.models import User
from conftest import PASSWORD

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's Chromium (`make browsers`)")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs in the test thread
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=["--headless=new", "--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture
def visit(browser, live_server, transactional_db):
    """visit(path, username=None): open a page (signed in if asked) and return the CSP violations seen."""
    contexts = []

    def _visit(paths, username=None, password=PASSWORD):
        context = browser.new_context(base_url=live_server.url, locale="id-ID")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        seen = []
        page.on("console", lambda message: seen.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text else None)
        if username:
            page.goto("/akun/masuk/")
            page.locator("#id_username").fill(username)
            page.locator("#id_password").fill(password)
            page.locator("main button[type=submit]").click()
            page.wait_for_load_state("networkidle")
            assert "/akun/masuk/" not in page.url, f"{username} could not sign in"
        for path in paths:
            page.goto(path)
            page.wait_for_load_state("networkidle")
        return page, seen

    yield _visit
    for context in contexts:
        context.close()


def test_the_citizen_pages_and_an_htmx_swap_raise_no_csp_violation(visit, dispatched_report):
    tid = dispatched_report.tracking_id
    page, seen = visit(["/", "/lapor/", "/lacak/", f"/lacak/{tid}/", f"/laporan/{tid}/", "/laporan/"])
    assert page.evaluate("document.querySelectorAll('style').length") == 0  # htmx injected nothing
    select = page.locator("main select").first
    select.select_option(index=1)  # the filter form swaps the list in through htmx
    page.wait_for_load_state("networkidle")
    assert seen == []


def test_the_staff_pages_raise_no_csp_violation(visit, cast, dispatched_report):
    _page, seen = visit(["/petugas/", f"/petugas/laporan/{dispatched_report.tracking_id}/", "/petugas/kinerja/",
                         "/petugas/notifikasi/"], username="citra")
    assert seen == []


def test_the_admin_raises_no_csp_violation(visit, cast, dispatched_report):
    User.objects.create_superuser("root", "root@contoh.id", PASSWORD)
    change = f"/admin/complaints/report/{dispatched_report.pk}/change/"
    page, seen = visit(["/admin/", "/admin/complaints/report/", change, "/admin/accounts/membership/add/"],
                       username="root")
    page.locator(".select2-selection").first.click()  # the autocomplete widget (jQuery, select2)
    page.wait_for_timeout(300)
    assert seen == []
