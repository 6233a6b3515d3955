"""In a real browser at 360 and 1280 px: a citizen who forgot the password gets a new one by e-mail;
a wrong password counts down to the lock-out page; a staff member signs in with the second factor
(no staff menu before it) and reads the inbox, whose badges stay apart. Every page passes axe
(WCAG 2.2 AA) and fits the screen."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from baruga.complaints.tests.e2e.conftest import _authenticator
from conftest import PASSWORD

from baruga.complaints.tests.e2e.screens import SCREENS, check_page

pytestmark = [pytest.mark.browser, pytest.mark.real_2fa]
NEW_PASSWORD = "kata-sandi-baru-yang-panjang-77"


def _screen(new_context, width):
    return new_context(**SCREENS[width]).new_page()


@pytest.mark.parametrize("width", SCREENS)
def test_ayu_resets_her_forgotten_password_by_email(cast, new_context, width):
    page = _screen(new_context, width)
    page.goto("/akun/masuk/")
    check_page(page, "login", width)
    page.get_by_role("link", name="Lupa kata sandi?").click()
    check_page(page, "reset-form", width)
    page.get_by_label("E-mail akun Anda").fill("ayu@contoh.id")
    page.get_by_role("button", name="Kirim tautan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Periksa e-mail Anda")
    check_page(page, "reset-sent", width)
    link = re.search(r"/akun/kata-sandi/atur/\S+/", mail.outbox[-1].body).group(0)  # on SITE_URL
    page.goto(link)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    check_page(page, "reset-confirm", width)
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kata sandi sudah diganti")
    check_page(page, "reset-complete", width)
    page.get_by_role("main").get_by_role("link", name="Masuk").click()
    page.locator("#id_username").fill("ayu")
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).not_to_have_url(re.compile(r"/akun/masuk/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Laporan saya")


@pytest.mark.parametrize("width", SCREENS)
def test_wrong_passwords_count_down_to_a_helpful_lock_out_page(cast, new_context, width):
    page = _screen(new_context, width)
    page.goto("/akun/masuk/")
    for left in (4, 3, 2, 1):
        page.locator("#id_username").fill("ayu")
        page.locator("#id_password").fill("bukan-kata-sandinya-9")
        page.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("alert")).to_contain_text(f"Sisa {left} kali percobaan lagi")
    check_page(page, "login-wrong-password", width)
    page.locator("#id_username").fill("ayu")
    page.locator("#id_password").fill("bukan-kata-sandinya-9")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Akses masuk dikunci sementara")
    expect(page.get_by_role("link", name="Buat kata sandi baru lewat e-mail")).to_be_visible()
    check_page(page, "locked-out", width)


@pytest.mark.parametrize("width", SCREENS)
def test_citra_gives_her_second_factor_before_the_staff_menu_and_reads_her_inbox(cast, file_report, new_context,
                                                                                  width):
    file_report(category=cast.city_road, title="Lampu jalan padam di Jl. Sultan Alauddin", is_anonymous=True,
                is_confidential=True)
    device = _authenticator("citra")
    page = _screen(new_context, width)
    page.goto("/akun/masuk/")
    page.locator("#id_username").fill("citra")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/akun/dua-langkah/"))
    assert page.locator("header a[href='/petugas/']").count() == 0
    check_page(page, "second-factor", width)
    from django_otp.oath import totp

    page.locator("#id_code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verifikasi").click()
    expect(page).to_have_url(re.compile(r"/petugas/$"))
    check_page(page, "inbox", width)
    header = page.locator("header.top").bounding_box()
    assert header["height"] <= 80, f"the staff header is {header['height']} px tall"
    badges = page.locator(".report-item .badges .badge").all()
    assert len(badges) == 3
    boxes = [b.bounding_box() for b in badges]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap = not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                           or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
            assert not overlap, f"badges overlap at {width} px: {a} {b}"
    if width == "360":
        page.get_by_text("Menu", exact=True).click()
    inbox_link = page.locator("header").get_by_role("link", name="Kotak masuk")
    expect(inbox_link).to_be_visible()
    assert inbox_link.bounding_box()["height"] >= 24
    check_page(page, "inbox-menu", width)
