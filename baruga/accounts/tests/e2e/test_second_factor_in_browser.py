"""In a real browser: eko signs in with his password and a code from his app, then reaches his inbox;
fajar, without an app yet, is asked for the enrolment code from his admin, and the set-up page behind
it (its QR code is a data: image) raises no CSP violation."""

import re

import pytest
from playwright.sync_api import expect

from baruga.accounts.tests.helpers import enrolment_code
from baruga.complaints.tests.e2e.conftest import login
from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.real_2fa]


def test_eko_signs_in_with_password_and_code_and_reaches_his_inbox(cast, page, live_server):
    login(page, live_server, "eko")
    expect(page).to_have_url(re.compile(r"/petugas/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_set_up_page_shows_the_qr_code_without_csp_violations(cast, page, live_server):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill("fajar")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/akun/dua-langkah/pasang/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kode pendaftaran verifikasi dua langkah")
    expect(page.get_by_role("img", name="Kode QR untuk aplikasi autentikator")).to_have_count(0)
    page.get_by_label("Kode pendaftaran").fill("AAAA-AAAA-AAAA")
    page.get_by_role("button", name="Lanjutkan").click()
    expect(page.get_by_text("Kode pendaftaran tidak berlaku")).to_be_visible()
    page.get_by_label("Kode pendaftaran").fill(enrolment_code(cast.fajar))
    page.get_by_role("button", name="Lanjutkan").click()
    qr = page.get_by_role("img", name="Kode QR untuk aplikasi autentikator")
    expect(qr).to_be_visible()
    assert page.evaluate("document.querySelector('main img').naturalWidth") > 0
    page.goto(f"{live_server.url}/petugas/")
    expect(page).to_have_url(re.compile(r"/akun/dua-langkah/"))
    assert violations == []
