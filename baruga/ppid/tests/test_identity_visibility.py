"""Who sees a requester's identity: the requester and the officers handling the request, nobody else.
Protected like a reporter's: never in lists, the annual report, the public pages or to other units."""

import pytest

from baruga.ppid import permissions
from baruga.ppid.tests.conftest import REQUEST

NAME = REQUEST["name"].encode()
NIK = REQUEST["identity_number"].encode()


@pytest.fixture
def info_request(file_request):
    return file_request()


@pytest.mark.parametrize("who", ["rina", "sari", "tono"])
def test_the_officers_of_the_request_see_the_identity(ppid, info_request, client, who):
    request, _ = info_request
    client.force_login(getattr(ppid, who))
    page = client.get(f"/ppid/petugas/permohonan/{request.registration_number}/")
    assert page.status_code == 200
    assert NAME in page.content and NIK in page.content
    assert permissions.can_see_identity(getattr(ppid, who), request)


def test_the_leader_sees_the_request_but_not_who_asked(ppid, info_request, client):
    request, _ = info_request
    client.force_login(ppid.hadi)
    page = client.get(f"/ppid/petugas/permohonan/{request.registration_number}/")
    assert page.status_code == 200
    assert NAME not in page.content and NIK not in page.content and b"rahmat@contoh.id" not in page.content


@pytest.mark.parametrize("who", ["citra", "eko", "gita", "wati", "umar", "dewi", "ayu"])
def test_other_units_and_citizens_do_not_even_learn_the_request_exists(ppid, info_request, client, who):
    request, _ = info_request
    client.force_login(getattr(ppid, who))
    assert client.get(f"/ppid/petugas/permohonan/{request.registration_number}/").status_code == 404
    assert not permissions.can_see_identity(getattr(ppid, who), request)


def test_the_assistant_of_another_opd_does_not_see_it(ppid, file_request, client):
    request, _ = file_request(agency=ppid.disdik)
    client.force_login(ppid.tono)
    assert client.get(f"/ppid/petugas/permohonan/{request.registration_number}/").status_code == 404


def test_the_public_follow_page_shows_status_only(info_request, client):
    request, _ = info_request
    page = client.get(f"/ppid/lacak/{request.registration_number}/")
    assert page.status_code == 200
    assert NAME not in page.content and b"Dokumen kontrak" not in page.content


def test_a_wrong_secret_shows_status_only(info_request, client):
    request, _ = info_request
    page = client.get(f"/ppid/lacak/{request.registration_number}/?k=salah")
    assert NAME not in page.content


def test_the_private_link_shows_the_requester_everything(info_request, client):
    request, secret = info_request
    page = client.get(f"/ppid/lacak/{request.registration_number}/?k={secret}")
    assert NAME in page.content and b"Dokumen kontrak" in page.content


def test_lists_never_carry_identities(ppid, info_request, client):
    client.force_login(ppid.rina)
    assert NAME not in client.get("/ppid/petugas/").content
    assert NAME not in client.get("/ppid/laporan-tahunan/").content
    api = client.get("/api/v1/ppid/staff/requests").json()
    assert "Rahmat" not in str(api)


def test_the_api_follows_the_same_rules(ppid, info_request, client):
    request, secret = info_request
    url = f"/api/v1/ppid/requests/{request.registration_number}"
    assert client.get(url).json().get("identity") is None
    assert client.get(url, headers={"X-Request-Secret": secret}).json()["identity"]["name"] == REQUEST["name"]
    client.force_login(ppid.hadi)
    assert client.get(f"/api/v1/ppid/staff/requests/{request.registration_number}").json()["identity"] is None
    client.force_login(ppid.tono)
    assert client.get(f"/api/v1/ppid/staff/requests/{request.registration_number}").json()["identity"]["name"]
    client.force_login(ppid.citra)
    assert client.get(f"/api/v1/ppid/staff/requests/{request.registration_number}").status_code == 403
    client.force_login(ppid.eko)
    assert client.get(f"/api/v1/ppid/staff/requests/{request.registration_number}").status_code == 403


def test_the_identity_is_encrypted_at_rest(info_request):
    from django.db import connection

    request, _ = info_request
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, identity_number, email FROM ppid_requesteridentity WHERE request_id = %s",
                       [request.pk])
        stored = cursor.fetchone()
    assert all(value.startswith("gAAAA") for value in stored)  # Fernet tokens
    assert REQUEST["identity_number"] not in "".join(stored)
    request.identity.refresh_from_db()
    assert request.identity.identity_number == REQUEST["identity_number"]
