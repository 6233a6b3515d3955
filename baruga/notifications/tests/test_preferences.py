"""Each officer's preferences decide which e-mails a notification causes."""

from django.core import mail

from baruga.complaints import actions
from baruga.notifications.models import Notification, OutboxMessage


def test_staff_who_turned_email_off_still_see_the_notification_but_get_no_email(cast, prefer, dispatched_report):
    prefer(cast.eko, email_enabled=False)
    # The fixture dispatched before the preference existed: hand the report back and dispatch it again.
    report = dispatched_report
    actions.hand_back(actor=cast.fajar, report=report, reason="Salah OPD")
    actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    latest = Notification.objects.filter(recipient=cast.eko).order_by("-id").first()
    assert latest.kind == Notification.Kind.DISPATCHED
    assert not latest.outbox_messages.exists()
    fajar = Notification.objects.filter(recipient=cast.fajar).order_by("-id").first()
    assert fajar.outbox_messages.filter(channel="email").exists()


def test_staff_reading_a_daily_digest_get_no_email_per_notification(cast, prefer, file_report, committed):
    prefer(cast.eko, digest_daily=True)
    with committed():
        report = file_report(category=cast.city_road)
        actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
        actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    assert Notification.objects.filter(recipient=cast.eko).exists()
    assert not any(m.to == ["eko@contoh.id"] for m in mail.outbox)
    assert any(m.to == ["fajar@contoh.id"] for m in mail.outbox)


def test_staff_without_an_email_address_get_the_notification_only(cast, dispatched_report):
    cast.eko.email = ""
    cast.eko.save()
    actions.request_extension(actor=cast.fajar, report=dispatched_report, working_days=2, reason="Cuaca")
    Notification.objects.all().delete()
    actions.decide_extension(actor=cast.citra, report=dispatched_report, approve=True)
    assert Notification.objects.filter(recipient=cast.eko).exists()
    assert not OutboxMessage.objects.filter(to_address="").exists()
