"""A WhatsApp/SMS dialogue is the citizen's personal data: exported with the rest, erased with the rest."""

from baruga.accounts import privacy
from baruga.accounts.models import User
from baruga.complaints.models import Report
from baruga.intake.models import Conversation

PROBLEM = "Lampu jalan di Jalan Sultan Alauddin padam sejak seminggu, gelap sekali di malam hari."


def _filed_by_whatsapp(phone):
    citizen = phone()
    citizen.say(PROBLEM)
    citizen.say("2")
    citizen.say("lewati")
    citizen.say("ya")
    return Report.objects.get()


def test_an_administrators_export_by_phone_number_holds_the_dialogue(phone, cast):
    report = _filed_by_whatsapp(phone)
    root = User.objects.create_superuser(username="root", password="rahasia-sekali-123", email="root@contoh.id")

    data = privacy.export_subject(actor=root, phone="0812-3456-7890", reason="Permintaan warga")

    [conversation] = data["whatsapp_sms_conversations"]
    assert conversation["phone"] == "6281234567890"
    assert conversation["report"] == report.tracking_id
    assert data["reports"][0]["tracking_id"] == report.tracking_id


def test_another_number_finds_no_dialogue(phone, cast):
    _filed_by_whatsapp(phone)
    root = User.objects.create_superuser(username="root", password="rahasia-sekali-123", email="root@contoh.id")

    subject = privacy.find_subject(phone="081298765432")

    assert subject.conversations == []
    assert privacy.export_subject(actor=root, phone="081298765432")["whatsapp_sms_conversations"] == []


def test_erasure_deletes_a_dialogue_left_half_way_with_the_number(phone, cast):
    citizen = phone()
    citizen.say(PROBLEM)
    citizen.say("2")  # never confirmed: no report, but the number and the words are kept
    root = User.objects.create_superuser(username="root", password="rahasia-sekali-123", email="root@contoh.id")
    other = phone(number="6281298765432")
    other.say(PROBLEM)
    assert Conversation.objects.count() == 2

    privacy.erase_subject(actor=root, phone="+62 812 3456 7890", reason="Permintaan warga")

    [kept] = Conversation.objects.all()
    assert kept.phone == "6281298765432"
    assert not Report.objects.exists()


def test_an_email_sender_is_exported_and_erased_keeping_the_message_id(cast, settings):
    from baruga.intake import mail
    from baruga.intake.models import InboundEmail
    from baruga.intake.tests.mails import build

    settings.EMAIL_INTAKE_ADDRESS = "lapor@baruga.contoh.id"
    raw = build(sender="Rahman <rahman@contoh.id>", message_id="<satu@contoh.id>",
                body="Makassar gelap.")  # too short: refused, no report holds the erasure back
    mail.take_in(raw, transport="pipe")
    mail.take_in(build(sender="lain@contoh.id", body=PROBLEM + " Kota Makassar."), transport="pipe")
    root = User.objects.create_superuser(username="root", password="rahasia-sekali-123", email="root@contoh.id")

    [exported] = privacy.export_subject(actor=root, email="rahman@contoh.id", reason="Permintaan warga")[
        "inbound_emails"]
    assert (exported["sender"], exported["message_id"], exported["outcome"]) == (
        "rahman@contoh.id", "<satu@contoh.id>", "refused")

    privacy.erase_subject(actor=root, email="rahman@contoh.id", reason="Permintaan warga")
    erased = InboundEmail.objects.get(message_id="<satu@contoh.id>")
    assert (erased.sender, erased.sender_index) == ("", "")
    assert InboundEmail.objects.get(message_id__startswith="<", sender="lain@contoh.id")
    assert mail.take_in(raw, transport="pipe").outcome == "duplicate"
