"""The audit app's cast: surya, the security officer (holds `audit.view_auditentry`), besides conftest.py's."""

import pytest
from django.contrib.auth.models import Permission

from baruga.accounts.models import User
from baruga.audit.models import AuditEntry


@pytest.fixture
def officer(cast):
    surya = User.objects.create_user(username="surya", password="rahasia-sekali-123", first_name="Surya",
                                     email="surya@contoh.id")
    surya.user_permissions.add(Permission.objects.get(content_type__app_label="audit", codename="view_auditentry"))
    return surya


def entries(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("id"))


@pytest.fixture(autouse=True)
def anchor_file(settings, tmp_path):
    """Every audit test anchors its checkpoints in a file of its own, as production does."""
    settings.AUDIT_ANCHORS = ["file", "email"]
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "anchors" / "audit-anchors.jsonl")
    (tmp_path / "anchors").mkdir()
    return tmp_path / "anchors" / "audit-anchors.jsonl"
