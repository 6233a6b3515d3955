"""Small helpers for the API tests: JSON calls under /api/v1 and the states reports are brought to."""

import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from baruga.complaints import actions

API = "/api/v1"


def get(client, path, **headers):
    return client.get(API + path, headers=headers)


def post(client, path, data=None, **headers):
    return client.post(API + path, data=json.dumps(data if data is not None else {}),
                       content_type="application/json", headers=headers)


def secret_header(secret):
    return {"X-Report-Secret": secret}


def jpeg_with_gps(name="IMG_0001.jpg"):
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x013B] = "Pelapor Rahasia"  # Artist
    exif[0x8825] = {1: "S", 2: (5.0, 8.0, 0.0), 3: "E", 4: (119.0, 25.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def responded(cast, report):
    """Verified by citra, dispatched to Dinas PUPR, answered by fajar (the head: published at once)."""
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    actions.respond(actor=cast.fajar, report=report, body="Lubang sudah ditambal pada hari Senin.")
    report.refresh_from_db()
    return report
