"""The guided dialogue that turns WhatsApp/SMS messages into a report.

describe the problem → choose the regency/city from a numbered list → share the location, write
an address or LEWATI → YA to send (BATAL to drop it) → the tracking number. ``STATUS <nomor>``
answers the report's current state at any point; ``BATAL`` ends an open dialogue.

`take_in` handles one message in one transaction: it records the provider's message id (a retry of
the same id changes nothing), advances the dialogue stored in `Conversation`, files the report
through `complaints.actions.submit_report`, and queues every reply in the notifications outbox for
the outbound gateway (delivered after commit; nothing is sent from here).
"""

import datetime as dt
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from baruga.complaints import actions, selectors as complaint_selectors
from baruga.complaints.models import Channel, Kind
from baruga.directory.models import Jurisdiction, Level
from baruga.intake import phones
from baruga.intake.models import OPEN_STEPS, Conversation, InboundMessage, Step
from baruga.notifications import outbox as notifications
from baruga.notifications.models import ChannelName

MIN_DESCRIPTION = 20  # as on the filing page
MAX_DESCRIPTION = actions.MAX_BODY
TITLE_LENGTH = 80
YES = {"YA", "Y", "YES", "IYA"}
CANCEL = {"BATAL", "BATALKAN", "STOP"}
SKIP = {"LEWATI", "LEWAT", "SKIP"}
STATUS = re.compile(r"^STATUS\b\s*(.*)$", re.IGNORECASE | re.DOTALL)


def take_in(inbound, *, now=None):
    """Take one message in; returns the replies queued, or None when this message id was taken in before."""
    now = now or timezone.now()
    with translation.override("id"), transaction.atomic():
        try:
            with transaction.atomic():
                message = InboundMessage.objects.create(
                    channel=inbound.channel, provider_message_id=inbound.message_id, kind=inbound.kind,
                    received_at=now)
        except IntegrityError:
            return None  # the provider sent this message again
        conversation = _open_conversation(inbound)
        replies = []
        if conversation is not None and _is_stale(conversation, now):
            _expire(conversation)  # its polite note goes out first
            conversation = None
        replies.extend(_answer(inbound, conversation, now, message))
        for number, text in enumerate(replies):
            _send(inbound.phone, text, f"intake:{message.pk}:{number}")
        return replies


def expire_stale(now=None):
    """Close the dialogues nobody answered within the timeout, each with a polite note; returns how many."""
    now = now or timezone.now()
    count = 0
    with translation.override("id"):
        stale = Conversation.objects.filter(step__in=OPEN_STEPS, last_message_at__lt=now - _timeout())
        for pk in stale.values_list("pk", flat=True):
            with transaction.atomic():
                conversation = Conversation.objects.select_for_update().filter(pk=pk, step__in=OPEN_STEPS).first()
                if conversation is None or not _is_stale(conversation, now):
                    continue  # answered or closed in the meantime
                _expire(conversation)
                count += 1
    return count


# The dialogue

def _answer(inbound, conversation, now, message):
    text = (inbound.text or "").strip()
    command = text.upper()
    status = STATUS.match(text)
    # "Status jalan ini rusak sejak…" is a description, not a command: a tracking number is short.
    if status and inbound.kind == "text" and len(status.group(1).strip()) <= 20:
        return [_status_text(status.group(1).strip(), inbound)]
    if command in CANCEL:
        if conversation is None:
            return [_("Tidak ada laporan yang sedang Anda tulis. Kirim uraian masalah untuk membuat laporan baru.")]
        conversation.step = Step.CANCELLED
        _forget(conversation, now)
        return [_("Laporan dibatalkan; tidak ada yang terkirim. Kirim pesan baru kapan saja untuk memulai lagi.")]
    readable = inbound.kind in ("location", "image") or _has_words(text)
    if not readable:
        if conversation is not None:
            _touch(conversation, now, message)
        return [_help_text()]
    if conversation is None:
        conversation = _start(inbound, now)
        message.conversation = conversation
        message.save(update_fields=["conversation"])
        if len(text) < MIN_DESCRIPTION:  # a greeting, a bare photo or location: ask for the description
            _collect(conversation, inbound)
            conversation.save()
            return [_welcome_text()]
    _touch(conversation, now, message)
    step = {Step.DESCRIBE: _describe, Step.REGENCY: _regency, Step.LOCATION: _location,
            Step.CONFIRM: _confirm}[conversation.step]
    return step(conversation, inbound, text, now)


def _describe(conversation, inbound, text, now):
    _collect(conversation, inbound)
    if len(text) < MIN_DESCRIPTION:
        conversation.save()
        return [_("Uraian terlalu pendek. Ceritakan apa yang terjadi, di mana dan sejak kapan "
                  "(minimal %(min)d karakter).") % {"min": MIN_DESCRIPTION}]
    conversation.description = text[:MAX_DESCRIPTION]
    conversation.offered = list(_regencies().values_list("pk", flat=True))
    conversation.step = Step.REGENCY
    conversation.save()
    return [_regency_list_text(conversation)]


def _regency(conversation, inbound, text, now):
    _collect(conversation, inbound)
    chosen = _chosen_regency(conversation, text)
    if chosen is None:
        conversation.save()
        return [_("Pilihan tidak dikenali.") + "\n" + _regency_list_text(conversation)]
    conversation.location = chosen
    if conversation.latitude is not None:  # shared already, with the description
        conversation.step = Step.CONFIRM
        conversation.save()
        return [_summary_text(conversation)]
    conversation.step = Step.LOCATION
    conversation.save()
    if conversation.channel == Channel.WHATSAPP:
        return [_("Bagikan lokasi kejadian (Lampirkan › Lokasi), atau tulis alamat/patokannya, "
                  "atau balas LEWATI.")]
    return [_("Tulis alamat atau patokan lokasi kejadian, atau balas LEWATI.")]


def _location(conversation, inbound, text, now):
    _collect(conversation, inbound)
    if inbound.kind == "text" and text.upper() not in SKIP:
        conversation.address = text[:255]
    elif inbound.kind == "image":
        conversation.save()
        return [_("Foto diterima. Bagikan lokasi kejadian, tulis alamatnya, atau balas LEWATI.")]
    conversation.step = Step.CONFIRM
    conversation.save()
    return [_summary_text(conversation)]


def _confirm(conversation, inbound, text, now):
    _collect(conversation, inbound)
    if text.upper() not in YES:
        conversation.save()
        return [_("Balas YA untuk mengirim laporan, atau BATAL untuk membatalkannya.")]
    try:
        report, secret = actions.submit_report(
            reporter=None, kind=Kind.COMPLAINT, title=_title(conversation.description), body=_body(conversation),
            location=conversation.location, address=conversation.address, latitude=conversation.latitude,
            longitude=conversation.longitude, contact_name=inbound.name, contact_phone=phones.address(
                inbound.phone), channel=conversation.channel,
        )
    except actions.ActionError as exc:
        conversation.save()
        return [" ".join(exc.messages)]
    conversation.report = report
    conversation.step = Step.FILED
    _forget(conversation, now)
    return [_filed_text(report, secret)]


# Steps' helpers

def _open_conversation(inbound):
    return (Conversation.objects.select_for_update().filter(channel=inbound.channel, phone=inbound.phone,
                                                            step__in=OPEN_STEPS).first())


def _start(inbound, now):
    try:
        with transaction.atomic():
            return Conversation.objects.create(channel=inbound.channel, phone=inbound.phone, step=Step.DESCRIBE,
                                               started_at=now, last_message_at=now)
    except IntegrityError:  # another message of this number started one at the same moment
        return _open_conversation(inbound)


def _touch(conversation, now, message):
    conversation.last_message_at = now
    conversation.save(update_fields=["last_message_at"])
    if message.conversation_id != conversation.pk:
        message.conversation = conversation
        message.save(update_fields=["conversation"])


def _collect(conversation, inbound):
    """What a message carries besides its text: a shared location, a photo's metadata."""
    if inbound.kind == "location":
        conversation.latitude, conversation.longitude = inbound.latitude, inbound.longitude
    if inbound.kind == "image" and inbound.media and len(conversation.media) < settings.UPLOAD_MAX_FILES:
        conversation.media = [*conversation.media, inbound.media]


def _forget(conversation, now):
    """A closed dialogue keeps only what it needs: the report (if any) holds the citizen's words."""
    conversation.description, conversation.address, conversation.offered, conversation.media = "", "", [], []
    conversation.latitude = conversation.longitude = None
    conversation.last_message_at = now
    conversation.save()


def _expire(conversation):
    conversation.step = Step.EXPIRED
    _forget(conversation, conversation.last_message_at)
    _send(conversation.phone, _timed_out_text(), f"intake:expired:{conversation.pk}")


def _is_stale(conversation, now):
    return conversation.last_message_at < now - _timeout()


def _timeout():
    return dt.timedelta(hours=settings.INTAKE_DIALOGUE_TIMEOUT_HOURS)


def _has_words(text):
    return any(ch.isalnum() for ch in text)


def _regencies():
    return Jurisdiction.objects.filter(level__in=[Level.REGENCY, Level.CITY], is_active=True,
                                       is_external=False).order_by("name")


def _chosen_regency(conversation, text):
    offered = conversation.offered
    if text.isdigit() and 1 <= int(text) <= len(offered):
        return _regencies().filter(pk=offered[int(text) - 1]).first()
    if text:
        return _regencies().filter(pk__in=offered, name__iexact=text).first()
    return None


def _title(description):
    words = " ".join(description.split())
    return words if len(words) <= TITLE_LENGTH else words[: TITLE_LENGTH - 1].rstrip() + "…"


def _body(conversation):
    body = conversation.description
    if conversation.media:
        body += "\n\n" + _("Pelapor mengirim %(n)d foto lewat WhatsApp (belum diunduh; id media: %(ids)s).") % {
            "n": len(conversation.media), "ids": ", ".join(m.get("id", "?") for m in conversation.media)}
    return body[: actions.MAX_BODY]


def _send(phone, text, dedupe_key):
    notifications.queue_message(channel=ChannelName.GATEWAY, to_address=phones.address(phone), body=text,
                                language="id", dedupe_key=dedupe_key)


# Texts

def _welcome_text():
    return _("Selamat datang di layanan pengaduan Baruga. Ceritakan masalah yang ingin Anda laporkan: apa yang "
             "terjadi, di mana dan sejak kapan (minimal %(min)d karakter). Balas BATAL untuk membatalkan, atau "
             "STATUS <nomor> untuk melihat perkembangan laporan.") % {"min": MIN_DESCRIPTION}


def _help_text():
    return _("Maaf, pesan Anda tidak dapat kami baca. Tuliskan masalah Anda dengan kata-kata, balas "
             "STATUS <nomor> untuk melihat perkembangan laporan, atau BATAL untuk membatalkan.")


def _timed_out_text():
    return _("Percakapan pelaporan Anda kami tutup karena tidak ada balasan selama %(hours)d jam; laporan belum "
             "terkirim. Kirim pesan baru kapan saja untuk memulai lagi.") % {
        "hours": settings.INTAKE_DIALOGUE_TIMEOUT_HOURS}


def _regency_list_text(conversation):
    names = dict(_regencies().filter(pk__in=conversation.offered).values_list("pk", "name"))
    lines = [f"{number}. {names[pk]}" for number, pk in enumerate(conversation.offered, 1) if pk in names]
    return _("Di kabupaten/kota mana kejadiannya? Balas dengan nomornya:") + "\n" + "\n".join(lines)


def _summary_text(conversation):
    if conversation.latitude is not None:
        where = _("titik lokasi yang Anda bagikan")
    else:
        where = conversation.address or _("tanpa alamat")
    return _("Periksa laporan Anda:\n%(description)s\nKabupaten/kota: %(regency)s\nLokasi: %(where)s\n"
             "Balas YA untuk mengirim, atau BATAL untuk membatalkan.") % {
        "description": _title(conversation.description), "regency": conversation.location.name, "where": where}


def _filed_text(report, secret):
    text = _("Terima kasih, laporan Anda terkirim dengan nomor pelacakan %(id)s. Balas STATUS %(id)s untuk "
             "melihat perkembangannya.") % {"id": report.tracking_id}
    if settings.SITE_URL and secret:
        link = f"{settings.SITE_URL}{reverse('complaints:track', args=[report.tracking_id])}?k={secret}"
        text += " " + _("Tautan pribadi untuk melengkapi atau menilai laporan (jangan dibagikan): %(link)s") % {
            "link": link}
    return text


def _status_text(value, inbound):
    if value:
        report = complaint_selectors.get_by_tracking_id(value)
    else:  # the last report filed from this number
        last = (Conversation.objects.filter(channel=inbound.channel, phone=inbound.phone, report__isnull=False)
                .select_related("report").order_by("-pk").first())
        report = last.report if last else None
        if report is None:
            return _("Tulis STATUS diikuti nomor pelacakan, misalnya STATUS BRG-7K4M-Q2XP.")
    if report is None:
        return _("Nomor pelacakan “%(id)s” tidak ditemukan. Periksa lagi nomornya.") % {"id": value[:20]}
    local = timezone.localtime(report.state_changed_at)
    return _("Laporan %(id)s: %(state)s (sejak %(date)s).") % {
        "id": report.tracking_id, "state": report.get_state_display(), "date": local.strftime("%d-%m-%Y")}
