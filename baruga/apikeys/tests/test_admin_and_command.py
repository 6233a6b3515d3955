"""Keys made and revoked in the Django admin and by `manage.py apikey`."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from baruga.accounts.models import User
from baruga.apikeys import services
from baruga.apikeys.models import ApiKey
from baruga.audit.models import AuditEntry


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(username="root", password="x" * 16, email="root@contoh.id")


def test_the_admin_shows_the_secret_once(cast, superuser):
    client = Client()
    client.force_login(superuser)
    response = client.post("/admin/apikeys/apikey/add/", {
        "name": "Sistem SP4N", "owner": cast.citra.pk, "scopes": ["staff:read", "open311:write"],
        "expires_at_0": "", "expires_at_1": "", "rate_limit": "",
    })
    assert response.status_code == 200, response.content[:2000]
    key = ApiKey.objects.get()
    secret = response.context["secret"]
    assert secret.startswith(key.prefix) and services.hash_key(secret) == key.key_hash
    assert "no-store" in response["Cache-Control"]
    assert key.created_by == superuser and key.scopes == ["open311:write", "staff:read"]
    page = client.get(f"/admin/apikeys/apikey/{key.pk}/change/")
    assert secret not in page.content.decode()
    assert AuditEntry.objects.filter(action="apikey.create", actor=superuser).exists()


def test_the_admin_refuses_a_key_without_scopes(cast, superuser):
    client = Client()
    client.force_login(superuser)
    response = client.post("/admin/apikeys/apikey/add/", {"name": "x", "owner": cast.citra.pk, "rate_limit": "lots"})
    assert response.status_code == 200 and response.context["adminform"].form.errors
    assert not ApiKey.objects.exists()


def test_the_admin_action_revokes(cast, superuser):
    key, _secret = services.create_key(owner=cast.eko, name="x", scopes=["staff:read"])
    client = Client()
    client.force_login(superuser)
    response = client.post("/admin/apikeys/apikey/", {"action": "revoke", "_selected_action": [key.pk]})
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None and key.revoked_by == superuser
    assert AuditEntry.objects.filter(action="apikey.revoke", actor=superuser).exists()


def test_the_command_creates_lists_and_revokes(cast):
    out = io.StringIO()
    call_command("apikey", "create", "--owner", "eko", "--name", "skrip", "--scope", "staff:read",
                 "--expires-days", "30", "--rate", "60/m", stdout=out)
    secret = out.getvalue().strip().splitlines()[-1]
    key = ApiKey.objects.get()
    assert services.hash_key(secret) == key.key_hash and key.rate_limit == "60/m" and key.expires_at
    out = io.StringIO()
    call_command("apikey", "list", stdout=out)
    assert key.prefix in out.getvalue() and secret not in out.getvalue()
    call_command("apikey", "revoke", key.prefix, stdout=io.StringIO())
    key.refresh_from_db()
    assert key.revoked_at is not None
    out = io.StringIO()
    call_command("apikey", "list", stdout=out)
    assert key.prefix not in out.getvalue()
    call_command("apikey", "list", "--all", stdout=out)
    assert "revoked" in out.getvalue()


@pytest.mark.parametrize("args", [["--owner", "nobody", "--name", "x", "--scope", "staff:read"],
                                  ["--owner", "eko", "--name", "x", "--scope", "staff:read", "--rate", "fast"],
                                  ["--owner", "eko", "--name", "x", "--scope", "staff:read", "--expires-days", "0"]])
def test_the_command_refuses_bad_input(cast, args):
    with pytest.raises(CommandError):
        call_command("apikey", "create", *args, stdout=io.StringIO())
    assert not ApiKey.objects.exists()
