"""Checking and cleaning uploaded attachments.

The type is decided by content, never by name or the browser's claim. Images are
decoded and re-encoded from pixels, which drops EXIF/GPS and every other metadata block;
PDFs are rebuilt page by page without the document information or XMP metadata.
"""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

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
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(_("PDF %(name)s terkunci kata sandi; kirim tanpa kata sandi.") % {"name": name})
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        # Only the page tree is copied: no /Info, XMP, JavaScript or embedded files come along.
        writer._info = None  # pypdf otherwise stamps a Producer entry
        out = io.BytesIO()
        writer.write(out)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError):
        raise ValidationError(_("Berkas %(name)s bukan PDF yang sah.") % {"name": name}) from None
    return out.getvalue()


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
