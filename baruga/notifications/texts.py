"""What notifications say. Source strings are Bahasa Indonesia; callers render them under
`translation.override(<the recipient's language>)`, so each person reads their own language.

`Text` is a message translated and formatted only when turned into a string: `notify_staff`
renders one per recipient. Other engineers' code may pass a `Text` as title or body too.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.lib.siteurl import absolute_url
from baruga.notifications import mailheaders
from baruga.notifications.models import Notification

DIGEST_MAX_ITEMS = 50


class Text:
    """`Text(gettext_lazy("Laporan %(id)s"), id=...)`: translated and formatted on `str()`."""

    def __init__(self, message, **params):
        self.message = message
        self.params = params

    def __str__(self):
        text = str(self.message)
        return text % {k: str(v) for k, v in self.params.items()} if self.params else text


class Lines:
    """Several texts, one per paragraph; empty ones are left out."""

    def __init__(self, *parts):
        self.parts = parts

    def __str__(self):
        return "\n\n".join(s for s in (str(p) for p in self.parts if p) if s)


def local(moment):
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") if moment else "-"


def absolute(path):
    return absolute_url(path)


def staff_url(report):
    return absolute(reverse("complaints:staff_detail", args=[report.tracking_id]))


def track_url(report):
    return absolute(reverse("complaints:track", args=[report.tracking_id]))


def _footer():
    return _("Ubah pengaturan notifikasi (e-mail, ringkasan harian, bahasa): %(url)s") % {
        "url": absolute(reverse("notifications:preferences"))}


def staff_email(notification):
    """Subject and body of the e-mail that repeats one notification."""
    parts = [notification.body]
    if notification.report_id:
        parts.append(_("Buka laporan: %(url)s") % {"url": staff_url(notification.report)})
    parts.append(_footer())
    return f"[Baruga] {notification.title}", "\n\n".join(p for p in parts if p)


def gateway_text(notification):
    """A short SMS/WhatsApp text: the kind and the tracking number only, as little data as possible
    passes through the gateway provider."""
    label = str(Notification.Kind(notification.kind).label)
    if notification.report_id:
        report = notification.report
        return _("Baruga: %(label)s, laporan %(id)s. %(url)s") % {
            "label": label, "id": report.tracking_id, "url": staff_url(report)}
    return _("Baruga: %(label)s. %(url)s") % {"label": label, "url": absolute(reverse("notifications:centre"))}


def reply_note():
    """The last line of an e-mail to the reporter: whether answering it reaches the report."""
    if mailheaders.replies_enabled():
        return _("Anda dapat membalas e-mail ini untuk menambahkan keterangan atau lampiran pada laporan ini; "
                 "jangan ubah alamat balasannya.")
    return _("E-mail ini dikirim otomatis oleh Baruga; mohon tidak membalas.")


def digest_email(notifications, total, date):
    """One e-mail listing a day's notifications (the first DIGEST_MAX_ITEMS of `total`)."""
    subject = _("[Baruga] Ringkasan notifikasi %(date)s: %(n)d notifikasi") % {
        "date": date.strftime("%d-%m-%Y"), "n": total}
    lines = [_("Notifikasi Anda sejak ringkasan terakhir:"), ""]
    for n in notifications:
        lines.append(f"- {local(n.created_at)} {n.title}")
        if n.report_id:
            lines.append(f"  {staff_url(n.report)}")
    centre = absolute(reverse("notifications:centre"))
    if total > len(notifications):
        lines += ["", _("… dan %(n)d notifikasi lainnya: %(url)s") % {"n": total - len(notifications),
                                                                           "url": centre}]
    lines += ["", _("Pusat notifikasi: %(url)s") % {"url": centre}, "", _footer()]
    return subject, "\n".join(lines)


def private_link_email(report, follow_url):
    """The guest's own request on the receipt page: the private link, sent once to the address they typed.
    Unlike the update e-mails it carries the secret, because that is what the guest asked for; the outbox
    keeps its body encrypted at rest."""
    values = {"id": report.tracking_id, "title": report.title, "url": follow_url}
    subject = _("Tautan pribadi laporan %(id)s") % values
    parts = [
        _("Yth. Pelapor,"),
        _("Anda meminta tautan pribadi laporan “%(title)s” (nomor pelacakan %(id)s) dikirim ke alamat ini.")
        % values,
        _("Dengan tautan ini Anda dapat membaca tindak lanjut, melengkapi laporan, dan memberi penilaian:"),
        follow_url,
        _("Jangan bagikan tautan ini: siapa pun yang memegangnya dapat membaca isi laporan Anda."),
        _("Jika Anda tidak merasa meminta e-mail ini, abaikan saja."),
        _("E-mail ini dikirim otomatis oleh Baruga; mohon tidak membalas."),
    ]
    return subject, "\n\n".join(parts)
