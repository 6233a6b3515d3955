"""A guest files a report in the browser and follows it to the end, while citra and eko work it in theirs."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from .conftest import axe_check, login

pytestmark = pytest.mark.browser

TITLE = "Jembatan kayu lapuk di Jl. Tanjung Bunga"
BODY = "Papan jembatan kayu di dekat pasar sudah lapuk dan berlubang, anak sekolah harus melompat tiap pagi."
RESPONSE = "Papan jembatan sudah kami ganti seluruhnya pada hari Senin. Terima kasih atas laporannya."
TRACKING_ID = re.compile(r"^BRG-[A-Z0-9]{4}-[A-Z0-9]{4}$")


def _photo_with_gps(tmp_path):
    """A small JPEG whose EXIF carries a GPS position and an author, as a phone camera would write."""
    exif = Image.Exif()
    exif[0x013B] = "Pelapor Rahasia"  # Artist
    exif[0x8825] = {1: "S", 2: (5.0, 8.0, 0.0), 3: "E", 4: (119.0, 25.0, 0.0)}  # GPS IFD
    path = tmp_path / "IMG_2041.jpg"
    Image.new("RGB", (64, 48), "orange").save(path, format="JPEG", exif=exif)
    return path


def _file_as_guest(page, tmp_path, *, check_accessibility=True):
    """From the home page to the receipt; returns (tracking id, private link)."""
    page.goto("/")
    if check_accessibility:
        axe_check(page)
    page.get_by_role("link", name="Buat laporan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buat laporan")
    if check_accessibility:
        axe_check(page)
    form = page.locator("#report-form")
    form.get_by_label("Pengaduan").check()
    form.get_by_label("Judul").fill(TITLE)
    form.get_by_label("Isi laporan").fill(BODY)
    form.get_by_label("Kategori").select_option(label="Jalan dan Jembatan › Jalan kabupaten/kota")
    form.get_by_label("Kabupaten/kota").select_option(label="Kota Makassar")
    form.get_by_label("Lampiran (opsional)").set_input_files(_photo_with_gps(tmp_path))
    form.get_by_label("Nama").fill("Rahmat")
    assert form.locator("input[name=submission_token]").input_value()  # pre-filled by the page, not by a script
    form.get_by_role("button", name="Kirim laporan").click()

    expect(page).to_have_url(re.compile(r"/lapor/terkirim/BRG-"))
    tracking_id = page.locator("#tracking-id").inner_text().strip()
    assert TRACKING_ID.match(tracking_id)
    private_link = page.locator("#follow-link").get_attribute("href")
    assert f"/lacak/{tracking_id}/?k=" in private_link
    expect(page.locator("#follow-link")).to_have_text(private_link)
    return tracking_id, private_link


def _see_own_report(page, private_link, state):
    page.goto(private_link)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(BODY)).to_be_visible()
    expect(page.locator(".status .badge")).to_have_text(state)


def _take_action(page, label, fill=None):
    """Open the <details> of a staff action (unless open already), fill it and press its button."""
    action = page.locator("details.action").filter(has=page.locator("summary", has_text=label))
    if action.get_attribute("open") is None:
        action.locator("summary").click()
    for field, value in (fill or {}).items():
        action.get_by_label(field).fill(value)
    action.get_by_role("button", name=label).click()
    expect(page.locator(".msg-success")).to_have_text(f"Berhasil: {label}.")


def test_a_guest_files_without_javascript_and_follows_the_private_link(cast, new_context, tmp_path):
    page = new_context(java_script_enabled=False).new_page()
    tracking_id, private_link = _file_as_guest(page, tmp_path, check_accessibility=False)
    _see_own_report(page, private_link, "Belum terverifikasi")
    expect(page.locator(".meta strong")).to_have_text(tracking_id)


def test_a_guest_report_travels_from_filing_to_a_five_star_rating(cast, new_context, page, live_server, tmp_path):
    # An empty submit (the browser's own checks switched off) shows the server's errors accessibly.
    page.goto("/lapor/")
    page.locator("#report-form").evaluate("form => form.noValidate = true")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator(".field.has-error")).to_have_count(3)  # title, body, location
    title = page.get_by_label("Judul")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description(re.compile(r"^Ringkas, .+ tidak boleh kosong\.$"))  # help, then error
    expect(page.get_by_label("Kabupaten/kota")).to_have_accessible_description("Bidang ini tidak boleh kosong.")
    axe_check(page)

    tracking_id, private_link = _file_as_guest(page, tmp_path)
    axe_check(page)  # the receipt
    _see_own_report(page, private_link, "Belum terverifikasi")
    axe_check(page)
    photo = page.get_by_role("link", name="Foto 1").get_attribute("href")
    stored = Image.open(io.BytesIO(page.request.get(photo).body()))
    assert stored.getexif() == {}  # GPS and author were stripped on upload

    citra = new_context().new_page()
    login(citra, live_server, "citra")
    expect(citra).to_have_url(re.compile(r"/petugas/$"))
    axe_check(citra)
    citra.get_by_role("link", name=TITLE).click()
    expect(citra.get_by_role("heading", level=1)).to_have_text(TITLE)
    axe_check(citra)
    _take_action(citra, "Verifikasi")
    _take_action(citra, "Disposisi ke OPD")
    expect(citra.locator(".badge").first).to_have_text("Terdisposisi, belum ditindaklanjuti")

    eko = new_context().new_page()
    login(eko, live_server, "eko")
    eko.get_by_role("link", name=TITLE).click()
    _take_action(eko, "Terima dan proses")
    _take_action(eko, "Kirim tindak lanjut", {"Tindak lanjut untuk pelapor": RESPONSE})
    expect(eko.locator(".badge").first).to_have_text("Sudah ditindaklanjuti")
    axe_check(eko)

    _see_own_report(page, private_link, "Sudah ditindaklanjuti")
    expect(page.locator(".response")).to_contain_text(RESPONSE)
    rate = page.locator("#rate-form")
    rate.get_by_label("5 — Sangat puas").check()
    rate.get_by_label("Komentar (opsional)").fill("Cepat dan rapi.")
    rate.get_by_role("button", name="Kirim penilaian dan selesaikan").click()
    expect(page.locator(".msg-success")).to_have_text("Terima kasih atas penilaian Anda.")
    expect(page.locator(".status .badge")).to_have_text("Selesai")
    expect(page.locator(".status .facts")).to_contain_text("5/5")
    expect(page.locator("#rate-form")).to_have_count(0)
    axe_check(page)

    page.get_by_role("link", name="Laporan publik").click()
    expect(page.locator(".report-item", has_text=tracking_id)).to_contain_text("Selesai")
    axe_check(page)
