"""GeoReport v2 documents as JSON or XML (the spec's element names), and its error shape."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
FORMATS = frozenset(CONTENT_TYPES)


def w3c(value):
    """ISO 8601 with the offset, as the spec asks (e.g. 2026-11-28T20:41:00+08:00)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


# Characters XML 1.0 cannot carry (a report's text may hold them): dropped, so the document stays well-formed.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_XML.sub("", str(value))


def _add(parent, tag, value, child_tags):
    element = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, item in value.items():
            _add(element, key, item, child_tags)
    elif isinstance(value, list):
        for item in value:
            _add(element, child_tags.get(tag, "item"), item, child_tags)
    else:
        element.text = _text(value)
    return element


def render(fmt, data, *, root, item=None, child_tags=None, status=200):
    """`data`: a list of dicts (a collection, `item` names each XML element) or one dict (`root` holds it)."""
    fmt = fmt if fmt in FORMATS else "xml"
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False)
    else:
        tags = dict(child_tags or {})
        element = ET.Element(root)
        if isinstance(data, list):
            for entry in data:
                _add(element, item, entry, tags)
        else:
            for key, value in data.items():
                _add(element, key, value, tags)
        body = '<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="unicode")
    return HttpResponse(body.encode(), status=status, content_type=CONTENT_TYPES[fmt])


class Open311Error(Exception):
    """A refusal in the spec's shape: a list of {code, description}; `code` is the HTTP status."""

    def __init__(self, status, description):
        super().__init__(description)
        self.status = status
        self.description = str(description)


def error_response(fmt, status, description):
    response = render(fmt, [{"code": status, "description": str(description)}], root="errors", item="error",
                      status=status)
    return response
