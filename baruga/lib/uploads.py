"""Checking and cleaning uploaded attachments.

The type is decided by content, never by name or the browser's claim. Images are
decoded and re-encoded from pixels, which drops EXIF/GPS and every other metadata block;
PDFs are rebuilt page by page without the document information or XMP metadata, and without
anything a reader would run, open or submit: actions (document, page, annotation, form field),
JavaScript, embedded files, forms and XFA (see `_clean_pdf`). A PDF with more pages than
UPLOAD_PDF_MAX_PAGES, or whose streams unpack to more than UPLOAD_PDF_MAX_UNPACKED_BYTES, is refused.
"""

import hashlib
import io
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, EncodedStreamObject, IndirectObject, NameObject, StreamObject

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_PIXELS = 40_000_000  # refuses decompression bombs well before memory suffers


@dataclass
class CleanFile:
    content: bytes
    content_type: str
    original_name: str

    @property
    def sha256(self):
        return hashlib.sha256(self.content).hexdigest()


def _safe_name(name):
    name = (name or "lampiran").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable())[:120] or "lampiran"


def clean_upload(uploaded):
    """Return a CleanFile or raise ValidationError with a message for the citizen."""
    name = _safe_name(getattr(uploaded, "name", ""))
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Berkas %(name)s terlalu besar (maksimal %(max)s).")
            % {"name": name, "max": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        )
    if uploaded.size == 0:
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": name})
    data = b"".join(uploaded.chunks())
    if data.startswith(b"%PDF-"):
        return CleanFile(_clean_pdf(data, name), "application/pdf", name)
    return _clean_image(data, name)


def _clean_image(data, name):
    not_allowed = ValidationError(
        _("Berkas %(name)s bukan gambar (JPEG, PNG, WebP) atau PDF yang sah.") % {"name": name}
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if fmt not in IMAGE_FORMATS:
                raise not_allowed
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("Gambar %(name)s terlalu besar resolusinya.") % {"name": name})
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)  # keep the orientation, lose the EXIF
            mode = "RGBA" if image.mode in ("RGBA", "LA", "P") and fmt != "JPEG" else "RGB"
            pixels = Image.new(mode, image.size)
            pixels.paste(image.convert(mode))
            out = io.BytesIO()
            save_options = {"quality": 85} if fmt in ("JPEG", "WEBP") else {"optimize": True}
            pixels.save(out, format=fmt, **save_options)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_allowed from None
    return CleanFile(out.getvalue(), IMAGE_FORMATS[fmt], name)


def _clean_pdf(data, name):
    """The pages of `data` rebuilt into a new document with nothing active left in them.

    Copying the page tree alone leaves the document catalogue behind (/OpenAction, /Names with
    JavaScript and embedded files, /AcroForm with its scripts and XFA, /Info, XMP), but a page
    carries actions of its own: its /AA, its annotations' /A and /AA, and form fields reached
    through a widget's /Parent. `_disarm` walks every object the copy holds and removes them.
    Limits (pages, unpacked stream size) refuse a document that would cost far more to handle
    than its few megabytes suggest.
    """
    max_pages = settings.UPLOAD_PDF_MAX_PAGES
    too_many_pages = ValidationError(
        _("PDF %(name)s terlalu banyak halamannya (maksimal %(max)d halaman).") % {"name": name, "max": max_pages}
    )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(_("PDF %(name)s terkunci kata sandi; kirim tanpa kata sandi.") % {"name": name})
        declared = reader.trailer["/Root"]["/Pages"].get("/Count", 0)
        if isinstance(declared, int) and declared > max_pages:
            raise too_many_pages  # before the page tree is walked at all
        writer = PdfWriter()
        for number, page in enumerate(reader.pages, start=1):
            if number > max_pages:
                raise too_many_pages  # the tree holds more pages than its /Count said
            writer.add_page(page)
        # Only the page tree is copied: no /Info, XMP, /OpenAction, name trees or forms come along.
        writer._info = None  # pypdf otherwise stamps a Producer entry
        _disarm(writer)
        _check_unpacked_size(writer, name)
        out = io.BytesIO()
        writer.write(out)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError, zlib.error):
        raise ValidationError(_("Berkas %(name)s bukan PDF yang sah.") % {"name": name}) from None
    return out.getvalue()


# Actions a reader may still follow: a place in the document, a named page move, a web or mail link.
SAFE_ACTIONS = {"/GoTo", "/Named", "/URI"}
SAFE_URI_SCHEMES = ("http://", "https://", "mailto:")
# Annotations that exist to play, run or carry something: dropped whole.
ACTIVE_ANNOTATIONS = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
# Keys that hold scripts, triggers, forms or files wherever they appear.
ACTIVE_KEYS = ("/AA", "/OpenAction", "/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/RichMediaContent",
               "/XFA", "/AcroForm", "/Names")


def _safe_action(action):
    if not isinstance(action, DictionaryObject):
        return False
    kind = action.get("/S")
    if kind not in SAFE_ACTIONS:
        return False
    if kind == "/URI":
        uri = action.get("/URI")
        uri = uri.decode("latin-1") if isinstance(uri, bytes) else str(uri or "")
        return uri.strip().lower().startswith(SAFE_URI_SCHEMES)
    return True


def _disarm(writer):
    """Remove every action, script, form script, XFA and embedded file from the copied objects."""
    for page in writer.pages:
        annots = page.get("/Annots")
        if annots is not None:
            kept = [a for a in annots.get_object() if a.get_object().get("/Subtype") not in ACTIVE_ANNOTATIONS]
            page[NameObject("/Annots")] = ArrayObject(kept)
    for ref in list(_object_refs(writer)):
        for item in list(_dicts(ref.get_object())):
            _disarm_dict(item)


def _object_refs(writer):
    for number in range(1, len(writer._objects) + 1):
        if writer._objects[number - 1] is not None:
            yield IndirectObject(number, 0, writer)


def _dicts(obj, depth=0):
    """`obj` and every dictionary nested directly inside it (indirect references are walked on their own)."""
    if depth > 64 or isinstance(obj, IndirectObject):
        return
    if isinstance(obj, DictionaryObject):  # streams too
        yield obj
        for value in list(obj.values()):
            yield from _dicts(value, depth + 1)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            yield from _dicts(value, depth + 1)


def _disarm_dict(item):
    for key in ACTIVE_KEYS:
        item.pop(key, None)
    item.pop("/Next", None)  # an action chain: only the first, checked, step stays
    action = item.get("/A")
    if action is not None and not _safe_action(action.get_object()):
        del item["/A"]
    if item.get("/Subtype") in ACTIVE_ANNOTATIONS or item.get("/Type") in ("/EmbeddedFile", "/Filespec"):
        item.clear()  # left unreferenced, or an empty file specification
        if isinstance(item, StreamObject):
            item._data = b""


def _check_unpacked_size(writer, name):
    """Refuse once the streams, unpacked, pass UPLOAD_PDF_MAX_UNPACKED_BYTES; inflation stops right there."""
    limit = settings.UPLOAD_PDF_MAX_UNPACKED_BYTES
    total = 0
    for ref in _object_refs(writer):
        obj = ref.get_object()
        if not isinstance(obj, StreamObject):
            continue
        total += _unpacked_length(obj, limit - total + 1)
        if total > limit:
            raise ValidationError(
                _("PDF %(name)s terlalu besar setelah dibuka (lebih dari %(max)s).")
                % {"name": name, "max": filesizeformat(limit)}
            )


def _unpacked_length(stream, budget):
    """The stream's length after its first filter, counting at most `budget` bytes of output."""
    raw = stream._data if isinstance(stream, EncodedStreamObject) else stream.get_data()
    filters = stream.get("/Filter")
    first = filters[0] if isinstance(filters, ArrayObject) and filters else filters
    if first not in ("/FlateDecode", "/Fl"):
        return len(raw)
    inflater = zlib.decompressobj()
    produced = len(inflater.decompress(raw, budget))
    while inflater.unconsumed_tail and produced < budget:
        produced += len(inflater.decompress(inflater.unconsumed_tail, budget - produced))
    return produced


THUMBNAIL_PX = 240  # twice the 120 px the pages show, for sharp photos on phone screens


def thumbnail(source, size=THUMBNAIL_PX):
    """A JPEG of at most `size`×`size` px from a stored (already cleaned) image: new pixels, no metadata."""
    with Image.open(source) as image:
        image.draft("RGB", (size * 2, size * 2))  # a JPEG decodes at a reduced scale: fast on 12 MP photos
        image = ImageOps.exif_transpose(image)
        image.thumbnail((size, size))
        canvas = Image.new("RGB", image.size, "white")  # transparent PNG/WebP on white, JPEG has no alpha
        canvas.paste(image, mask=image.getchannel("A") if "A" in image.getbands() else None)
        out = io.BytesIO()
        canvas.save(out, format="JPEG", quality=80, optimize=True)
    return out.getvalue()
