"""The reporter is e-mailed on every public change of their report: never on internal ones, never
without an address, never with the private link's secret."""

from django.core import mail

from baruga.complaints import actions, workflow
from baruga.complaints.models import ReportEvent
from baruga.notifications.models import OutboxMessage

AYU = "ayu.lestari@contoh.id"


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_the_reporter_hears_of_every_public_change_and_not_of_internal_ones(cast, file_report, committed):
    cast.pupr.requires_response_approval = True
    cast.pupr.save()
    with committed():
        report = file_report(category=cast.city_road)
        actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
        actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
        actions.respond(actor=cast.eko, report=report, body="Lubang akan ditambal minggu depan.")  # accept + draft
        actions.approve_response(actor=cast.fajar, report=report)
    actions_seen = list(ReportEvent.objects.filter(report=report).values_list("action", flat=True))
    assert "draft_response" in actions_seen
    public = [a for a in actions_seen if a not in workflow.INTERNAL_EVENTS]
    assert public == ["submit", "verify", "dispatch", "accept", "approve_response"]
    received = _to(AYU)
    assert len(received) == len(public)
    assert "sudah diterima" in received[0].subject
    for message, action in zip(received[1:], public[1:]):
        assert str(workflow.HISTORY_LABELS[action]) in message.subject
        assert report.tracking_id in message.subject
    draft = ReportEvent.objects.get(report=report, action="draft_response")
    assert not OutboxMessage.objects.filter(dedupe_key=f"citizen:{draft.pk}:email").exists()


def test_the_reporter_is_told_what_the_admin_needs(cast, file_report):
    report = file_report()
    actions.request_info(actor=cast.budi, report=report, reason="Mohon lampirkan foto lokasi.")
    message = OutboxMessage.objects.filter(to_address=AYU).order_by("-id").first()
    assert "Mohon lampirkan foto lokasi." in message.body
    assert "/lacak/" + report.tracking_id in message.body


def test_no_email_is_queued_for_a_reporter_without_an_address(cast, file_report):
    report, _secret = file_report(guest=True, contact_email="")
    actions.verify(actor=cast.budi, report=report, title=report.title)
    assert not OutboxMessage.objects.filter(dedupe_key__startswith="citizen:").exists()


def test_the_guests_private_link_is_never_emailed(cast, file_report, committed):
    with committed():
        report, secret = file_report(guest=True)
        actions.verify(actor=cast.budi, report=report, title=report.title)
    received = _to(AYU)
    assert len(received) == 2
    for message in received:
        assert secret not in message.body and secret not in message.subject and "?k=" not in message.body
        assert f"/lacak/{report.tracking_id}/" in message.body
    assert not any(secret in m.body for m in OutboxMessage.objects.all())  # bodies are encrypted at rest


def test_a_reporter_who_turned_email_off_gets_none(cast, file_report, prefer):
    prefer(cast.ayu, email_enabled=False)
    file_report()
    assert not OutboxMessage.objects.filter(dedupe_key__startswith="citizen:").exists()
