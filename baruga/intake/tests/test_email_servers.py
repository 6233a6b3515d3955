"""E-mail end to end against real servers started here: Baruga's mail goes out to an SMTP server
(aiosmtpd), the citizen's answers are put in an IMAP mailbox (Dovecot) and `manage.py poll_mailbox`
reads them. Skipped, saying why, only where Debian's dovecot-imapd is not installed."""

import io
from email import message_from_bytes, policy

import pytest
from django.core.management import call_command

from baruga.complaints import actions
from baruga.complaints.models import Attachment, Channel, Report, State
from baruga.intake.models import InboundEmail
from baruga.intake.tests import mailservers
from baruga.intake.tests.mails import INTAKE, build, png, reply_to
from baruga.notifications import delivery, mailheaders
from baruga.notifications.models import OutboxMessage
from baruga.complaints.notices import citizen_message_key

pytestmark = pytest.mark.skipif(mailservers.DOVECOT is None,
                                reason="Dovecot is not installed (apt-get install dovecot-imapd; .ci/run does)")

DESCRIPTION = "Lampu penerangan jalan di Jl. Sultan Alauddin, Kota Makassar, padam sepanjang 300 meter sejak " \
              "seminggu, rawan kecelakaan dan begal."


@pytest.fixture(scope="module")
def dovecot():
    server = mailservers.Dovecot().start()
    yield server
    server.stop()


@pytest.fixture
def imap(dovecot, settings):
    dovecot.empty()
    settings.EMAIL_IMAP_HOST = "127.0.0.1"
    settings.EMAIL_IMAP_PORT = dovecot.port
    settings.EMAIL_IMAP_SECURITY = "plain"
    settings.EMAIL_IMAP_USER = mailservers.IMAP_USER
    settings.EMAIL_IMAP_PASSWORD = mailservers.IMAP_PASSWORD
    settings.EMAIL_IMAP_FOLDER = "INBOX"
    settings.EMAIL_IMAP_DONE_FOLDER = ""
    return dovecot


@pytest.fixture
def smtp(settings):
    from aiosmtpd.controller import Controller

    sink = mailservers.SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=mailservers.free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    yield sink
    controller.stop()


@pytest.fixture(autouse=True)
def _email_settings(settings):
    settings.EMAIL_INTAKE_ADDRESS = INTAKE
    settings.EMAIL_REPLY_KEY = "kunci-balasan-uji"
    settings.EMAIL_MESSAGE_ID_DOMAIN = "baruga.contoh.id"
    settings.EMAIL_INTAKE_LOCATION = ""
    settings.SITE_URL = "https://baruga.contoh.id"


def poll():
    out = io.StringIO()
    call_command("poll_mailbox", "--once", stdout=out)
    return out.getvalue().strip()


def deliver(row, smtp):
    """Send one outbox row through the SMTP server; the message as its recipient's server got it."""
    before = len(smtp.messages)
    assert delivery.deliver(row.pk) == "sent", OutboxMessage.objects.get(pk=row.pk).last_error
    assert len(smtp.messages) == before + 1
    _sender, recipients, data = smtp.messages[-1]
    assert recipients == [row.to_address]
    return message_from_bytes(data, policy=policy.default)


def test_staff_asks_for_information_and_the_citizens_mail_reply_completes_the_report(cast, file_report, smtp, imap):
    report, _secret = file_report(guest=True)
    actions.request_info(actor=cast.budi, report=report, reason="Mohon kirim foto dan nomor tiang lampu terdekat.")
    event = report.events.get(action="request_info")
    received = deliver(OutboxMessage.objects.get(dedupe_key=citizen_message_key(event.pk)), smtp)
    assert received["Subject"].startswith(f"[{report.tracking_id}]")
    assert mailheaders.parse_reply_address(received["Reply-To"]) == (report.tracking_id, True)
    assert "Mohon kirim foto dan nomor tiang" in received.get_content()

    answer = reply_to(received, sender="Ayu Lestari <ayu.lestari@contoh.id>",
                      text="Nomor tiangnya PJU-117, fotonya saya lampirkan.",
                      attachments=[("tiang.png", png(), "image/png")])
    imap.append(answer)
    assert poll() == "reply=1"

    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    added = report.body.split("Tambahan dari pelapor")[1]
    assert "Nomor tiangnya PJU-117" in added
    assert "menulis:" not in added and "Mohon kirim foto" not in added
    assert Attachment.objects.filter(report=report).count() == 1
    assert imap.uids("UNSEEN") == [] and len(imap.uids()) == 1  # read and marked \Seen
    assert poll() == "nothing"  # a second pass finds nothing new

    # The reporter is told it landed, in the same thread, by SMTP.
    completed = report.events.get(action="complete")
    told = deliver(OutboxMessage.objects.get(dedupe_key=citizen_message_key(completed.pk)), smtp)
    assert told["References"] == f"<{report.tracking_id.lower()}@baruga.contoh.id>"


def test_a_new_mail_files_a_guest_report_answered_with_its_tracking_number(cast, smtp, imap):
    imap.append(build(subject="PJU padam di Jl. Sultan Alauddin", body=DESCRIPTION,
                      attachments=[("gelap.png", png(), "image/png")]))
    assert poll() == "filed=1"
    report = Report.objects.get()
    assert (report.channel, report.location, report.reporter_id) == (Channel.EMAIL, cast.makassar, None)
    answer = deliver(OutboxMessage.objects.get(to_address="rahman@contoh.id"), smtp)
    assert report.tracking_id in answer["Subject"] and report.tracking_id in answer.get_content()
    assert "?k=" in answer.get_content()
    assert mailheaders.parse_reply_address(answer["Reply-To"]) == (report.tracking_id, True)


def test_automatic_forged_duplicate_and_huge_mail_files_nothing_and_is_logged(cast, file_report, settings, imap):
    report, _secret = file_report(guest=True)
    settings.EMAIL_INTAKE_MAX_BYTES = 300_000
    settings.UPLOAD_MAX_BYTES = 50_000
    forged = mailheaders.reply_address(report.tracking_id)[:-len("@baruga.contoh.id") - 4] + "beef@baruga.contoh.id"
    mails = [
        build(body=DESCRIPTION, headers=[("Auto-Submitted", "auto-replied")], subject="Sedang cuti"),
        build(sender="MAILER-DAEMON@mx.contoh.id", body="Undelivered mail", headers=[("Return-Path", "<>")]),
        build(to=forged, subject=f"Re: [{report.tracking_id}]", body="Coba-coba menyusup ke laporan orang."),
        build(body=DESCRIPTION, message_id="<kembar@contoh.id>"),
        build(body=DESCRIPTION, message_id="<kembar@contoh.id>"),
        build(body=DESCRIPTION, attachments=[("raksasa.png", png((400, 400), noise=True), "image/png")]),
        build(body=DESCRIPTION, attachments=[("besar.png", png((160, 160), noise=True), "image/png")]),
    ]
    for raw in mails:
        imap.append(raw)
    assert poll() == "dropped=2 duplicate=1 filed=1 refused=3"
    assert Report.objects.count() == 2  # the fixture's and the first copy of <kembar@contoh.id>
    reasons = sorted(InboundEmail.objects.exclude(outcome="filed").values_list("reason", flat=True))
    assert reasons == ["action", "auto_reply", "bounce", "forged_token", "too_large"]
    assert imap.uids("UNSEEN") == []
    report.refresh_from_db()
    assert report.events.count() == 1  # the forged reply changed nothing


def test_processed_mail_is_moved_to_the_done_folder(cast, settings, imap):
    settings.EMAIL_IMAP_DONE_FOLDER = "Diproses"
    imap.append(build(body=DESCRIPTION))
    assert poll() == "filed=1"
    assert imap.uids() == []
    assert len(imap.uids(folder="Diproses")) == 1


def test_a_wrong_password_or_a_plaintext_remote_server_is_a_clear_error(settings, imap):
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management.base import CommandError

    settings.EMAIL_IMAP_PASSWORD = "salah"
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        poll()
    settings.EMAIL_IMAP_HOST = "imap.contoh.id"
    with pytest.raises(ImproperlyConfigured, match="hanya untuk server IMAP di 127.0.0.1"):
        poll()


def test_the_poll_loop_survives_a_refused_connection_and_a_dropped_one(cast, settings, imap, monkeypatch):
    """The server is down at the first pass, and drops the connection after the second: the loop
    connects again each time and the mail still arrives, once."""
    from baruga.intake import mailbox
    from baruga.lib import loops

    monkeypatch.setattr(loops.Reconnect, "wait", lambda self, seconds: None)
    real_connect, real_poll = mailbox.connect, mailbox.poll_once
    connects, passes = [], []

    def flaky_connect():
        connects.append(1)
        if len(connects) == 1:
            raise ConnectionRefusedError("server restarting")
        return real_connect()

    def poll_then_drop(connection, **kwargs):
        passes.append(1)
        if len(passes) == 2:
            imap.append(build(body=DESCRIPTION))
            connection.shutdown()  # the server went away after this pass
        return real_poll(connection, **kwargs)

    monkeypatch.setattr(mailbox, "connect", flaky_connect)
    monkeypatch.setattr(mailbox, "poll_once", poll_then_drop)
    imap.append(build(body=DESCRIPTION + " Pertama."))
    out = io.StringIO()
    call_command("poll_mailbox", "--loop", "1", "--max-passes", "5", stdout=out)
    assert out.getvalue().strip() == "filed=2"
    assert len(connects) == 3 and Report.objects.count() == 2


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_the_mailbox_is_read_over_starttls_and_imaps_with_the_servers_certificate(cast, settings, imap, security):
    settings.EMAIL_IMAP_SECURITY = security
    settings.EMAIL_IMAP_PORT = imap.tls_port if security == "ssl" else imap.port
    settings.EMAIL_IMAP_CA_FILE = imap.ca_file
    imap.append(build(body=DESCRIPTION))
    assert poll() == "filed=1"


def test_a_certificate_that_does_not_verify_is_refused(settings, imap):
    from django.core.management.base import CommandError

    settings.EMAIL_IMAP_SECURITY, settings.EMAIL_IMAP_PORT = "ssl", imap.tls_port
    settings.EMAIL_IMAP_CA_FILE = ""  # the system's CAs do not know the test server's certificate
    with pytest.raises(CommandError, match="CERTIFICATE_VERIFY_FAILED"):
        poll()
