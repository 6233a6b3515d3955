"""Which account filed an anonim report is not written in clear: `reporter` stays empty and the link is
sealed (encrypted, found through a blind index); the reporter's own history entries and attachments do
not name the account. The citizen still finds, follows and acts on her report; staff see the identity
only through the audited reveal; the read-only report admin does not name the account."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from baruga.accounts.models import User
from baruga.audit.models import AuditEntry
from baruga.complaints import actions, permissions, selectors, workflow
from baruga.complaints.models import Report, ReportEvent
from conftest import PASSWORD


def raw(report):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_id, sealed_reporter, sealed_reporter_index FROM complaints_report "
                       "WHERE id = %s", [report.pk])
        return cursor.fetchone()


def anonim(file_report, cast):
    return file_report(is_anonymous=True, category=cast.city_road, contact_name="", contact_email="",
                       contact_phone="")


def test_an_anonim_report_filed_with_an_account_does_not_name_the_account_in_the_database(cast, file_report):
    report = anonim(file_report, cast)
    reporter_id, sealed, index = raw(report)
    assert reporter_id is None and sealed and "user:" not in sealed and index
    assert not ReportEvent.objects.filter(report=report, actor__isnull=False).exists()
    named = file_report(title="Trotoar rusak di Jl. Andi Djemma")
    assert raw(named)[0] == cast.ayu.pk and raw(named)[1] == ""


def test_the_citizen_still_finds_follows_and_acts_on_her_anonim_report(client, cast, file_report):
    report = anonim(file_report, cast)
    assert list(selectors.citizen_reports(cast.ayu)) == [report]
    assert report in permissions.visible_reports(cast.ayu)
    assert workflow.REPORTER in permissions.capacities(cast.ayu, report)
    assert not report.is_guest and report.filer_id == cast.ayu.pk and report.filer == cast.ayu
    assert report not in permissions.visible_reports(cast.gita)
    client.force_login(cast.ayu)
    assert report.tracking_id in client.get(reverse("complaints:my_reports")).text
    # She answers a request for information: the entry does not name her account either.
    actions.request_info(actor=cast.citra, report=report, reason="Mohon lampirkan foto lokasi lubang.")
    actions.complete(actor=cast.ayu, report=Report.objects.get(pk=report.pk), text="Lubang di depan SD Inpres.")
    assert ReportEvent.objects.get(report=report, action="complete").actor_id is None


def test_staff_see_an_anonim_identity_only_through_the_audited_reveal(cast, file_report):
    report = anonim(file_report, cast)
    assert not permissions.can_see_identity(cast.eko, report)
    contact = actions.reveal_identity(actor=cast.citra, report=report, reason="Perlu konfirmasi lokasi ke pelapor.")
    assert contact.name == "Ayu" and contact.email == cast.ayu.email
    assert AuditEntry.objects.filter(action="report.reveal_identity", report_ref=report.tracking_id).exists()


def test_making_a_report_anonim_at_verification_seals_the_link_and_unnames_her_entries(cast, file_report):
    report = file_report(category=cast.city_road)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road, is_anonymous=True)
    reporter_id, sealed, _ = raw(report)
    assert reporter_id is None and sealed
    assert ReportEvent.objects.get(report=report, action="submit").actor_id is None
    assert list(selectors.citizen_reports(cast.ayu)) == [report]


def test_the_report_admin_does_not_name_the_account_behind_an_anonim_report(client, cast, file_report):
    anonymous = anonim(file_report, cast)
    named = file_report(title="Trotoar rusak di Jl. Andi Djemma")
    client.force_login(User.objects.create_superuser("root", "root@contoh.id", PASSWORD))

    page = client.get(reverse("admin:complaints_report_change", args=[anonymous.pk]))
    assert page.status_code == 200 and anonymous.tracking_id in page.text
    assert ">ayu<" not in page.text and "Ayu" not in page.text
    named_page = client.get(reverse("admin:complaints_report_change", args=[named.pk]))
    assert ">ayu<" in named_page.text


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_existing_anonim_reports_and_back(cast, file_report):
    report = anonim(file_report, cast)
    executor = MigrationExecutor(connection)
    target = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([("complaints", "0015_event_action")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT reporter_id FROM complaints_report WHERE id = %s", [report.pk])
            assert cursor.fetchone()[0] == cast.ayu.pk  # the reverse named the account again
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(target)
    reporter_id, sealed, index = raw(report)
    assert reporter_id is None and sealed and index
    assert list(selectors.citizen_reports(cast.ayu)) == [Report.objects.get(pk=report.pk)]


def test_her_data_export_holds_her_anonim_report_but_its_audit_entry_only_counts_it(cast, file_report):
    from baruga.accounts import privacy

    report = anonim(file_report, cast)
    named = file_report(title="Trotoar rusak di Jl. Andi Djemma")
    data = privacy.export_subject(actor=cast.ayu, user=cast.ayu)
    assert {r["tracking_id"] for r in data["reports"]} == {report.tracking_id, named.tracking_id}
    entry = AuditEntry.objects.get(action="privacy.export")
    assert entry.details["reports"] == [named.tracking_id] and entry.details["anonim_reports"] == 1
