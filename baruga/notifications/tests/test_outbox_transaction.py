"""The outbox is written in the cause's transaction and delivered only after it commits."""

import pytest
from django.core import mail
from django.db import transaction

from baruga.complaints import actions
from baruga.notifications.models import Notification, OutboxMessage


def _verified(cast, file_report):
    report = file_report(category=cast.city_road)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    return report


def test_a_rolled_back_cause_leaves_no_notification_and_no_message(cast, file_report, committed):
    report = _verified(cast, file_report)
    before = OutboxMessage.objects.count()
    with committed(), pytest.raises(RuntimeError):
        with transaction.atomic():
            actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
            assert OutboxMessage.objects.filter(to_address="eko@contoh.id").exists()  # written with the cause
            raise RuntimeError("something after the dispatch fails")
    assert not Notification.objects.filter(kind=Notification.Kind.DISPATCHED).exists()
    assert OutboxMessage.objects.count() == before
    assert mail.outbox == []


def test_nothing_is_sent_before_the_cause_commits(cast, file_report, committed):
    report = _verified(cast, file_report)
    with committed():
        actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
        assert mail.outbox == []
        assert OutboxMessage.objects.get(to_address="eko@contoh.id").status == OutboxMessage.Status.PENDING
    assert OutboxMessage.objects.get(to_address="eko@contoh.id").status == OutboxMessage.Status.SENT
    assert "eko@contoh.id" in {m.to[0] for m in mail.outbox}
