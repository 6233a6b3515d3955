"""A digest reader gets one e-mail a day listing the notifications since the last digest."""

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from baruga.complaints import actions
from baruga.notifications import digests
from baruga.notifications.models import DigestLog


def _tomorrow_at(hour):
    return (timezone.localtime() + dt.timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)


def _dispatch(cast, file_report, title):
    report = file_report(category=cast.city_road, title=title)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    return report


def _digests_to(address):
    return [m for m in mail.outbox if m.to == [address] and "Ringkasan" in m.subject]


def test_one_digest_lists_the_notifications_and_a_second_run_the_same_day_sends_nothing(
        cast, file_report, prefer, committed):
    prefer(cast.eko, digest_daily=True)
    first, second = _dispatch(cast, file_report, "Jalan berlubang satu"), _dispatch(cast, file_report, "Jalan dua")
    assert not any(m.to == ["eko@contoh.id"] for m in mail.outbox)
    with committed():
        assert digests.send_daily_digests(_tomorrow_at(8)) == 1
    digest, = _digests_to("eko@contoh.id")
    assert first.tracking_id in digest.body and second.tracking_id in digest.body
    assert "2 notifikasi" in digest.subject
    with committed():
        assert digests.send_daily_digests(_tomorrow_at(15)) == 0
    assert len(_digests_to("eko@contoh.id")) == 1
    assert DigestLog.objects.get(user=cast.eko).count == 2


def test_no_digest_goes_out_before_the_digest_hour(cast, file_report, prefer, settings):
    settings.NOTIFY_DIGEST_HOUR = 7
    prefer(cast.eko, digest_daily=True)
    _dispatch(cast, file_report, "Jalan berlubang")
    assert digests.send_daily_digests(_tomorrow_at(6)) == 0
    assert not DigestLog.objects.exists()


def test_the_next_days_digest_covers_only_what_came_after_the_last_one(cast, file_report, prefer, settings,
                                                                       committed):
    settings.NOTIFY_DIGEST_HOUR = 0
    prefer(cast.eko, digest_daily=True)
    old = _dispatch(cast, file_report, "Laporan kemarin")
    with committed():
        digests.send_daily_digests(timezone.now())
    new = _dispatch(cast, file_report, "Laporan hari ini")
    with committed():
        assert digests.send_daily_digests(timezone.now() + dt.timedelta(days=1)) == 1
    latest = _digests_to("eko@contoh.id")[-1]
    assert new.tracking_id in latest.body and old.tracking_id not in latest.body


def test_digests_respect_email_off_and_skip_empty_days(cast, file_report, prefer):
    prefer(cast.eko, digest_daily=True, email_enabled=False)
    prefer(cast.fajar, digest_daily=True)
    _dispatch(cast, file_report, "Jalan berlubang")  # eko and fajar are notified
    prefer(cast.gita, digest_daily=True)  # nothing for gita
    assert digests.send_daily_digests(_tomorrow_at(8)) == 1
    assert DigestLog.objects.get(user=cast.gita).message is None
    assert not DigestLog.objects.filter(user=cast.eko).exists()


def test_the_send_digests_command_queues_the_digests(cast, file_report, prefer, settings, capsys):
    settings.NOTIFY_DIGEST_HOUR = 0
    prefer(cast.eko, digest_daily=True)
    _dispatch(cast, file_report, "Jalan berlubang")
    call_command("send_digests")
    assert "1 digest(s) queued" in capsys.readouterr().out
    assert DigestLog.objects.get(user=cast.eko).message.subject.startswith("[Baruga] Ringkasan")
