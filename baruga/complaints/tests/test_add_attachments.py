"""The reporter adds photos or PDFs after filing (`actions.add_attachments`), while the report awaits
verification or completion: the files, a history entry for staff and an audit entry, in one step; any
refusal changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baruga.audit.models import AuditEntry
from baruga.complaints import actions, permissions, workflow
from baruga.complaints.models import Attachment, State
from baruga.complaints.tests.api_helpers import jpeg_with_gps
from baruga.complaints.tests.builders import assert_refused, bring_to
from baruga.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def not_an_image():
    return SimpleUploadedFile("foto.jpg", b"MZ not an image", content_type="image/jpeg")


def nothing_was_added():
    return not Attachment.objects.exists() and not AuditEntry.objects.filter(action="report.add_attachments").exists()


def test_a_guest_adds_a_photo_seen_by_staff_in_the_history_and_audited_without_names(file_report):
    report, secret = file_report(guest=True)
    guest = permissions.guest_access(report, secret)
    [attachment] = actions.add_attachments(actor=guest, report=report, files=[jpeg_with_gps()])
    assert attachment.report == report and attachment.uploaded_by is None
    assert attachment.content_type == "image/jpeg" and b"Pelapor Rahasia" not in attachment.file.read()
    event = report.events.get(action="add_attachments")
    assert (event.from_state, event.to_state, event.actor) == (State.SUBMITTED, State.SUBMITTED, None)
    assert event.action in workflow.INTERNAL_EVENTS  # the reporter sees the files themselves
    assert str(workflow.HISTORY_LABELS[event.action]) == "Pelapor menambahkan lampiran"
    entry = AuditEntry.objects.get(action="report.add_attachments")
    assert entry.report == report and entry.actor_label == "reporter"
    assert entry.details == {"event_id": event.pk, "attachment_ids": [attachment.pk]}
    # No e-mail to the reporter about their own upload.
    assert not OutboxMessage.objects.filter(dedupe_key__startswith=f"citizen:{event.pk}:").exists()


def test_the_account_owner_adds_files_while_the_admin_asks_for_completion(cast, file_report):
    report = bring_to(file_report(), State.NEEDS_INFO)
    stored = actions.add_attachments(actor=cast.ayu, report=report,
                                     files=[jpeg_with_gps("depan.jpg"), jpeg_with_gps("samping.jpg")])
    assert [(a.original_name, a.uploaded_by) for a in stored] == [("depan.jpg", cast.ayu), ("samping.jpg", cast.ayu)]
    event = report.events.get(action="add_attachments")
    assert event.actor == cast.ayu and event.to_state == State.NEEDS_INFO
    assert AuditEntry.objects.get(action="report.add_attachments").actor_label == "reporter"


@pytest.mark.parametrize("state", [State.VERIFIED, State.DEFERRED, State.ARCHIVED])
def test_once_past_verification_files_are_refused(cast, file_report, state):
    report = bring_to(file_report(), state)
    assert_refused(lambda: actions.add_attachments(actor=cast.ayu, report=report, files=[jpeg_with_gps()]),
                   report, "Lampiran hanya dapat ditambahkan sebelum laporan diverifikasi.")
    assert nothing_was_added()


@pytest.mark.parametrize("who", ["citra", "eko", "system"])
def test_only_the_reporter_adds_files(cast, file_report, who):
    report = file_report()
    actor = permissions.SYSTEM if who == "system" else getattr(cast, who)
    assert_refused(lambda: actions.add_attachments(actor=actor, report=report, files=[jpeg_with_gps()]),
                   report, "Hanya pelapor yang dapat menambah lampiran pada laporan ini.")
    assert nothing_was_added()


def test_a_bad_file_refuses_the_whole_upload(cast, file_report):
    report = file_report()
    assert_refused(lambda: actions.add_attachments(actor=cast.ayu, report=report,
                                                   files=[jpeg_with_gps(), not_an_image()]),
                   report, "bukan gambar (JPEG, PNG, WebP) atau PDF yang sah")
    assert nothing_was_added()


def test_no_files_or_too_many_are_refused(cast, file_report, settings):
    report = file_report()
    assert_refused(lambda: actions.add_attachments(actor=cast.ayu, report=report, files=[]),
                   report, "Pilih minimal satu berkas.")
    settings.UPLOAD_MAX_FILES = 1
    assert_refused(lambda: actions.add_attachments(actor=cast.ayu, report=report,
                                                   files=[jpeg_with_gps(), jpeg_with_gps()]),
                   report, "Maksimal 1 lampiran sekali kirim.")
    assert nothing_was_added()
