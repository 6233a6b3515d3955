"""Reports and replies by e-mail: the reply address on outbound mail, and every inbound case
(baruga.intake.mail), through the service and through the MTA pipe endpoint."""

import time
from email import message_from_bytes, policy

import pytest

from baruga.audit.models import AuditEntry
from baruga.complaints import actions, permissions
from baruga.complaints.models import Attachment, Channel, Report, ReportEvent, State
from baruga.intake import mail
from baruga.intake.models import InboundEmail
from baruga.intake.tests.mails import INTAKE, build, png, reply_to
from baruga.notifications import mailheaders
from baruga.notifications.channels import email as email_channel
from baruga.notifications.channels.gateway import sign
from baruga.notifications.models import Notification, OutboxMessage
from baruga.security.models import SecurityEvent

PIPE_SECRET = "rahasia-pipa-surat"
DESCRIPTION = "Jalan di depan Pasar Pabaeng-baeng, Kota Makassar, berlubang besar sejak dua minggu dan sudah " \
              "membuat dua pengendara motor jatuh."


@pytest.fixture(autouse=True)
def _email_settings(settings):
    settings.EMAIL_INTAKE_ADDRESS = INTAKE
    settings.EMAIL_REPLY_KEY = "kunci-balasan-uji"
    settings.EMAIL_MESSAGE_ID_DOMAIN = "baruga.contoh.id"
    settings.EMAIL_INTAKE_PIPE_SECRET = PIPE_SECRET
    settings.EMAIL_INTAKE_LOCATION = ""
    settings.SITE_URL = "https://baruga.contoh.id"


def outbound(row):
    """What the reporter's mail program receives for one outbox row."""
    return message_from_bytes(email_channel.build(row).message().as_bytes(), policy=policy.default)


def reporter_mail(report):
    return OutboxMessage.objects.filter(report=report, to_address="ayu.lestari@contoh.id").order_by("-pk").first()


@pytest.fixture
def needs_info(cast, file_report):
    """A guest's report (contact ayu.lestari@contoh.id) on which budi (the province admin) asked for more information."""
    report, secret = file_report(guest=True)
    actions.request_info(actor=cast.budi, report=report, reason="Mohon kirim foto lubangnya dan patokan lokasi.")
    report.refresh_from_db()
    return report


def take(raw, **kwargs):
    return mail.take_in(raw, transport="pipe", **kwargs)


# Outbound

def test_mail_to_the_reporter_carries_a_signed_reply_address_a_message_id_thread_and_subject_tag(needs_info):
    received = outbound(reporter_mail(needs_info))
    tracking = needs_info.tracking_id
    reply_address = received["Reply-To"]
    assert reply_address.startswith(f"lapor+{tracking.lower()}-") and reply_address.endswith("@baruga.contoh.id")
    assert mailheaders.parse_reply_address(reply_address) == (tracking, True)
    assert received["Message-ID"].startswith(f"<{tracking.lower()}.") and received["Message-ID"].endswith(
        "@baruga.contoh.id>")
    assert received["In-Reply-To"] == f"<{tracking.lower()}@baruga.contoh.id>"
    assert received["References"] == received["In-Reply-To"]
    assert received["Subject"].startswith(f"[{tracking}] ")
    assert received["Auto-Submitted"] == "auto-generated"
    assert "Anda dapat membalas e-mail ini" in received.get_content()
    # Each event has its own Message-ID.
    receipt = OutboxMessage.objects.filter(report=needs_info).order_by("pk").first()
    assert outbound(receipt)["Message-ID"] != received["Message-ID"]


def test_a_reply_token_is_refused_when_altered_or_taken_from_another_report(needs_info, file_report):
    other, _secret = file_report(guest=True)
    local, domain = INTAKE.split("@")
    good = mailheaders.reply_address(needs_info.tracking_id)
    flipped = good[:-len("@" + domain) - 1] + ("0" if good[-len("@" + domain) - 1] != "0" else "1") + "@" + domain
    assert mailheaders.parse_reply_address(flipped) == (needs_info.tracking_id, False)
    their_token = mailheaders.reply_token(other.tracking_id)
    swapped = f"{local}+{needs_info.tracking_id.lower()}-{their_token}@{domain}"
    assert mailheaders.parse_reply_address(swapped) == (needs_info.tracking_id, False)
    assert mailheaders.parse_reply_address("orang@contoh.id") is None


def test_without_an_intake_address_mail_has_no_reply_address_and_asks_not_to_reply(settings, needs_info):
    settings.EMAIL_INTAKE_ADDRESS = ""
    received = outbound(reporter_mail(needs_info))
    assert received["Reply-To"] is None
    assert received["Message-ID"]  # threading still works
    assert mailheaders.parse_reply_address(mailheaders.reply_address(needs_info.tracking_id) or "x@y") is None


def test_staff_mail_carries_no_reply_address(cast, file_report):
    file_report()
    staff = OutboxMessage.objects.filter(to_address="budi@contoh.id").first()
    assert staff is not None and staff.report is None
    assert outbound(staff)["Reply-To"] is None


# Cutting quoted text

@pytest.mark.parametrize("reply", [
    "Fotonya terlampir.\n\n> Mohon kirim foto\n> lubangnya",
    "Fotonya terlampir.\n\nOn Mon, Dec 7, 2026 at 10:02 AM Baruga <noreply@baruga.contoh.id>\nwrote:\n\nMohon kirim",
    "Fotonya terlampir.\n\nPada Sen, 7 Des 2026 pukul 10.02, Baruga <noreply@baruga.contoh.id> menulis:\nMohon",
    "Fotonya terlampir.\n\n-----Original Message-----\nFrom: Baruga\nMohon kirim foto",
    "Fotonya terlampir.\n\n________________________________\nDari: Baruga <noreply@baruga.contoh.id>\n"
    "Dikirim: Senin, 7 Desember 2026 10.02\nKepada: Ayu\nPerihal: Laporan\n\nMohon kirim foto",
    "Fotonya terlampir.\n\nDari: Baruga <noreply@baruga.contoh.id>\nTanggal: Senin\nMohon kirim foto",
    "Fotonya terlampir.\n\n-- \nAyu Lestari\n0812-3456-7890",
])
def test_quoted_text_signatures_and_reply_headers_are_cut(reply):
    assert mail.strip_quoted(reply) == "Fotonya terlampir."


def test_a_line_that_merely_starts_with_dari_is_kept():
    text = "Dari kemarin jalan ini tergenang.\nTolong segera diperbaiki."
    assert mail.strip_quoted(text) == text


# Replies

def test_a_reply_to_a_needs_info_request_completes_the_report_without_the_quoted_text(needs_info):
    raw = reply_to(outbound(reporter_mail(needs_info)), text="Lubangnya di depan SD Inpres 2, lebarnya satu meter.",
                   attachments=[("lubang.png", png(), "image/png")])
    result = take(raw)
    needs_info.refresh_from_db()
    assert (result.outcome, needs_info.state) == ("reply", State.SUBMITTED)
    assert "Lubangnya di depan SD Inpres 2" in needs_info.body
    assert "Mohon kirim foto" not in needs_info.body.split("Tambahan dari pelapor")[1]
    assert ReportEvent.objects.filter(report=needs_info, action="complete").count() == 1
    assert Attachment.objects.filter(report=needs_info).count() == 1
    assert InboundEmail.objects.get().report == needs_info


def test_a_reply_outside_a_request_is_the_reporters_reply_audited_and_told_to_staff(cast, file_report):
    report = file_report()  # ayu's own account
    raw = reply_to(outbound(reporter_mail(report)), text="Tambahan: lubangnya makin lebar setelah hujan semalam.")
    result = take(raw)
    report.refresh_from_db()
    assert (result.outcome, report.state) == ("reply", State.SUBMITTED)
    event = ReportEvent.objects.get(report=report, action="reporter_reply")
    assert event.reason == "Tambahan: lubangnya makin lebar setelah hujan semalam."
    assert event.actor == cast.ayu
    assert AuditEntry.objects.filter(action="report.reporter_reply", report_id=report.pk).exists()
    assert Notification.objects.filter(recipient=cast.budi, kind="reporter_reply", report=report).exists()


def test_a_reply_to_a_closed_report_is_refused_and_the_sender_told(cast, needs_info):
    actions.archive(actor=cast.budi, report=needs_info, reason="no_reply")
    raw = reply_to(outbound(reporter_mail(needs_info)), text="Maaf terlambat, ini keterangannya lengkap.")
    before = ReportEvent.objects.filter(report=needs_info).count()
    result = take(raw)
    assert (result.outcome, result.reason) == ("refused", "action")
    assert ReportEvent.objects.filter(report=needs_info).count() == before
    answer = OutboxMessage.objects.get(dedupe_key=f"email-intake:{result.record.pk}")
    assert "sudah ditutup" in answer.body and answer.to_address == "rahman@contoh.id"


def test_a_forged_token_is_refused_logged_and_a_security_event(needs_info):
    good = mailheaders.reply_address(needs_info.tracking_id)
    forged = good.split("-")
    forged[-1] = "0123456789abcdef@baruga.contoh.id"
    raw = build(to="-".join(forged), subject=f"Re: [{needs_info.tracking_id}]", body="Laporan ini palsu saja.")
    result = take(raw)
    needs_info.refresh_from_db()
    assert (result.outcome, result.reason, needs_info.state) == ("refused", "forged_token", State.NEEDS_INFO)
    assert InboundEmail.objects.get().reason == "forged_token"
    assert SecurityEvent.objects.filter(kind="intake_refused", details__channel="email").exists()
    assert not OutboxMessage.objects.filter(dedupe_key__startswith="email-intake:").exists()  # no answer


def test_a_valid_token_for_one_report_answering_another_reports_mail_is_refused(needs_info, file_report):
    other, _secret = file_report(guest=True)
    other_mail = outbound(OutboxMessage.objects.filter(report=other).first())
    raw = build(to=mailheaders.reply_address(needs_info.tracking_id), subject=other_mail["Subject"],
                body="Ini jawaban untuk laporan yang lain.", headers=[("In-Reply-To", other_mail["Message-ID"])])
    result = take(raw)
    needs_info.refresh_from_db()
    assert (result.outcome, result.reason, needs_info.state) == ("refused", "token_mismatch", State.NEEDS_INFO)


# New reports

def test_a_new_mail_files_a_guest_report_and_answers_with_the_tracking_number_and_private_link(cast):
    raw = build(subject="Re: Jalan berlubang di Pasar Pabaeng-baeng", body=DESCRIPTION,
                attachments=[("jalan.png", png(), "image/png")])
    result = take(raw)
    report = result.report
    assert (result.outcome, report.channel, report.reporter_id) == ("filed", Channel.EMAIL, None)
    assert (report.location, report.title) == (cast.makassar, "Jalan berlubang di Pasar Pabaeng-baeng")
    assert report.contact.email == "rahman@contoh.id" and report.contact.name == "Rahman Daeng"
    assert Attachment.objects.filter(report=report).count() == 1
    answers = OutboxMessage.objects.filter(to_address="rahman@contoh.id")
    assert answers.count() == 1  # the answer takes the receipt's place
    answer = answers.get()
    assert report.tracking_id in answer.subject and report.tracking_id in answer.body
    link = next(line for line in answer.body.splitlines() if "?k=" in line)
    secret = link.split("?k=")[1]
    assert permissions.guest_access(report, secret) is not None
    received = outbound(answer)
    assert received["In-Reply-To"] == message_from_bytes(raw, policy=policy.default)["Message-ID"]
    assert mailheaders.parse_reply_address(received["Reply-To"]) == (report.tracking_id, True)


def test_the_regency_named_in_the_mail_receives_it_else_the_configured_one(cast, settings):
    gowa = take(build(subject="Lampu jalan mati", body="Lampu jalan di Somba Opu, Kabupaten Gowa, mati sejak "
                                                        "sebulan lalu."))
    assert gowa.report.location == cast.gowa
    unnamed = build(subject="Sampah menumpuk", body="Sampah menumpuk di pinggir jalan dekat rumah saya seminggu.")
    refused = take(unnamed)
    assert (refused.outcome, refused.reason) == ("refused", "no_location")
    assert "kabupaten/kota" in OutboxMessage.objects.get(dedupe_key=f"email-intake:{refused.record.pk}").body
    settings.EMAIL_INTAKE_LOCATION = "73.71"
    assert take(build(subject="Sampah menumpuk", body="Sampah menumpuk di pinggir jalan dekat rumah saya "
                                                      "seminggu.")).report.location == cast.makassar


def test_an_html_only_mail_is_read_without_its_quoted_part(cast):
    html = ("<div>Saluran air di Jl. Veteran, Kota Makassar, tersumbat dan meluap ke jalan.</div>"
            "<div class=\"gmail_quote\">Pada Sen menulis:<blockquote>teks lama</blockquote></div>")
    report = take(build(subject="Saluran tersumbat", body=None, html=html)).report
    assert "Saluran air di Jl. Veteran" in report.body and "teks lama" not in report.body


# What is not taken

@pytest.mark.parametrize("headers,content_type,reason", [
    ([("Auto-Submitted", "auto-replied")], None, "auto_reply"),
    ([("Precedence", "bulk")], None, "auto_reply"),
    ([("Precedence", "list"), ("List-Id", "<warga.contoh.id>")], None, "list"),
    ([("X-Autoreply", "yes")], None, "auto_reply"),
    ([("Return-Path", "<>")], None, "bounce"),
    ([], "multipart/report", "bounce"),
])
def test_auto_replies_bounces_and_lists_are_dropped_without_an_answer(cast, headers, content_type, reason):
    raw = build(body=DESCRIPTION, headers=headers)
    if content_type:
        message = message_from_bytes(raw, policy=policy.default)
        message.make_mixed()
        message.replace_header("Content-Type", f"{content_type}; report-type=delivery-status; boundary=\"b\"")
        raw = message.as_bytes()
    result = take(raw)
    assert (result.outcome, result.reason) == ("dropped", reason)
    assert not Report.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert InboundEmail.objects.get().reason == reason


def test_a_bounce_from_the_mailer_daemon_is_dropped(cast):
    result = take(build(sender="MAILER-DAEMON@mx.contoh.id", body=DESCRIPTION))
    assert (result.outcome, result.reason) == ("dropped", "bounce")


def test_the_same_message_id_is_taken_once(cast):
    raw = build(body=DESCRIPTION, message_id="<sekali@contoh.id>")
    assert take(raw).outcome == "filed"
    assert take(raw).outcome == "duplicate"
    assert take(build(body=DESCRIPTION + " Lagi.", message_id="<SEKALI@contoh.id>")).outcome == "duplicate"
    assert Report.objects.count() == 1 and InboundEmail.objects.count() == 1


def test_a_mail_without_message_id_is_known_by_its_bytes(cast):
    raw = build(body=DESCRIPTION).replace(b"Message-ID:", b"X-Old-ID:")
    assert take(raw).outcome == "filed"
    assert take(raw).outcome == "duplicate"


def test_a_huge_attachment_files_nothing_and_the_sender_is_told(cast, settings):
    settings.UPLOAD_MAX_BYTES = 20_000
    result = take(build(body=DESCRIPTION, attachments=[("besar.png", png((200, 200), noise=True), "image/png")]))
    assert (result.outcome, result.reason) == ("refused", "action")
    assert not Report.objects.exists() and not Attachment.objects.exists()
    assert "terlalu besar" in result.record.detail
    assert OutboxMessage.objects.filter(to_address="rahman@contoh.id").count() == 1


def test_a_message_over_the_size_limit_and_one_with_too_many_attachments_are_refused(cast, settings):
    settings.EMAIL_INTAKE_MAX_BYTES = 5_000
    big = take(build(body=DESCRIPTION + " x" * 4000))
    assert (big.outcome, big.reason) == ("refused", "too_large")
    settings.EMAIL_INTAKE_MAX_BYTES = 15 * 1024 * 1024
    many = take(build(body=DESCRIPTION, attachments=[(f"f{i}.png", png(), "image/png") for i in range(6)]))
    assert (many.outcome, many.reason) == ("refused", "too_many_files")
    assert not Report.objects.exists()


def test_a_sender_over_the_hourly_limit_is_refused_without_an_answer(cast, settings):
    settings.EMAIL_INTAKE_PER_SENDER_HOUR = 2
    outcomes = [take(build(body=f"{DESCRIPTION} Kiriman ke-{n}.")).outcome for n in range(4)]
    assert outcomes == ["filed", "filed", "refused", "refused"]
    assert InboundEmail.objects.filter(reason="rate_limited").count() == 2
    assert Report.objects.count() == 2
    assert take(build(sender="orang.lain@contoh.id", body=DESCRIPTION)).outcome == "filed"


def test_a_too_short_mail_is_refused_with_the_reason(cast):
    result = take(build(subject="", body="Kota Makassar rusak"))
    assert (result.outcome, result.reason) == ("refused", "action")
    assert "terlalu pendek" in result.record.detail


@pytest.mark.parametrize("raw", [b"", b"\x00\xff\xfe garbage", b"From: <>\r\n\r\n", b"Subject: =?x?q?\xff?=\r\n\r\nhai"])
def test_garbage_is_logged_not_a_crash(cast, raw):
    result = take(raw)
    assert result.outcome in ("dropped", "refused")
    assert not Report.objects.exists()


# The MTA pipe endpoint

def pipe(client, raw, *, secret=PIPE_SECRET, timestamp=None):
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    return client.generic("POST", "/intake/email/", raw, content_type="message/rfc822",
                          headers={"X-Baruga-Timestamp": timestamp, "X-Baruga-Signature": sign(secret, timestamp, raw)})


def test_the_pipe_takes_a_signed_message(client, cast):
    response = pipe(client, build(body=DESCRIPTION))
    assert response.status_code == 200
    assert response.json()["outcome"] == "filed"
    assert Report.objects.get().tracking_id == response.json()["tracking_id"]


def test_the_pipe_refuses_forged_stale_empty_and_oversized_calls(client, cast, settings):
    raw = build(body=DESCRIPTION)
    assert pipe(client, raw, secret="salah").status_code == 403
    assert pipe(client, raw, timestamp=int(time.time()) - 3600).status_code == 403
    assert SecurityEvent.objects.filter(kind="intake_refused", details__channel="email").exists()
    assert pipe(client, b"  ").status_code == 400
    settings.EMAIL_INTAKE_MAX_BYTES = 100
    assert pipe(client, raw).status_code == 413
    assert not Report.objects.exists() and not InboundEmail.objects.exists()


def test_the_pipe_is_off_without_its_secret(client, cast, settings):
    settings.EMAIL_INTAKE_PIPE_SECRET = ""
    assert pipe(client, build(body=DESCRIPTION), secret="").status_code == 404
    assert not Report.objects.exists()


def test_the_pipe_takes_a_message_larger_than_the_form_limit(client, cast, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = pipe(client, build(body=DESCRIPTION, attachments=[("jalan.png", png((120, 120), noise=True),
                                                                   "image/png")]))
    assert response.status_code == 200 and response.json()["outcome"] == "filed"


def test_the_reply_is_shown_to_staff_and_the_reporter_but_its_words_not_to_the_public(client, cast, file_report):
    from django.urls import reverse

    report, secret = file_report(guest=True)
    take(reply_to(outbound(reporter_mail(report)), text="Sudah ada korban jatuh tadi pagi di lubang itu."))
    actions.verify(actor=cast.budi, report=report, title=report.title)
    client.force_login(cast.budi)
    staff_page = client.get(reverse("complaints:staff_detail", args=[report.tracking_id])).content.decode()
    assert "Pelapor mengirim tanggapan" in staff_page and "Sudah ada korban jatuh" in staff_page
    client.logout()
    own_page = client.get(reverse("complaints:track", args=[report.tracking_id]) + f"?k={secret}").content.decode()
    assert "Sudah ada korban jatuh" in own_page
    public_page = client.get(reverse("complaints:track", args=[report.tracking_id])).content.decode()
    assert "Sudah ada korban jatuh" not in public_page


def test_the_admin_lists_refusals_with_their_reason(admin_client, cast):
    take(build(body=DESCRIPTION, headers=[("Auto-Submitted", "auto-replied")]))
    page = admin_client.get("/admin/intake/inboundemail/?outcome=dropped")
    assert page.status_code == 200 and "auto_reply" in page.content.decode()
    record = InboundEmail.objects.get()
    assert admin_client.get(f"/admin/intake/inboundemail/{record.pk}/change/").status_code == 200
    assert admin_client.post(f"/admin/intake/inboundemail/{record.pk}/change/", {"reason": "x"}).status_code == 403


def test_the_statistics_count_email_reports_by_channel(cast):
    from baruga.stats import selectors as stats

    take(build(body=DESCRIPTION))
    take(build(sender="warga.lain@contoh.id", body=DESCRIPTION + " Makin parah."))
    scope = stats.scope_for("wilayah", cast.province.code)
    figures = stats.dashboard(scope, stats.parse_filters({}, scope), user=cast.budi)
    by_channel = {row["key"]: row["value"] for row in figures["by_channel"]}
    assert by_channel["email"] == 2
