"""Reports by WhatsApp and SMS, end to end through the webhooks, with a fake provider (conftest.Phone)."""

import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from baruga.complaints.models import Report, State
from baruga.intake import dialogue, phones
from baruga.intake.models import Conversation, InboundMessage, Step
from baruga.intake.tests.conftest import VERIFY_TOKEN, post_gateway, post_whatsapp, whatsapp_webhook
from baruga.notifications.models import OutboxMessage
from baruga.stats import selectors as stats

PROBLEM = "Jalan di depan SD Inpres Mangasa berlubang besar sejak dua minggu, sudah ada motor jatuh."


def test_a_whatsapp_dialogue_files_exactly_one_report(phone, cast):
    citizen = phone()
    assert "Selamat datang" in citizen.say("Halo")[0]
    regencies = citizen.say(PROBLEM)[0]
    assert "1. Kabupaten Gowa" in regencies and "2. Kota Makassar" in regencies
    assert "Bagikan lokasi" in citizen.say("2")[0]
    summary = citizen.say(location=(-5.1791, 119.4322))[0]
    assert "Kota Makassar" in summary and "Balas YA" in summary
    filed = citizen.say("ya")[0]

    report = Report.objects.get()
    assert report.tracking_id in filed and "Tautan pribadi" in filed
    assert (report.channel, report.state, report.location, report.body) == ("whatsapp", State.SUBMITTED,
                                                                            cast.makassar, PROBLEM)
    assert (report.latitude, report.longitude) == (Decimal("-5.179100"), Decimal("119.432200"))
    assert (report.contact.phone, report.contact.name) == ("+6281234567890", "Rahman")
    with connection.cursor() as cursor:  # the number is stored encrypted, as every reporter contact
        cursor.execute("SELECT phone FROM complaints_reportercontact WHERE report_id = %s", [report.pk])
        assert "81234567890" not in cursor.fetchone()[0]
    assert Conversation.objects.get().step == Step.FILED
    # every reply went out through the outbox, to the outbound gateway, addressed to the citizen
    replies = OutboxMessage.objects.filter(to_address="+6281234567890")
    assert replies.count() == 5 and set(replies.values_list("channel", flat=True)) == {"gateway"}


def test_the_statistics_count_whatsapp_and_sms_reports_by_channel(phone, cast):
    for transport, number in (("whatsapp", "6281111111111"), ("sms", "081222222222")):
        citizen = phone(transport=transport, number=number)
        for text in (PROBLEM, "2", "LEWATI", "YA"):
            citizen.say(text)
    scope = stats.scope_for("wilayah", cast.province.code)
    figures = stats.dashboard(scope, stats.parse_filters({}, scope), user=cast.budi)
    by_channel = {row["key"]: row["value"] for row in figures["by_channel"]}
    assert (by_channel["whatsapp"], by_channel["sms"]) == (1, 1)


def test_an_sms_dialogue_takes_an_address_instead_of_a_shared_location(phone, cast):
    citizen = phone(transport="sms", number="0812-3456-7890")
    citizen.say(PROBLEM)
    assert "Tulis alamat" in citizen.say("Kabupaten Gowa")[0]  # the name works as well as the number
    assert "Jl. Poros Malino km 3" in citizen.say("Jl. Poros Malino km 3")[0]
    citizen.say("YA")
    report = Report.objects.get()
    assert (report.channel, report.location, report.address) == ("sms", cast.gowa, "Jl. Poros Malino km 3")
    assert report.contact.phone == "+6281234567890"


def test_the_neutral_gateway_json_runs_the_same_dialogue(phone, cast):
    citizen = phone(transport="gateway", gateway_channel="sms")
    for text in (PROBLEM, "1", "lewati"):
        citizen.say(text)
    assert "BRG-" in citizen.say("Ya")[0]
    assert Report.objects.get().channel == "sms"


def test_a_photo_is_kept_as_metadata_and_its_caption_describes_the_problem(phone, cast):
    citizen = phone()
    citizen.say(image={"id": "media-77", "mime_type": "image/jpeg", "sha256": "abc", "caption": PROBLEM})
    for text in ("2", "LEWATI", "YA"):
        citizen.say(text)
    report = Report.objects.get()
    assert report.body.startswith(PROBLEM) and "media-77" in report.body and report.attachments.count() == 0


# Replays, forgeries, abuse

def test_a_replayed_provider_message_files_nothing_twice(phone, cast):
    citizen = phone()
    for text in (PROBLEM, "2", "LEWATI"):
        citizen.say(text)
    citizen.say("YA", message_id="wamid.sama")
    before = OutboxMessage.objects.count()
    again = citizen.send("YA", message_id="wamid.sama")
    assert again.status_code == 200 and again.json() == {"taken_in": 0, "duplicates": 1, "limited": 0}
    assert Report.objects.count() == 1 and OutboxMessage.objects.count() == before
    assert InboundMessage.objects.filter(provider_message_id="wamid.sama").count() == 1


def test_a_replayed_description_does_not_advance_the_dialogue(phone, cast):
    citizen = phone(transport="sms")
    citizen.say(PROBLEM, message_id="sms-1")
    citizen.send(PROBLEM, message_id="sms-1")
    assert Conversation.objects.get().step == Step.REGENCY


@pytest.mark.parametrize("transport", ["whatsapp", "sms", "gateway"])
def test_a_forged_signature_is_refused_and_logged(client, cast, caplog, transport):
    caplog.set_level(logging.WARNING, logger="baruga.intake")
    if transport == "whatsapp":
        response = post_whatsapp(client, whatsapp_webhook("6281234567890", {"id": "x1", "type": "text",
                                                                            "text": {"body": PROBLEM}}),
                                 secret="bukan-rahasianya")
    else:
        path = "/intake/sms/" if transport == "sms" else "/intake/gateway/"
        response = post_gateway(client, path, b'{"channel":"sms","from":"0812345678","message_id":"1","text":"x"}',
                                content_type="application/json", secret="bukan-rahasianya")
    assert response.status_code == 403
    assert "Tanda tangan" in response.json()["detail"]
    assert "forged signature" in caplog.text
    assert not InboundMessage.objects.exists() and not OutboxMessage.objects.exists()


def test_forged_calls_raise_one_security_event_per_address_and_channel(client, cast):
    from baruga.security.models import SecurityEvent

    for attempt in range(3):
        response = post_gateway(client, "/intake/sms/", b'{"from":"0812345678","id":"%d","text":"x"}' % attempt,
                                content_type="application/json", secret="bukan-rahasianya")
        assert response.status_code == 403
    assert client.get("/intake/whatsapp/", {"hub.mode": "subscribe", "hub.verify_token": "salah",
                                            "hub.challenge": "42"}).status_code == 403

    events = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.INTAKE_REFUSED).order_by("id")
    assert [(e.details["channel"], e.details["reason"]) for e in events] == [("sms", "signature"),
                                                                              ("whatsapp", "verify_token")]


def test_a_stale_timestamp_is_refused_even_when_correctly_signed(client, cast):
    body = b'{"channel":"sms","from":"081234567890","message_id":"lama","text":"halo"}'
    stale = post_gateway(client, "/intake/gateway/", body, content_type="application/json",
                         timestamp=int(timezone.now().timestamp()) - 3600)
    assert stale.status_code == 403 and not InboundMessage.objects.exists()


def test_an_unsigned_request_is_refused(client, cast):
    response = client.post("/intake/sms/", {"from": "081234567890", "text": PROBLEM, "id": "1"})
    assert response.status_code == 403 and not InboundMessage.objects.exists()


def test_a_signed_but_unreadable_body_gets_a_message_in_indonesian(client, cast):
    response = post_gateway(client, "/intake/gateway/", b"{bukan json", content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"] == "Isi permintaan bukan JSON yang sah."
    wrong = post_gateway(client, "/intake/gateway/", b'{"channel":"fax","from":"0812345678","message_id":"1"}',
                         content_type="application/json")
    assert wrong.status_code == 400 and "whatsapp" in wrong.json()["detail"]
    number = post_gateway(client, "/intake/gateway/", b'{"channel":"sms","from":"12","message_id":"1"}',
                          content_type="application/json")
    assert number.status_code == 400 and "Nomor pengirim" in number.json()["detail"]
    assert not InboundMessage.objects.exists()


def test_a_number_over_the_rate_limit_is_not_answered(phone, cast, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "intake": "3/h"}
    citizen = phone(transport="sms")
    for text in ("halo", "halo lagi", "halo sekali lagi"):
        assert citizen.say(text)
    flood = citizen.send("halo terus")
    assert flood.json()["limited"] == 1 and not citizen.say("dan lagi")
    assert phone(transport="sms", number="081299999999").say("halo")  # another number is not held up


@pytest.mark.parametrize("text", ["", "   ", "🙏🙏😊", "👍"])
def test_an_empty_or_emoji_only_sms_gets_a_polite_help_reply(phone, cast, text):
    replies = phone(transport="sms").say(text)
    assert len(replies) == 1 and replies[0].startswith("Maaf, pesan Anda tidak dapat kami baca.")
    assert not Conversation.objects.exists()


# Commands, timeout, abandonment

def test_status_answers_the_current_public_state(phone, cast):
    citizen = phone()
    for text in (PROBLEM, "2", "LEWATI", "YA"):
        citizen.say(text)
    report = Report.objects.get()
    answer = phone(transport="sms", number="081299999999").say(f"status {report.tracking_id.lower()}")[0]
    assert answer.startswith(f"Laporan {report.tracking_id}: Belum terverifikasi")
    assert citizen.say("STATUS")[0].startswith(f"Laporan {report.tracking_id}:")  # the last one filed from here
    assert "tidak ditemukan" in citizen.say("STATUS BRG-AAAA-AAAA")[0]


def test_status_in_the_middle_of_a_dialogue_leaves_it_where_it_was(phone, cast):
    citizen = phone()
    citizen.say(PROBLEM)
    assert "STATUS diikuti nomor" in citizen.say("STATUS")[0]
    assert Conversation.objects.get().step == Step.REGENCY


def test_a_description_that_begins_with_the_word_status_is_a_description(phone, cast):
    citizen = phone()
    assert "Balas dengan nomornya" in citizen.say("Status jalan poros Malino rusak berat sejak banjir bulan lalu")[0]
    assert Conversation.objects.get().description.startswith("Status jalan")


def test_batal_cancels_the_dialogue_and_files_nothing(phone, cast):
    citizen = phone()
    for text in (PROBLEM, "2", "LEWATI"):
        citizen.say(text)
    assert "dibatalkan" in citizen.say("BATAL")[0]
    conversation = Conversation.objects.get()
    assert conversation.step == Step.CANCELLED and conversation.description == ""
    assert "Selamat datang" in citizen.say("ya")[0]  # a late YES starts afresh, it files nothing
    assert not Report.objects.exists()


def test_an_answer_after_the_timeout_closes_the_old_dialogue_politely_and_starts_again(phone, cast):
    citizen = phone()
    for text in (PROBLEM, "2"):
        citizen.say(text)
    Conversation.objects.update(last_message_at=timezone.now() - dt.timedelta(hours=25))
    replies = citizen.say("LEWATI")
    assert "tidak ada balasan selama 24 jam" in replies[0] and "Selamat datang" in replies[1]
    assert citizen.say("YA")  # nothing to confirm any more
    assert not Report.objects.exists()
    assert list(Conversation.objects.order_by("pk").values_list("step", flat=True)) == [Step.EXPIRED, Step.DESCRIBE]


def test_an_abandoned_dialogue_is_closed_by_the_sweep_once_and_files_nothing(phone, cast):
    citizen = phone()
    citizen.say(PROBLEM)
    phone(number="6281299999999").say(PROBLEM)  # still within the timeout
    Conversation.objects.filter(pk=Conversation.objects.order_by("pk").first().pk).update(
        last_message_at=timezone.now() - dt.timedelta(hours=30))
    call_command("expire_intake_dialogues")
    assert dialogue.expire_stale() == 0  # a second run finds nothing more
    steps = list(Conversation.objects.order_by("pk").values_list("step", flat=True))
    assert steps == [Step.EXPIRED, Step.REGENCY]
    notes = [m.to_address for m in OutboxMessage.objects.all() if "tidak ada balasan selama 24 jam" in m.body]
    assert notes == ["+6281234567890"]
    assert not Report.objects.exists()


def test_the_dialogue_survives_a_restart_because_it_lives_in_the_database(phone, cast, client):
    first = phone()
    first.say(PROBLEM)
    first.say("2")
    from django.test import Client

    after_restart = phone()  # another client, another process for all it knows
    after_restart.client = Client()
    after_restart.say("LEWATI")
    after_restart.say("YA")
    assert Report.objects.get().location == cast.makassar


# WhatsApp's verification

def test_whatsapp_verification_answers_the_challenge_with_the_right_token(client, cast):
    ok = client.get("/intake/whatsapp/", {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN,
                                          "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.content == b"1158201444"
    wrong = client.get("/intake/whatsapp/", {"hub.mode": "subscribe", "hub.verify_token": "salah",
                                             "hub.challenge": "1158201444"})
    assert wrong.status_code == 403


def test_whatsapp_delivery_statuses_are_accepted_and_ignored(client, cast):
    payload = {"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {
        "statuses": [{"id": "wamid.x", "status": "delivered", "recipient_id": "6281234567890"}]}}]}]}
    response = post_whatsapp(client, payload)
    assert response.status_code == 200 and response.json()["taken_in"] == 0


@pytest.mark.parametrize("value, expected", [
    ("081234567890", "6281234567890"), ("+62 812-3456-7890", "6281234567890"), ("6281234567890", "6281234567890"),
    ("(0411) 123456", "62411123456"), ("12", None), ("halo", None), ("", None),
])
def test_phone_numbers_are_normalised(value, expected):
    assert phones.normalise(value) == expected

