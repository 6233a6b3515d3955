"""Uploads are judged by content and stripped of everything that could identify the reporter."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from baruga.lib.uploads import clean_upload

ARTIST, ORIENTATION, GPS_IFD = 0x013B, 0x0112, 0x8825
XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Ayu Lestari (XMP)</dc:creator>'
    b'</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)


def upload(name, content):
    return SimpleUploadedFile(name, content)


def jpeg_with_gps_and_artist():
    """A 40×20 photo whose EXIF says: rotate 90° clockwise to view, taken at Makassar by Ayu."""
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, 10, 20))  # a blue band on the left edge
    exif = Image.Exif()
    exif[ARTIST] = "Ayu Lestari"
    exif[ORIENTATION] = 6
    exif[GPS_IFD] = {1: "S", 2: (5.0, 8.0, 51.6), 3: "E", 4: (119.0, 25.0, 57.8)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def png_with_text_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Ayu Lestari")
    info.add_itxt("Comment", "Rumah saya di Jl. Daeng Tata")
    out = io.BytesIO()
    Image.new("RGBA", (12, 12), (10, 200, 10, 128)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def pdf_with_author_and_xmp(encrypt=None):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Ayu Lestari", "/Title": "Bukti laporan"})
    xmp = DecodedStreamObject()
    xmp.set_data(XMP)
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    if encrypt:
        writer.encrypt(**encrypt)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def refusal(name, content):
    with pytest.raises(ValidationError) as refused:
        clean_upload(upload(name, content))
    return refused.value.messages


# --- images ----------------------------------------------------------------------------------


def test_a_jpeg_loses_its_exif_gps_and_artist_but_keeps_its_orientation():
    original = jpeg_with_gps_and_artist()
    exif = Image.open(io.BytesIO(original)).getexif()
    assert exif[ARTIST] == "Ayu Lestari" and exif.get_ifd(GPS_IFD)  # the fixture really carries them

    cleaned = clean_upload(upload("IMG_2041.jpg", original))

    assert cleaned.content_type == "image/jpeg"
    image = Image.open(io.BytesIO(cleaned.content))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert b"Ayu Lestari" not in cleaned.content
    assert "exif" not in image.info
    # Rotated upright: 20 wide, 40 tall, and the blue band moved from the left edge to the top.
    assert image.size == (20, 40)
    red, green, blue = image.convert("RGB").getpixel((10, 2))
    assert blue > 150 and red < 100


def test_a_png_loses_its_text_chunks():
    original = png_with_text_chunks()
    assert Image.open(io.BytesIO(original)).text  # the fixture really carries them

    cleaned = clean_upload(upload("denah.png", original))

    assert cleaned.content_type == "image/png"
    image = Image.open(io.BytesIO(cleaned.content))
    assert image.text == {}
    assert b"Ayu Lestari" not in cleaned.content and b"Daeng Tata" not in cleaned.content
    assert image.mode == "RGBA"  # transparency survives


def test_a_webp_is_accepted_and_re_encoded():
    out = io.BytesIO()
    Image.new("RGB", (10, 10), (1, 2, 3)).save(out, "WEBP")
    assert clean_upload(upload("foto.webp", out.getvalue())).content_type == "image/webp"


def test_a_gif_is_not_an_allowed_image():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    assert refusal("animasi.gif", out.getvalue()) == [
        "Berkas animasi.gif bukan gambar (JPEG, PNG, WebP) atau PDF yang sah."
    ]


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_truncated_image_is_refused(fmt):
    out = io.BytesIO()
    Image.effect_noise((200, 200), 64).convert("RGB").save(out, fmt)
    data = out.getvalue()
    assert refusal("foto.jpg", data[: len(data) // 2]) == [
        "Berkas foto.jpg bukan gambar (JPEG, PNG, WebP) atau PDF yang sah."
    ]


def test_a_corrupt_image_is_refused():
    out = io.BytesIO()
    Image.new("RGB", (50, 50)).save(out, "PNG")
    data = bytearray(out.getvalue())
    data[60:80] = b"\xff" * 20  # inside the image data: the checksum no longer matches
    assert refusal("foto.png", bytes(data)) == ["Berkas foto.png bukan gambar (JPEG, PNG, WebP) atau PDF yang sah."]


def test_an_image_with_too_many_pixels_is_refused():
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, "PNG")  # 48 megapixels, a few kilobytes
    messages = refusal("bom.png", out.getvalue())
    assert messages == ["Gambar bom.png terlalu besar resolusinya."]


# --- PDF -------------------------------------------------------------------------------------


def test_a_pdf_loses_its_author_and_xmp_metadata():
    original = pdf_with_author_and_xmp()
    assert b"Ayu Lestari" in original and b"xmpmeta" in original  # the fixture really carries them

    cleaned = clean_upload(upload("bukti.pdf", original))

    assert cleaned.content_type == "application/pdf"
    for trace in (b"Ayu Lestari", b"/Author", b"xmpmeta", b"/Metadata", b"Bukti laporan", b"/Producer"):
        assert trace not in cleaned.content, trace
    reader = PdfReader(io.BytesIO(cleaned.content))
    assert len(reader.pages) == 1
    assert not reader.metadata
    assert reader.xmp_metadata is None


@pytest.mark.parametrize("encrypt", [
    {"user_password": "rahasia", "owner_password": "rahasia"},
    {"user_password": "", "owner_password": "pemilik"},
], ids=["needs-a-password", "owner-password-only"])
def test_an_encrypted_pdf_is_refused(encrypt):
    assert refusal("bukti.pdf", pdf_with_author_and_xmp(encrypt)) == [
        "PDF bukti.pdf terkunci kata sandi; kirim tanpa kata sandi."
    ]


def test_a_broken_pdf_is_refused():
    assert refusal("bukti.pdf", b"%PDF-1.7\n1 0 obj <<") == ["Berkas bukti.pdf bukan PDF yang sah."]


# --- judged by content, not by name --------------------------------------------------------


def test_a_pdf_named_jpg_is_accepted_as_a_pdf():
    cleaned = clean_upload(upload("foto.jpg", pdf_with_author_and_xmp()))
    assert cleaned.content_type == "application/pdf"
    assert cleaned.content.startswith(b"%PDF-")
    assert cleaned.original_name == "foto.jpg"


@pytest.mark.parametrize("content", [
    b"<!DOCTYPE html><html><body><script>alert('x')</script></body></html>",
    b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"PE\x00\x00",
    b"PK\x03\x04" + b"\x00" * 64,
], ids=["html", "svg", "exe", "zip"])
def test_other_content_named_jpg_is_refused(content):
    assert refusal("foto.jpg", content) == ["Berkas foto.jpg bukan gambar (JPEG, PNG, WebP) atau PDF yang sah."]


def test_a_jpeg_named_pdf_is_accepted_as_a_jpeg():
    assert clean_upload(upload("surat.pdf", jpeg_with_gps_and_artist())).content_type == "image/jpeg"


# --- size --------------------------------------------------------------------------------------


def test_an_oversized_file_is_refused_before_it_is_read(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    messages = refusal("besar.jpg", jpeg_with_gps_and_artist() + b"\x00" * 1000)
    assert len(messages) == 1
    assert messages[0].startswith("Berkas besar.jpg terlalu besar (maksimal 1000")


def test_the_size_limit_is_shown_in_megabytes(settings):
    settings.UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    big = upload("besar.pdf", b"%PDF-" + b"0" * 10)
    big.size = 6 * 1024 * 1024  # the size the upload handler reported
    with pytest.raises(ValidationError) as refused:
        clean_upload(big)
    assert refused.value.messages == ["Berkas besar.pdf terlalu besar (maksimal 5,0\xa0MB)."]


def test_an_empty_file_is_refused():
    assert refusal("kosong.jpg", b"") == ["Berkas kosong.jpg kosong."]


def test_a_path_in_the_uploaded_name_is_dropped():
    cleaned = clean_upload(upload("C:\\Users\\ayu\\Pictures\\lubang.png", png_with_text_chunks()))
    assert cleaned.original_name == "lubang.png"
