"""Browser fixtures: one headless Debian Chromium for these tests, a fresh context and page per test.

Playwright never downloads a browser here; it drives /usr/bin/chromium (`make browsers`).
Its sync API keeps an event loop running in the test thread, which Django's ORM refuses to be
called from; DJANGO_ALLOW_ASYNC_UNSAFE lifts that (the ORM still runs in one thread at a time).
Both live exactly as long as the browser: it is launched once for this package and closed when
its last test ends, so neither the loop nor the variable reach the rest of the suite (a leaked
variable fails Django's async.E001 deployment check, run in a subprocess by baruga/tests).
"""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from playwright.sync_api import expect, sync_playwright

from conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"
TIMEOUT_MS = 10_000  # a page of this app answers in well under a second; fail fast, not after 30 s
AXE = Axe()
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's Chromium (`make browsers`) to run the browser tests")
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser, live_server, transactional_db):
    """Open browser contexts (separate cookie jars: a guest, citra, eko) closed after the test."""
    contexts = []

    def _new_context(**options):
        context = browser.new_context(base_url=live_server.url, locale="id-ID", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield _new_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def login(page, live_server, username):
    """Sign in through the login form; staff land in their inbox, citizens on their reports.

    Staff give their second factor too when asked (tests marked `real_2fa`): an authenticator
    device is set up for them beforehand and the current code typed in.
    """
    device = _authenticator(username)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).not_to_have_url(re.compile(r"/akun/masuk/"))
    if "/akun/dua-langkah/" in page.url:
        page.locator("#id_code").fill(f"{totp(device.bin_key):06d}")
        page.get_by_role("button", name="Verifikasi").click()
        expect(page).not_to_have_url(re.compile(r"/akun/dua-langkah/"))
    return page


def _authenticator(username):
    """The user's confirmed TOTP device, ready to accept the current code again (a fresh login)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from baruga.accounts.models import User

    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="e2e", confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    return device


def _describe(violation):
    lines = [f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"]
    for node in violation["nodes"]:
        lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
        summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
        if summary:
            lines.append(f"      {summary}")
    return "\n".join(lines)


def axe_check(page):
    """Fail on axe-core violations of serious or critical impact; minor and moderate ones are printed."""
    violations = AXE.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    for violation in violations:
        if violation not in blocking:
            print(f"axe (not blocking) on {page.url}:\n{_describe(violation)}")
    assert not blocking, f"axe found {len(blocking)} accessibility problem(s) on {page.url}:\n" + "\n".join(
        _describe(v) for v in blocking
    )
