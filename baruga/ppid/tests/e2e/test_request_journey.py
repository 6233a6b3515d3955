"""A guest asks for information in the browser; rina extends and partly grants it, the guest objects,
and sari (atasan PPID) answers — each in their own browser."""

import re

import pytest
from playwright.sync_api import expect

from baruga.ppid.tests.conftest import pdf_upload

from .conftest import axe_check, login

pytestmark = pytest.mark.browser

WANTED = "Salinan kontrak dan RAB perbaikan Jl. Daeng Tata tahun anggaran 2025."
NUMBER = re.compile(r"^PPID-7371-\d{4}-\d{6}$")


def _pdf(tmp_path):
    path = tmp_path / "kontrak-jalan.pdf"
    path.write_bytes(pdf_upload().read())
    return path


def _act(page, summary, fill=None, check=None, select=None, files=None, button=None):
    """Open one action's <details>, fill it and press its button; expect the success message."""
    action = page.locator("details.action").filter(has=page.locator("summary", has_text=summary))
    if action.get_attribute("open") is None:
        action.locator("summary").click()
    for label in check or []:
        action.get_by_label(label, exact=True).check()
    for label, value in (select or {}).items():
        action.get_by_label(label).select_option(label=value)
    for label, value in (fill or {}).items():
        action.get_by_label(label).fill(value)
    for label, path in (files or {}).items():
        action.get_by_label(label).set_input_files(path)
    action.get_by_role("button", name=button or summary).click()
    expect(page.locator(".msg-success")).to_contain_text("Berhasil")


def _file_request(page):
    page.goto("/ppid/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Layanan informasi publik (PPID)")
    page.get_by_role("link", name="Ajukan permohonan informasi").click()
    form = page.locator("#request-form")
    form.get_by_label("Badan publik tujuan").select_option(label="Kota Makassar")
    form.get_by_label("OPD yang menguasai informasi (opsional)").select_option(
        label="Dinas PUPR Makassar (Kota Makassar)")
    form.get_by_label("Rincian informasi yang dibutuhkan").fill(WANTED)
    form.get_by_label("Tujuan penggunaan informasi").fill("Pengawasan warga atas belanja jalan.")
    form.get_by_label("Nama lengkap").fill("Rahmat Hidayat")
    form.get_by_role("textbox", name="Alamat", exact=True).fill("Jl. Cendrawasih No. 12, Makassar")
    form.get_by_label("Nomor identitas").fill("7371011203850002")
    form.get_by_role("textbox", name="E-mail").fill("rahmat@contoh.id")
    form.get_by_role("button", name="Kirim permohonan").click()
    expect(page).to_have_url(re.compile(r"/ppid/mohon/terkirim/PPID-"))
    number = page.locator("#registration-number").inner_text().strip()
    assert NUMBER.match(number)
    return number, page.locator("#follow-link").get_attribute("href")


def _open_request(page, live_server, user, number):
    login(page, live_server, user)
    page.goto("/ppid/petugas/")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(number)


def test_the_public_pages_pass_the_accessibility_check(cast, ppid, page):
    """axe-core needs JavaScript; the journey below runs the citizen's pages without it."""
    for path in ("/ppid/", "/ppid/mohon/", "/ppid/dip/"):
        page.goto(path)
        axe_check(page)


def test_request_extension_partial_grant_objection_and_answer(cast, ppid, new_context, live_server, tmp_path):
    guest = new_context(java_script_enabled=False).new_page()  # the citizen's pages work without JavaScript
    number, private_link = _file_request(guest)
    guest.goto(private_link)
    expect(guest.locator(".status .badge")).to_have_text("Terdaftar, menunggu keputusan")
    expect(guest.locator("#identity")).to_contain_text("Rahmat Hidayat")

    rina = new_context().new_page()
    _open_request(rina, live_server, "rina", number)
    axe_check(rina)
    expect(rina.locator("#identitas")).to_contain_text("7371011203850002")
    _act(rina, "Perpanjang waktu (sekali, 7 hari kerja)",
         fill={"Alasan perpanjangan (dikirim kepada pemohon)": "Dokumen kontrak tersimpan di arsip gudang dinas."})
    expect(rina.locator(".badge").first).to_have_text("Diperpanjang, menunggu keputusan")

    guest.goto(private_link)
    expect(guest.locator("#perpanjangan")).to_contain_text("arsip gudang dinas")

    _act(rina, "Putuskan permohonan", check=["Dikabulkan sebagian"],
         select={"Alasan pengecualian (Pasal 17)": "h. Mengungkap rahasia pribadi"},
         fill={"Isi pemberitahuan tertulis kepada pemohon": "Kontrak kami berikan; NIK penyedia dihitamkan.",
               "Uji konsekuensi": "Membuka NIK dan alamat penyedia merugikan privasinya; isi kontrak terbuka."},
         files={"Dokumen yang diserahkan (PDF atau gambar)": _pdf(tmp_path)})
    expect(rina.locator(".badge").first).to_have_text("Sudah diputuskan")

    guest.goto(private_link)
    expect(guest.locator("#keputusan")).to_contain_text("Dikabulkan sebagian")
    expect(guest.locator("#keputusan")).to_contain_text("h. Mengungkap rahasia pribadi")
    document = guest.locator("#dokumen a").first
    expect(document).to_have_text("kontrak-jalan.pdf")
    download = guest.request.get(document.get_attribute("href"))
    assert download.status == 200 and download.body().startswith(b"%PDF")
    objection = guest.locator("#ajukan-keberatan")
    objection.get_by_label("a. Permohonan ditolak dengan alasan pengecualian Pasal 17").check()
    objection.get_by_label("Uraian keberatan").fill("Bagian yang dihitamkan lebih luas dari yang perlu.")
    objection.get_by_role("button", name="Ajukan keberatan").click()
    expect(guest.locator(".msg-success")).to_have_text("Keberatan Anda sudah diajukan kepada atasan PPID.")
    expect(guest.locator(".status .badge")).to_have_text("Keberatan diajukan")

    sari = new_context().new_page()
    _open_request(sari, live_server, "sari", number)
    axe_check(sari)
    _act(sari, "Tanggapi keberatan", check=["Keberatan ditolak; keputusan PPID dikuatkan"],
         fill={"Isi tanggapan atasan PPID": "Pengecualian NIK penyedia sudah tepat menurut Pasal 17 huruf h."})
    expect(sari.locator(".badge").first).to_have_text("Keberatan sudah ditanggapi")

    guest.goto(private_link)
    expect(guest.locator(".status .badge")).to_have_text("Keberatan sudah ditanggapi")
    expect(guest.locator("#keberatan")).to_contain_text("Pengecualian NIK penyedia sudah tepat")
    expect(guest.locator(".timeline li")).to_have_count(5)  # register, extend, decide, objection, answer
