import io

import pytest
from PIL import Image

from baruga.accounts.models import Role
from baruga.indicators.loading import load_programs
from baruga.indicators.models import Indicator


@pytest.fixture
def indicators(cast):
    """The shipped set, and a second province admin (lina) so that budi's own entries can be verified."""
    load_programs()
    from conftest import _user

    cast.lina = _user("lina", "Lina")
    cast.lina.memberships.create(role=Role.ADMIN, jurisdiction=cast.province)
    return {i.code: i for i in Indicator.objects.all()}


def png(name="bukti.png"):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG")
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")
