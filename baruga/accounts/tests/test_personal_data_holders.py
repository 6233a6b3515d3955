"""Each app states its own personal data rules in `<app>/personal_data.py`; accounts only finds them."""

import ast
import types
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from baruga.accounts import privacy
from baruga.accounts.models import User

# The layers accounts may import (lib, its own layer); audit records every operation, as in accounts/admin.py.
ALLOWED = ("baruga.lib", "baruga.accounts", "baruga.directory", "baruga.audit")


def _imports(path):
    for node in ast.walk(ast.parse(Path(path).read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_privacy_imports_no_app_above_accounts_not_even_inside_a_function():
    project = [name for name in _imports(privacy.__file__) if name.startswith("baruga")]
    assert project and all(name.startswith(ALLOWED) for name in project), project


def test_the_apps_holding_personal_data_are_found_through_the_app_registry_in_their_order():
    assert [holder.__name__ for holder in privacy.holders()] == [
        "baruga.complaints.personal_data", "baruga.notifications.personal_data", "baruga.ppid.personal_data",
        "baruga.dissemination.personal_data", "baruga.intake.personal_data"]


def test_a_personal_data_module_lacking_part_of_the_interface_is_a_configuration_error(monkeypatch):
    incomplete = types.SimpleNamespace(__name__="baruga.ppid.personal_data", find=dict, export=dict)
    real = privacy.app_modules
    monkeypatch.setattr(privacy, "app_modules", lambda name: tuple(
        incomplete if module.__name__ == "baruga.ppid.personal_data" else module for module in real(name)))
    with pytest.raises(ImproperlyConfigured, match="baruga.ppid.personal_data lacks open_matters, erase"):
        privacy.holders()


class Library:
    """A new app holding personal data (a library's loans): what it has to write, and nothing else."""

    __name__ = "baruga.library.personal_data"

    def __init__(self):
        self.erased = []

    def find(self, subject):
        return {"loans": ["BUKU-7"] if subject.user is not None else []}

    def export(self, subject):
        return {"loans": [{"book": loan} for loan in subject.loans]}

    def open_matters(self, subject, *, now, period):
        return [privacy.Blocker(loan, f"Buku {loan} belum dikembalikan.", overridable=False) for loan in subject.loans]

    def erase(self, subject, *, actor):
        self.erased.append(subject.user.pk)
        return {"loans": len(subject.loans)}


@pytest.fixture
def library(monkeypatch):
    holder = Library()
    installed = privacy.holders()
    monkeypatch.setattr(privacy, "holders", lambda: (*installed, holder))
    return holder


def test_a_new_apps_data_is_exported_and_holds_erasure_back(cast, library):
    root = User.objects.create_superuser(username="root", password="rahasia-sekali-123", email="root@contoh.id")

    data = privacy.export_subject(actor=cast.ayu, user=cast.ayu)

    assert list(data) == ["format", "generated_at", "legal_basis", "account", "reports", "ratings", "notifications",
                          "messages", "notification_preference", "information_requests", "newsroom_subscriptions",
                          "whatsapp_sms_conversations", "inbound_emails",
                          "loans", "privacy_requests"]
    assert data["loans"] == [{"book": "BUKU-7"}]
    with pytest.raises(privacy.PrivacyError, match="Buku BUKU-7 belum dikembalikan"):
        privacy.erase_subject(actor=root, user=cast.ayu, reason="Permintaan warga", force_reason="Perintah pengadilan")
    assert library.erased == []

    library.open_matters = lambda subject, **kwargs: []
    privacy.erase_subject(actor=root, user=cast.ayu, reason="Permintaan warga")

    assert library.erased == [cast.ayu.pk]
