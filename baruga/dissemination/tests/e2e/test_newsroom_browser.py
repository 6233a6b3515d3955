"""The newsroom in a real browser: a reader without JavaScript on a 360 px phone, a journalist
subscribing, and nanda (humas of Makassar) recording a placement with its proof."""

import datetime as dt
import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from baruga.dissemination import actions
from baruga.dissemination.models import Placement, Subscriber
from baruga.dissemination.tests.conftest import PARTNER, RELEASE, png_upload

from .conftest import axe_check, login

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("DISSEMINATION_SCREENSHOTS", "/tmp/dissemination")


def _setup(humas):
    today = timezone.localdate()
    partner = actions.create_partner(actor=humas.nanda, jurisdiction=humas.makassar,
                                     data=actions.PartnerInput(**PARTNER, evidence=png_upload()))
    actions.add_contract(actor=humas.nanda, partner=partner, year=today.year, number="027/KOMINFO/2026",
                         starts_on=dt.date(today.year, 1, 1), ends_on=dt.date(today.year, 12, 31), value=60_000_000,
                         quota=5)
    publication = actions.create_publication(actor=humas.eko, jurisdiction=humas.makassar, data=actions.PublicationInput(
        **RELEASE, agency=humas.pupr, files=[png_upload("infografis.png")]))
    actions.submit(actor=humas.eko, publication=publication)
    actions.approve(actor=humas.oki, publication=publication)
    actions.publish(actor=humas.nanda, publication=publication)
    return partner, publication


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"


def test_a_reader_without_javascript_on_a_phone_reads_a_release(new_context, humas):
    _partner, publication = _setup(humas)
    page = new_context(viewport={"width": 360, "height": 780}, java_script_enabled=False).new_page()
    page.goto("/siaran-pers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Siaran pers dan berita")
    _fits(page, 360)
    page.screenshot(path=f"{SHOTS}-newsroom-360.png", full_page=True)
    page.get_by_role("link", name=publication.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(publication.title)
    expect(page.locator("article img")).to_have_count(1)
    assert '"NewsArticle"' in page.locator('script[type="application/ld+json"]').text_content()
    _fits(page, 360)
    page.screenshot(path=f"{SHOTS}-detail-360.png", full_page=True)
    page.get_by_role("link", name="Terima siaran pers lewat e-mail").click()
    page.get_by_label("E-mail").fill("bukan-email")
    page.get_by_role("button", name="Daftar").click()
    expect(page).to_have_title(re.compile("^Kesalahan:"))
    page.get_by_label("E-mail").fill("wartawan@contoh.id")
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Periksa kotak masuk e-mail Anda")
    assert Subscriber.objects.get().state == "pending"


def test_the_newsroom_on_a_wide_screen_passes_axe(new_context, humas):
    _partner, publication = _setup(humas)
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/siaran-pers/")
    axe_check(page)
    page.screenshot(path=f"{SHOTS}-newsroom-1280.png", full_page=True)
    page.goto(f"/siaran-pers/{publication.slug}/")
    axe_check(page)
    page.screenshot(path=f"{SHOTS}-detail-1280.png", full_page=True)


@pytest.mark.parametrize("width", [360, 1280])
def test_humas_records_a_placement_with_its_proof(new_context, live_server, humas, tmp_path, width):
    partner, publication = _setup(humas)
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    login(page, live_server, "nanda")
    page.goto(f"/humas/publikasi/{publication.pk}/")
    expect(page.locator("#state")).to_have_text("Terbit")
    proof = tmp_path / "bukti.png"
    proof.write_bytes(png_upload().read())
    action = page.locator("#action-placement")
    action.locator("summary").click()
    action.get_by_label("Mitra media").select_option(label=partner.name)
    action.get_by_label("Tautan tayang").fill("javascript:alert(1)")
    action.get_by_label("Tanggal tayang").fill(timezone.localdate().isoformat())
    action.get_by_label("Bukti tayang").set_input_files(proof)
    action.get_by_role("button", name="Catat penayangan").click()
    expect(page.locator(".error-summary").first).to_contain_text("http:// atau https://")
    action = page.locator("#action-placement")
    action.get_by_label("Tautan tayang").fill("https://fajar.example.id/2026/perbaikan-jalan")
    action.get_by_label("Bukti tayang").set_input_files(proof)
    action.get_by_label("Dilihat").fill("1200")
    action.get_by_role("button", name="Catat penayangan").click()
    expect(page.locator(".msg-success")).to_contain_text("Berhasil")
    assert Placement.objects.get().contract.number == "027/KOMINFO/2026"
    _fits(page, width)
    page.screenshot(path=f"{SHOTS}-staff-publication-{width}.png", full_page=True)
    page.goto("/humas/mitra/")
    expect(page.locator("#partners")).to_contain_text("1 / 5")
    _fits(page, width)
    page.screenshot(path=f"{SHOTS}-staff-partners-{width}.png", full_page=True)
