"""Handing documents over through expiring private links, and storing uploads.

A link carries a `TimestampSigner` signature of the document's id: it works for
PPID_DOCUMENT_LINK_DAYS (default 14) days from when it was made, for that document only, and
needs no session. The requester's follow page (reached with the durable private link) makes
fresh ones; a forwarded or leaked document link dies on its own.
"""

import datetime as dt

from django.core import signing
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from baruga.ppid.deadlines import days

SALT = "baruga.ppid.document"


def _signer():
    return signing.TimestampSigner(salt=SALT)


def link_lifetime():
    return dt.timedelta(days=days("PPID_DOCUMENT_LINK_DAYS"))


def make_token(document):
    return _signer().sign(str(document.pk))


def document_id(token):
    """The document id a token names, or None if it is forged, altered or expired."""
    try:
        value = _signer().unsign(token, max_age=link_lifetime())
    except (signing.BadSignature, signing.SignatureExpired):
        return None
    return int(value) if value.isdigit() else None


def link(document, *, absolute=None):
    path = reverse("ppid:document", args=[make_token(document)])
    return absolute(path) if absolute else path


def links(documents, *, absolute=None):
    """[(document, url, expires_at)] for a list of documents."""
    expires = timezone.now() + link_lifetime()
    return [(d, link(d, absolute=absolute), expires) for d in documents]


def store(model, cleaned, **fields):
    """Save one `baruga.lib.uploads.CleanFile` as a `model` row (RequestDocument / PublicInformationDocument)."""
    row = model(original_name=cleaned.original_name, content_type=cleaned.content_type, size=len(cleaned.content),
                sha256=cleaned.sha256, created_at=timezone.now(), **fields)
    row.file.save("upload", ContentFile(cleaned.content), save=False)
    row.save()
    return row
