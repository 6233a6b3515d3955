"""Staff are notified of the lifecycle events that concern their work, once per event."""

from django.core import mail

from baruga.complaints import actions, notices
from baruga.complaints.models import ReportEvent
from baruga.notifications.models import Notification, OutboxMessage

K = Notification.Kind


def _told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def _verified(cast, file_report):
    report = file_report(category=cast.city_road)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    return report


def test_eko_and_fajar_are_notified_of_a_dispatch_to_their_opd_and_gita_is_not(cast, file_report, committed):
    report = _verified(cast, file_report)
    with committed():
        actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr, note="Mohon segera")
    assert _told(K.DISPATCHED) == {"eko", "fajar"}
    staff_mail = {m.to[0]: m for m in mail.outbox if m.to[0] in ("eko@contoh.id", "fajar@contoh.id", "gita@contoh.id")}
    assert set(staff_mail) == {"eko@contoh.id", "fajar@contoh.id"}
    message = staff_mail["eko@contoh.id"]
    assert report.tracking_id in message.subject
    assert f"/petugas/laporan/{report.tracking_id}/" in message.body and "Mohon segera" in message.body


def test_the_receiving_admin_is_told_of_a_new_report(cast, file_report):
    report = file_report(category=cast.city_road)
    notification, = Notification.objects.filter(kind=K.NEW_REPORT)
    assert notification.recipient == cast.citra and notification.report == report


def test_a_report_transferred_in_is_new_for_the_receiving_admins(cast, file_report):
    report = file_report(category=cast.city_road)
    actions.transfer(actor=cast.citra, report=report, to_jurisdiction=cast.gowa, reason="Lokasi di Gowa")
    assert set(Notification.objects.filter(kind=K.NEW_REPORT, dedupe_key__startswith="transfer:")
               .values_list("recipient__username", flat=True)) == {"dewi"}


def test_a_hand_back_is_told_to_the_jurisdiction_admins(cast, dispatched_report):
    actions.hand_back(actor=cast.eko, report=dispatched_report, reason="Ini jalan provinsi")
    notification, = Notification.objects.filter(kind=K.HANDED_BACK)
    assert notification.recipient == cast.citra and "Ini jalan provinsi" in notification.body


def test_a_response_awaiting_approval_is_told_to_the_head_only(cast, dispatched_report):
    cast.pupr.requires_response_approval = True
    cast.pupr.save()
    actions.respond(actor=cast.eko, report=dispatched_report, body="Lubang akan ditambal minggu depan.")
    assert _told(K.APPROVAL) == {"fajar"}


def test_a_reopened_report_is_told_to_the_opd_staff(cast, dispatched_report):
    actions.respond(actor=cast.fajar, report=dispatched_report, body="Lubang sudah ditambal pada hari Senin.")
    actions.reopen(actor=cast.ayu, report=dispatched_report, text="Belum ditambal, masih berlubang.")
    assert _told(K.REOPENED) == {"eko", "fajar"}


def test_an_extension_request_is_told_to_the_head_and_the_admins(cast, dispatched_report):
    actions.request_extension(actor=cast.eko, report=dispatched_report, working_days=3, reason="Menunggu anggaran")
    assert _told(K.EXTENSION) == {"fajar", "citra"}


def test_the_decision_on_an_extension_is_told_to_the_opd_but_not_to_the_one_who_decided(cast, dispatched_report):
    actions.request_extension(actor=cast.eko, report=dispatched_report, working_days=3, reason="Menunggu anggaran")
    Notification.objects.all().delete()
    actions.decide_extension(actor=cast.fajar, report=dispatched_report, approve=True)
    assert _told(K.EXTENSION) == {"eko"}


def test_the_same_event_notifies_each_person_once(cast, dispatched_report):
    event = ReportEvent.objects.get(report=dispatched_report, action="dispatch")
    notifications, messages = Notification.objects.count(), OutboxMessage.objects.count()
    notices.on_report_event(dispatched_report, event)
    assert Notification.objects.count() == notifications and OutboxMessage.objects.count() == messages


def test_an_inactive_officer_is_not_notified(cast, file_report):
    cast.fajar.is_active = False
    cast.fajar.save()
    report = _verified(cast, file_report)
    actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    assert _told(K.DISPATCHED) == {"eko"}
