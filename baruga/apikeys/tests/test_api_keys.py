"""API keys: each scope allows what it names and nothing else; refused keys; the owner's reach; rate limit."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from baruga.apikeys import services
from baruga.apikeys.models import ApiKey
from baruga.audit.models import AuditEntry
from baruga.complaints.models import Report, State

API = "/api/v1"


@pytest.fixture
def make_key(cast):
    def _make(owner, *scopes, **extra):
        return services.create_key(owner=owner, name="tes", scopes=list(scopes), **extra)[1]
    return _make


def call(method, path, key=None, data=None, header="bearer", client=None):
    client = client or Client(enforce_csrf_checks=True)
    headers = {}
    if key is not None:
        headers = {"Authorization": f"Bearer {key}"} if header == "bearer" else {"X-API-Key": key}
    if method == "get":
        return client.get(API + path, headers=headers)
    return getattr(client, method)(API + path, data=json.dumps(data or {}), content_type="application/json",
                                   headers=headers)


def _error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code and body["detail"] and isinstance(body["errors"], list)
    return body


# Scopes

def test_staff_read_reads_the_inbox_but_cannot_act(cast, make_key, dispatched_report):
    key = make_key(cast.eko, "staff:read")
    response = call("get", "/staff/reports", key)
    assert response.status_code == 200
    assert [i["tracking_id"] for i in response.json()["items"]] == [dispatched_report.tracking_id]
    body = _error(call("post", f"/staff/reports/{dispatched_report.tracking_id}/accept", key), 403, "forbidden")
    assert "staff:write" in body["detail"]
    assert Report.objects.get(pk=dispatched_report.pk).state == State.DISPATCHED


def test_staff_write_acts_without_a_csrf_token(cast, make_key, dispatched_report):
    key = make_key(cast.eko, "staff:write")
    response = call("post", f"/staff/reports/{dispatched_report.tracking_id}/accept", key, header="x-api-key")
    assert response.status_code == 200, response.content
    assert Report.objects.get(pk=dispatched_report.pk).state == State.IN_PROGRESS
    event = dispatched_report.events.get(action="accept")
    assert event.actor == cast.eko  # the key acts as its owner
    # staff:write alone does not read
    _error(call("get", "/staff/reports", key), 403, "forbidden")


def test_reports_write_files_as_the_owner_and_reports_read_follows(cast, make_key):
    write = make_key(cast.ayu, "reports:write")
    payload = {"title": "Lampu jalan mati", "body": "Lampu jalan di depan rumah mati sejak seminggu lalu.",
               "location_code": "73.71"}
    response = call("post", "/reports", write, payload)
    assert response.status_code == 201, response.content
    tracking_id = response.json()["tracking_id"]
    assert response.json()["secret"] is None  # filed by the account, not as a guest
    assert Report.objects.get(tracking_id=tracking_id).reporter == cast.ayu
    read = make_key(cast.ayu, "reports:read")
    assert call("get", f"/reports/{tracking_id}", read).json()["access"] == "reporter"
    _error(call("post", "/reports", read, payload), 403, "forbidden")
    _error(call("get", "/staff/reports", read), 403, "forbidden")


def test_notification_scopes(cast, make_key):
    read = make_key(cast.ayu, "notifications:read")
    assert call("get", "/notifications", read).status_code == 200
    _error(call("get", "/reports/LAP-0000-0000", make_key(cast.ayu, "staff:read")), 403, "forbidden")
    prefs = call("get", "/notifications/preferences", read).json()
    _error(call("put", "/notifications/preferences", read, prefs), 403, "forbidden")
    ok = call("put", "/notifications/preferences", make_key(cast.ayu, "notifications:write"), prefs)
    assert ok.status_code == 200, ok.content


def test_ppid_staff_and_requests_follow_the_same_scopes(cast, make_key):
    from baruga.accounts.models import Membership, Role, User

    rina = User.objects.create_user(username="rina", password="x" * 12)
    Membership.objects.create(user=rina, role=Role.PPID, jurisdiction=cast.makassar)
    assert call("get", "/ppid/staff/requests", make_key(rina, "staff:read")).status_code == 200
    _error(call("get", "/ppid/staff/requests", make_key(rina, "reports:read")), 403, "forbidden")
    # the key is citra's: she is no PPID officer, whatever the key's scopes
    _error(call("get", "/ppid/staff/requests", make_key(cast.citra, "staff:read")), 403, "forbidden")


def test_open311_scope_opens_nothing_in_the_json_api(cast, make_key):
    key = make_key(cast.citra, "open311:write")
    _error(call("get", "/staff/reports", key), 403, "forbidden")
    _error(call("get", "/notifications", key), 403, "forbidden")


def test_public_operations_ignore_the_scopes(cast, make_key):
    key = make_key(cast.ayu, "open311:write")
    assert call("get", "/public/reports", key).status_code == 200
    assert call("get", "/categories", key).status_code == 200


# Refused keys

@pytest.mark.parametrize("state", ["revoked", "expired", "unknown", "malformed", "owner_inactive"])
def test_refused_keys_get_401_and_change_nothing(cast, make_key, dispatched_report, state):
    key = make_key(cast.eko, "staff:read", "staff:write")
    stored = ApiKey.objects.get()
    if state == "revoked":
        services.revoke_key(key=stored, actor=cast.budi)
    elif state == "expired":
        ApiKey.objects.filter(pk=stored.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif state == "unknown":
        key = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    elif state == "malformed":
        key = "x" * 500
    else:
        cast.eko.is_active = False
        cast.eko.save()
    body = _error(call("post", f"/staff/reports/{dispatched_report.tracking_id}/accept", key), 401, "unauthenticated")
    assert "Kunci API" in body["detail"]
    assert Report.objects.get(pk=dispatched_report.pk).state == State.DISPATCHED
    _error(call("get", "/staff/reports", key), 401, "unauthenticated")


def test_a_presented_key_is_never_replaced_by_the_session(cast, make_key, dispatched_report):
    client = Client()
    client.force_login(cast.citra)
    _error(call("get", "/staff/reports", "bk_wrong", client=client), 401, "unauthenticated")
    eko_key = make_key(cast.eko, "staff:read")
    # citra's session would see more; the key sees what eko sees
    response = call("get", "/staff/reports", eko_key, client=client)
    assert response.status_code == 200


def test_expiry_in_the_future_still_works(cast, make_key):
    key = make_key(cast.eko, "staff:read", expires_at=timezone.now() + timedelta(days=1))
    assert call("get", "/staff/reports", key).status_code == 200


# The owner's reach

def test_a_key_never_sees_beyond_its_owner(cast, make_key, dispatched_report, file_report):
    other = file_report(title="Sekolah bocor")  # not dispatched: eko may not see it
    key = make_key(cast.eko, "staff:read", "staff:write")
    _error(call("get", f"/staff/reports/{other.tracking_id}", key), 404, "not_found")
    _error(call("post", f"/staff/reports/{other.tracking_id}/verify", key, {}), 404, "not_found")
    assert Report.objects.get(pk=other.pk).state == State.SUBMITTED
    # an admin's verify is beyond eko even on a report he sees
    _error(call("post", f"/staff/reports/{dispatched_report.tracking_id}/dispatch", key, {"agency_id": cast.pupr.pk}),
           403, "forbidden")


def test_a_citizen_key_with_staff_scopes_is_still_a_citizen(cast, make_key, dispatched_report):
    key = make_key(cast.ayu, "staff:read")
    _error(call("get", "/staff/reports", key), 403, "forbidden")


def test_a_key_of_another_citizen_is_no_reporter(cast, make_key, file_report):
    report = file_report()
    from baruga.accounts.models import User

    bob = User.objects.create_user(username="bob", password="x" * 12)
    key = make_key(bob, "reports:read", "reports:write")
    assert call("get", f"/reports/{report.tracking_id}", key).json()["access"] == "status"
    _error(call("post", f"/reports/{report.tracking_id}/rate", key, {"rating": 5}), 403, "forbidden")


# Rate limit

def test_a_key_over_its_rate_limit_gets_429(cast, make_key):
    key = make_key(cast.eko, "staff:read", rate_limit="3/m")
    for _ in range(3):
        assert call("get", "/staff/reports", key).status_code == 200
    body = _error(call("get", "/staff/reports", key), 429, "throttled")
    assert "detik" in body["detail"]
    # another key of the same owner has its own budget
    assert call("get", "/staff/reports", make_key(cast.eko, "staff:read", rate_limit="3/m")).status_code == 200


def test_the_default_rate_comes_from_settings(cast, make_key, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_key": "2/m"}
    key = make_key(cast.eko, "staff:read")
    assert [call("get", "/staff/reports", key).status_code for _ in range(3)] == [200, 200, 429]


# Use is recorded cheaply

def test_last_used_is_written_at_most_once_a_minute(cast, make_key, django_assert_max_num_queries):
    key = make_key(cast.eko, "staff:read")
    call("get", "/staff/reports", key)
    first = ApiKey.objects.get().last_used_at
    assert first is not None
    call("get", "/staff/reports", key)
    assert ApiKey.objects.get().last_used_at == first
    ApiKey.objects.update(last_used_at=first - timedelta(minutes=2))
    call("get", "/staff/reports", key)
    assert ApiKey.objects.get().last_used_at > first - timedelta(minutes=2)


# Second factor

@pytest.mark.real_2fa
def test_a_key_needs_no_session_second_factor(cast, make_key):
    client = Client()
    client.force_login(cast.citra)  # half signed in: no second factor given
    assert client.get(API + "/staff/reports").json()["code"] == "second_factor_required"
    key = make_key(cast.citra, "staff:read")
    assert call("get", "/staff/reports", key, client=client).status_code == 200


# Creating and revoking

def test_only_a_hash_is_stored_and_both_steps_are_audited(cast):
    key, secret = services.create_key(owner=cast.eko, name="Integrasi", scopes=["staff:read"], created_by=cast.budi)
    assert secret.startswith("bk_") and len(secret) > 40
    assert secret not in json.dumps(list(ApiKey.objects.values()), default=str)
    assert key.prefix == secret[:11]
    services.revoke_key(key=key, actor=cast.budi)
    services.revoke_key(key=key, actor=cast.budi)  # twice: recorded once
    actions = list(AuditEntry.objects.filter(action__startswith="apikey.").values_list("action", flat=True))
    assert sorted(actions) == ["apikey.create", "apikey.revoke"]


@pytest.mark.parametrize("scopes", [[], ["staff:everything"]])
def test_bad_scopes_are_refused(cast, scopes):
    with pytest.raises(ValueError):
        services.create_key(owner=cast.eko, name="x", scopes=scopes)
    assert not ApiKey.objects.exists()


def test_the_openapi_document_names_the_key(client):
    document = client.get(API + "/openapi.json").json()
    assert document["components"]["securitySchemes"]["ApiKey"]["scheme"] == "bearer"
    inbox = document["paths"]["/api/v1/staff/reports"]["get"]
    assert {"ApiKey": []} in inbox["security"]


def test_staff_read_opens_the_head_app_and_the_dashboards_list(cast, make_key):
    key = make_key(cast.fajar, "staff:read")
    assert call("get", "/pimpinan/badge", key).status_code == 200
    assert call("get", "/stats/dashboards", key).status_code == 200
    other = make_key(cast.fajar, "reports:read")
    _error(call("get", "/pimpinan/badge", other), 403, "forbidden")
