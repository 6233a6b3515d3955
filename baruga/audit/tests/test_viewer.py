"""The security officer's viewer at /keamanan/audit/: only for holders of audit.view_auditentry."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from baruga.audit import services, views
from baruga.audit.models import AuditEntry

LIST = reverse("audit:list")
VERIFY = reverse("audit:verify")


def _trail(cast, n, **fields):
    for i in range(n):
        services.record(actor=cast.citra, action="membership.grant", reason=f"alasan {i}", **fields)


@pytest.mark.parametrize("who", ["citra", "eko", "ayu", "budi", "hadi", None])
def test_the_viewer_does_not_exist_for_anyone_else(client, cast, who):
    _trail(cast, 1)
    if who:
        client.force_login(getattr(cast, who))
    entry = AuditEntry.objects.get()
    assert client.get(LIST).status_code == 404
    assert client.get(reverse("audit:detail", args=[entry.pk])).status_code == 404
    assert client.post(VERIFY).status_code == 404
    assert not AuditEntry.objects.filter(action="audit.verify").exists()


def test_the_officer_and_superusers_see_the_trail_newest_first(client, cast, officer, admin_user):
    _trail(cast, 3)
    for user in (officer, admin_user):
        client.force_login(user)
        page = client.get(LIST)
        assert page.status_code == 200
        assert page.text.index("alasan 2") < page.text.index("alasan 1") < page.text.index("alasan 0")


def test_the_list_filters_by_action_actor_report_and_dates(client, cast, officer, file_report):
    report = file_report()
    _trail(cast, 2)
    services.record(actor=cast.eko, action="report.accept", report=report, reason="punya eko")
    old = services.record(actor=cast.citra, action="report.verify", reason="lama sekali")
    AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    client.force_login(officer)

    def shown(**query):
        return client.get(LIST, query).text.count('class="audit-row"')

    assert shown() == 4
    assert shown(action="membership.grant") == 2
    assert shown(actor="eko") == 1
    assert shown(report=report.tracking_id.lower().replace("-", "")) == 1  # typed as people type it
    today = timezone.localdate()
    assert shown(date_from=(today - dt.timedelta(days=1)).isoformat(), date_to=today.isoformat()) == 3
    assert shown(date_to=(today - dt.timedelta(days=30)).isoformat()) == 1


def test_the_list_is_paginated(client, cast, officer, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    _trail(cast, 7)
    client.force_login(officer)
    assert client.get(LIST).text.count('class="audit-row"') == 5
    assert client.get(LIST, {"page": 2}).text.count('class="audit-row"') == 2


def test_the_list_costs_the_same_number_of_queries_for_many_entries(client, cast, officer,
                                                                    django_assert_max_num_queries):
    client.force_login(officer)
    _trail(cast, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    _trail(cast, 40)
    services.seal_pending()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(LIST)
    assert page.text.count('class="audit-row"') == 43


def test_the_detail_shows_the_entry_and_its_place_in_the_chain(client, cast, officer):
    _trail(cast, 2)
    services.seal_pending()
    second = AuditEntry.objects.get(seq=2)
    client.force_login(officer)
    page = client.get(reverse("audit:detail", args=[second.pk]))
    assert second.entry_hash in page.text and second.prev_hash in page.text
    assert "TIDAK" not in page.text
    AuditEntry.objects.filter(pk=second.pk).update(reason="diubah")
    assert "TIDAK — entri ini diubah" in client.get(reverse("audit:detail", args=[second.pk])).text


def test_the_verify_button_checks_the_chain_and_is_itself_audited(client, cast, officer):
    _trail(cast, 4)
    services.seal_pending()
    client.force_login(officer)
    assert client.get(VERIFY).status_code == 405
    page = client.post(VERIFY)
    assert "Rantai audit utuh: 4 entri." in page.text
    entry = AuditEntry.objects.get(action="audit.verify")
    assert entry.actor == officer and entry.details["findings"] == 0 and entry.details["checked"] == 4
    AuditEntry.objects.filter(seq=3).update(reason="dipalsukan")
    page = client.post(VERIFY)
    assert "Rantai audit rusak: 1 temuan." in page.text
    assert f"ALTERED seq=3 id={AuditEntry.objects.get(seq=3).pk}" in page.text


def test_the_verify_button_checks_only_the_newest_entries_and_says_so(client, cast, officer, monkeypatch):
    monkeypatch.setattr(views, "VIEWER_LIMIT", 3)
    _trail(cast, 6)
    services.seal_pending()
    client.force_login(officer)
    page = client.post(VERIFY)
    assert "Hanya 3 entri terbaru yang diperiksa (seq 4–6)" in page.text
    assert "manage.py audit_verify" in page.text


def test_the_admin_shows_the_trail_read_only(admin_client, cast):
    _trail(cast, 1)
    entry = AuditEntry.objects.get()
    assert admin_client.get("/admin/audit/auditentry/").status_code == 200
    assert admin_client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert admin_client.get("/admin/audit/auditentry/add/").status_code == 403
    assert admin_client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"reason": "x"}).status_code == 403
    assert admin_client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.get().reason == "alasan 0"
