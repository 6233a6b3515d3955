"""The filing journey in a real browser at 360 px and 1280 px: the map pin and "use my location", the error
summary, the receipt's copy button and e-mail form, photos as thumbnails, the PPID form's OPD filter.
Every page visited has no WCAG 2.2 A/AA violation of any impact (axe-core)."""

import io
import re

import pytest
from playwright.sync_api import expect

from baruga.complaints import actions
from baruga.complaints.models import Report
from baruga.notifications.models import OutboxMessage

from .conftest import ARTIFACTS, AXE, _describe, login

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "360": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
    "1280": {"viewport": {"width": 1280, "height": 800}},
}
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
MAKASSAR = {"latitude": -5.147665, "longitude": 119.432732}


def axe_wcag(page):
    """No WCAG 2.0/2.1/2.2 level A or AA violation at all, whatever its impact."""
    violations = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA},
                                        "resultTypes": ["violations"]}).response["violations"]
    assert not violations, f"axe on {page.url}:\n" + "\n".join(_describe(v) for v in violations)


def shot(page, name, width):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"ux-filing-{name}-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= int(width), f"{name} scrolls sideways"


def _jpeg(color="orange", size=(800, 600)):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG")
    return {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


@pytest.fixture(params=list(VIEWPORTS))
def width(request):
    return request.param


@pytest.fixture
def guest(new_context, width):
    context = new_context(**VIEWPORTS[width], geolocation=MAKASSAR,
                          permissions=["geolocation", "clipboard-read", "clipboard-write"])
    return context.new_page()


def test_a_guest_pins_the_place_fixes_an_error_and_keeps_the_private_link(cast, guest, width):
    page = guest
    requested, errors = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: errors.append(f"{message.text} {message.location['url']}")
            if message.type == "error" else None)
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    page.goto("/lapor/")
    expect(page.locator("#report-map.leaflet-container")).to_be_visible()
    expect(page.locator("#report-map .place-label", has_text="Kota Makassar")).to_be_visible()
    assert not [url for url in requested if "htmx" in url]
    axe_wcag(page)
    shot(page, "file", width)

    form = page.locator("#report-form")
    expect(form.get_by_role("radio", name="Permintaan informasi")).to_have_count(0)
    expect(page.locator("#ppid-note").get_by_role("link")).to_have_attribute("href", "/ppid/mohon/")
    form.get_by_label("Pengaduan").check()
    form.get_by_label("Judul").fill("Lampu jalan mati di Jl. Sultan Alauddin")
    form.get_by_label("Isi laporan").fill("Sudah seminggu lampu jalan mati sehingga gelap dan rawan kecelakaan.")
    form.get_by_label("Kabupaten/kota").select_option(label="Kota Makassar")

    # A tap on the map fills latitude and longitude; "Gunakan lokasi saya" moves the pin to the phone's place.
    page.locator("#report-map").click(position={"x": 60, "y": 60})
    expect(form.get_by_label("Lintang")).not_to_have_value("")
    expect(form.get_by_label("Bujur")).not_to_have_value("")
    expect(page.locator("#report-map path.leaflet-interactive")).to_have_count(1)
    page.get_by_role("button", name="Gunakan lokasi saya").click()
    expect(form.get_by_label("Lintang")).to_have_value("-5.147665")
    expect(form.get_by_label("Bujur")).to_have_value("119.432732")
    expect(page.locator(".map-status")).to_contain_text("-5.147665, 119.432732")

    # Only a latitude (the server's own check), and a photo: the summary takes focus, the photo is named.
    form.get_by_label("Bujur").fill("")
    form.get_by_label("Lampiran").set_input_files(_jpeg())
    expect(page.locator("#no-contact-note")).to_be_visible()
    form.get_by_role("button", name="Kirim laporan").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Kesalahan: Buat laporan"))
    expect(summary.get_by_role("link")).to_have_count(2)  # longitude, and the photo to choose again
    expect(page.locator("#id_attachments_error")).to_contain_text("Pilih berkasnya lagi")
    axe_wcag(page)
    shot(page, "file-errors", width)
    summary.get_by_role("link", name=re.compile("^Bujur")).click()
    expect(form.get_by_label("Bujur")).to_be_focused()

    form.get_by_label("Bujur").fill("119.432732")
    form.get_by_label("Lampiran").set_input_files(_jpeg())
    form.get_by_role("button", name="Kirim laporan").click()
    expect(page).to_have_url(re.compile(r"/lapor/terkirim/BRG-"))
    report = Report.objects.get()
    assert (float(report.latitude), float(report.longitude)) == (-5.147665, 119.432732)
    assert report.attachments.count() == 1

    # The receipt: no contact given, so a warning; copy the link; have it e-mailed.
    expect(page.locator("#no-contact-warning")).to_be_visible()
    link = page.locator("#follow-link").get_attribute("href")
    page.get_by_role("button", name="Salin tautan").click()
    expect(page.locator("#copy-row [role=status]")).to_have_text("Tautan disalin.")
    assert page.evaluate("navigator.clipboard.readText()") == link
    axe_wcag(page)
    shot(page, "receipt", width)
    page.get_by_label("Alamat e-mail Anda").fill("rudi@contoh.id")
    page.get_by_role("button", name="Kirim tautan").click()
    expect(page.locator(".msg-success")).to_contain_text("Tautan pribadi dikirim ke rudi@contoh.id")
    message = OutboxMessage.objects.get(dedupe_key__startswith="private-link:")
    assert link in message.body and message.to_address == "rudi@contoh.id"
    axe_wcag(page)

    # The private link shows the photo as a thumbnail that opens the full image.
    page.goto(link)
    thumb = page.locator(".thumbs img")
    expect(thumb).to_have_count(1)
    thumb.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    assert page.evaluate("img => img.naturalWidth", thumb.element_handle()) == 240
    expect(page.get_by_role("heading", name="Lampiran dari pelapor")).to_be_visible()
    axe_wcag(page)
    shot(page, "track", width)
    assert not errors, errors  # no script error, nothing blocked by the CSP


def test_the_error_summary_and_the_e_mail_form_work_without_javascript(cast, new_context, width):
    page = new_context(**VIEWPORTS[width], java_script_enabled=False).new_page()
    page.goto("/lapor/")
    expect(page.locator("#report-map")).to_have_count(0)
    form = page.locator("#report-form")
    form.get_by_label("Pengaduan").check()
    form.get_by_label("Judul").fill("Lampu jalan mati di Jl. Sultan Alauddin")
    form.get_by_label("Isi laporan").fill("Sudah seminggu lampu jalan mati sehingga gelap dan rawan kecelakaan.")
    form.get_by_label("Kabupaten/kota").select_option(label="Kota Makassar")
    form.get_by_label("Lintang").fill("-5.147665")
    form.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator("#error-summary")).to_be_visible()
    page.locator("#error-summary a").first.click()
    expect(page).to_have_url(re.compile("#id_longitude$"))
    form.get_by_label("Bujur").fill("119.432732")
    form.get_by_role("button", name="Kirim laporan").click()
    expect(page).to_have_url(re.compile(r"/lapor/terkirim/BRG-"))
    expect(page.get_by_role("button", name="Salin tautan")).to_have_count(0)  # the copy button needs a script
    page.get_by_label("Alamat e-mail Anda").fill("rudi@contoh.id")
    page.get_by_role("button", name="Kirim tautan").click()
    expect(page.locator(".msg-success")).to_contain_text("rudi@contoh.id")


def test_staff_and_reporter_see_the_opds_photos_apart_and_rate_with_words(cast, file_report, new_context, live_server,
                                                                         width, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(color):
        data = _jpeg(color)
        return SimpleUploadedFile(data["name"], data["buffer"], content_type="image/jpeg")

    report, secret = file_report(guest=True, category=cast.city_road, attachments=[upload("orange")])
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    actions.accept(actor=cast.eko, report=report)
    actions.respond(actor=cast.eko, report=report, body="Lubang sudah ditambal, lihat foto sesudahnya.",
                    attachments=[upload("green")])

    citra = new_context(**VIEWPORTS[width]).new_page()
    login(citra, live_server, "citra")
    citra.goto(f"/petugas/laporan/{report.tracking_id}/")
    expect(citra.get_by_role("heading", name="Lampiran dari pelapor")).to_be_visible()
    expect(citra.get_by_role("heading", name="Lampiran dari Dinas PUPR Makassar")).to_be_visible()
    expect(citra.locator(".thumbs img")).to_have_count(2)
    for img in citra.locator(".thumbs img").element_handles():
        img.scroll_into_view_if_needed()
        citra.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img)
    axe_wcag(citra)
    shot(citra, "staff-detail", width)

    guest = new_context(**VIEWPORTS[width]).new_page()
    guest.goto(f"/lacak/{report.tracking_id}/?k={secret}")
    expect(guest.locator(".thumbs img")).to_have_count(2)
    rate = guest.locator("#rate-form")
    expect(rate.get_by_label("1 — Sangat tidak puas")).to_be_visible()
    rate.get_by_label("4 — Puas").check()
    axe_wcag(guest)
    shot(guest, "track-rate", width)
    expect(guest.locator("#batas-waktu")).not_to_contain_text("melewati")

    guest.goto(f"/laporan/{report.tracking_id}/")  # the public page of the verified report
    expect(guest.locator(".thumbs img")).to_have_count(2)
    axe_wcag(guest)
    shot(guest, "public-detail", width)


def test_choosing_a_public_body_narrows_the_opd_list(cast, new_context, width):
    page = new_context(**VIEWPORTS[width]).new_page()
    page.goto("/ppid/mohon/")
    axe_wcag(page)
    bodies = page.locator("#id_jurisdiction option").all_inner_texts()
    assert bodies[1:] == ["Provinsi Sulawesi Selatan", "Kabupaten Gowa", "Kota Makassar"]
    page.get_by_label("Badan publik tujuan").select_option(label="Provinsi Sulawesi Selatan")
    visible = page.locator("#id_agency option:not([hidden])").all_inner_texts()
    assert visible == ["Tidak tahu — biar PPID yang menentukan",
                       "Dinas Bina Marga dan Bina Konstruksi (Provinsi Sulawesi Selatan)"]
    page.get_by_label("Badan publik tujuan").select_option(label="Kota Makassar")
    visible = page.locator("#id_agency option:not([hidden])").all_inner_texts()
    assert len(visible) == 3 and all("(Kota Makassar)" in v for v in visible[1:])
    shot(page, "ppid-form", width)
