"""What a report's history entry causes for people: the notification step of `complaints.events`
(second of REPORT_EVENT_STEPS), on the generic machinery of `baruga.notifications` (staff notifications,
the outbox, texts). Staff whose work the entry concerns are notified (`STAFF_NOTICES`, one
row per kind of entry); the reporter gets an e-mail for every entry the public history shows.
Rows in the action's transaction, delivery after commit.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as t

from baruga.complaints import workflow
from baruga.complaints.models import ReporterContact, State
from baruga.notifications import texts
from baruga.notifications.models import ChannelName, Notification, Preference
from baruga.notifications.outbox import queue_message
from baruga.notifications.staff import (
    agency_heads,
    agency_staff,
    jurisdiction_admins,
    notify_staff,
    notify_staff_bulk,
)
from baruga.notifications.texts import Lines, Text

Kind = Notification.Kind


class ReportStep:
    """The notification step of a report's history entry (`complaints.events`, second of
    REPORT_EVENT_STEPS): rows in the action's transaction, delivery after commit."""

    def run(self, change):
        if not change.notify:
            return
        filing = change.filing
        if filing is not None and filing.received is not None:
            tell_admins_of_received(change.report, change.event, filing.received)
        else:
            on_report_event(change.report, change.event, filed=filing is not None,
                            contact=filing.contact if filing is not None else None)


def on_report_event(report, event, *, filed=False, contact=None):
    """Notify staff and the reporter of one history entry (a `ReportEvent` just written).

    Called by the step above inside the transaction that wrote the event. Staff whose work the entry
    concerns get a notification (never the actor for their own act); the reporter gets an e-mail for
    every entry the public history shows (not `workflow.INTERNAL_EVENTS`). `filed`: the report was filed
    in this transaction (its `contact` just written), so the keys are new: one INSERT per table.
    """
    notice = _staff_notice(report, event)
    if filed:
        causes = []
        if notice is not None:
            kind, recipients, title, body = notice
            causes.append(dict(recipients=[u for u in recipients if u.pk != event.actor_id], kind=kind,
                               report=report, title=title, body=body, dedupe_key=f"{event.action}:{event.pk}"))
        citizen = _reporter_message(report, event, contact=contact)
        notify_staff_bulk(causes, fresh=True, messages=[citizen] if citizen else [])
        return
    if notice is not None:
        kind, recipients, title, body = notice
        notify_staff(recipients=[u for u in recipients if u.pk != event.actor_id], kind=kind, report=report,
                     title=title, body=body, dedupe_key=f"{event.action}:{event.pk}")
    if event.action not in workflow.INTERNAL_EVENTS:
        notify_reporter(report, event)


def tell_admins_of_received(report, event, received):
    """A report another installation handed over: its admins are told where it comes from (no receipt
    to the reporter, who follows it where they filed it)."""
    notify_staff(
        recipients=jurisdiction_admins(report.jurisdiction_id), kind=Kind.NEW_REPORT, report=report,
        body=event.reason, dedupe_key=f"federation:{event.pk}",
        title=_("Laporan dialihkan dari %(instance)s: %(title)s") % {"instance": received.instance,
                                                                      "title": report.title},
    )


# Who among the staff hears of which entry. A missing scope (a report with no OPD yet) means nobody.

def _admins(report):
    return jurisdiction_admins(report.jurisdiction_id)


def _agency_staff(report):
    return agency_staff(report.agency_id)


def _agency_heads(report):
    return agency_heads(report.agency_id)


def _heads_and_admins(report):
    return agency_heads(report.agency_id) + jurisdiction_admins(report.jurisdiction_id)


def _handlers(report):
    """Whoever holds the report now: its OPD's staff while it is with the OPD, else the admins."""
    if report.agency_id and report.state in workflow.AGENCY_STATES:
        return agency_staff(report.agency_id)
    return jurisdiction_admins(report.jurisdiction_id)


@dataclass(frozen=True)
class StaffNotice:
    """The staff notification of one kind of history entry: its kind, who receives it, its title and
    paragraphs (formatted with `id`, `title`, `due`, `reason`, `agency`, `jurisdiction`); `note`, a last
    paragraph shown only when the entry has a reason; `when`, a condition on the report after the change."""

    kind: str
    recipients: Callable
    title: object
    paragraphs: tuple
    note: object = None
    when: Callable = None


STAFF_NOTICES = {
    "submit": StaffNotice(
        Kind.NEW_REPORT, _admins, t("Laporan baru %(id)s: %(title)s"),
        (t("Laporan baru masuk ke %(jurisdiction)s dan menunggu verifikasi paling lambat %(due)s."),)),
    # Moved within this installation (a transfer out of it leaves the report TRANSFERRED: no one here to tell).
    "transfer": StaffNotice(
        Kind.NEW_REPORT, _admins, t("Laporan dialihkan ke instansi Anda %(id)s: %(title)s"),
        (t("Laporan dialihkan ke %(jurisdiction)s sebagai bukan wewenang instansi asal dan "
           "menunggu verifikasi paling lambat %(due)s."),
         t("Alasan pengalihan: %(reason)s")),
        when=lambda report: report.state == State.SUBMITTED),
    "dispatch": StaffNotice(
        Kind.DISPATCHED, _agency_staff, t("Disposisi baru %(id)s: %(title)s"),
        (t("Laporan didisposisikan ke %(agency)s. Batas tindak lanjut: %(due)s."),),
        note=t("Catatan admin: %(reason)s")),
    "hand_back": StaffNotice(
        Kind.HANDED_BACK, _admins, t("Laporan %(id)s dikembalikan OPD: %(title)s"),
        (t("%(agency)s mengembalikan laporan untuk disposisi ulang. Alasan: %(reason)s"),)),
    "draft_response": StaffNotice(
        Kind.APPROVAL, _agency_heads, t("Tindak lanjut %(id)s menunggu persetujuan"),
        (t("Tindak lanjut untuk “%(title)s” menunggu persetujuan Anda sebelum terbit; "
           "setujui atau kembalikan dengan alasan."),)),
    "reopen": StaffNotice(
        Kind.REOPENED, _agency_staff, t("Pelapor belum puas %(id)s: %(title)s"),
        (t("Laporan kembali ke %(agency)s. Batas tindak lanjut baru: %(due)s."),
         t("Tanggapan pelapor: %(reason)s"))),
    # The reporter wrote to the report by e-mail outside a request for information.
    "reporter_reply": StaffNotice(
        Kind.REPORTER_REPLY, _handlers, t("Tanggapan pelapor %(id)s: %(title)s"),
        (t("Pelapor menulis: %(reason)s"),)),
    "request_extension": StaffNotice(
        Kind.EXTENSION, _heads_and_admins, t("Permintaan perpanjangan waktu %(id)s"),
        (t("%(agency)s meminta perpanjangan waktu tindak lanjut (%(reason)s)."),)),
    "approve_extension": StaffNotice(
        Kind.EXTENSION, _agency_staff, t("Perpanjangan waktu %(id)s disetujui"),
        (t("Batas tindak lanjut sekarang: %(due)s."),)),
    "reject_extension": StaffNotice(
        Kind.EXTENSION, _agency_staff, t("Perpanjangan waktu %(id)s ditolak"),
        (t("Alasan: %(reason)s"),)),
}


def _staff_notice(report, event):
    """(kind, recipients, title, body) for the staff, from `STAFF_NOTICES`; None when the entry concerns no one."""
    notice = STAFF_NOTICES.get(event.action)
    if notice is None or (notice.when is not None and not notice.when(report)):
        return None
    agency = report.agency or event.agency
    v = {"id": report.tracking_id, "title": report.title, "due": texts.local(report.due_at),
         "reason": event.reason, "agency": agency.name if agency else "-",
         "jurisdiction": report.jurisdiction.name}
    paragraphs = [Text(text, **v) for text in notice.paragraphs]
    if notice.note is not None and event.reason:
        paragraphs.append(Text(notice.note, **v))
    return notice.kind, notice.recipients(report), Text(notice.title, **v), Lines(*paragraphs)


# The reporter

def notify_reporter(report, event):
    """Queue the reporter's e-mail about a public history entry, if they gave an address."""
    message = _reporter_message(report, event)
    return queue_message(**message) if message else None


def _reporter_message(report, event, *, contact=None):
    """The reporter's e-mail about a public history entry (`queue_message` arguments), or None."""
    if event.action in workflow.INTERNAL_EVENTS:
        return None
    contact = contact or ReporterContact.objects.filter(
        report_id=report.pk).only("email", "name").first()
    if contact is None or not contact.email:
        return None
    language = settings.LANGUAGE_CODE
    if report.filer_id:
        preference = Preference.objects.filter(user_id=report.filer_id).first()
        if preference is not None:
            if not preference.email_enabled:
                return None
            language = preference.language
    with translation.override(language):
        subject, body = citizen_email(report, event, contact)
    return dict(channel=ChannelName.EMAIL, to_address=contact.email, subject=subject, body=body,
                language=language, dedupe_key=citizen_message_key(event.pk), report=report)


def citizen_message_key(event_pk):
    """The dedupe key of the reporter's e-mail about one history entry (found again for their data export)."""
    return f"citizen:{event_pk}:email"


def citizen_email(report, event, contact):
    """The e-mail to the reporter about one public history entry. Never the guest's private link:
    only its hash is stored, and an outbox row would keep it in clear."""
    values = {"id": report.tracking_id, "title": report.title,
              "label": str(workflow.HISTORY_LABELS.get(event.action, event.action))}
    parts = [_("Yth. %(name)s,") % {"name": contact.name} if contact.name else _("Yth. Pelapor,")]
    if event.action == "submit":
        subject = _("Laporan %(id)s sudah diterima") % values
        parts.append(_("Terima kasih. Laporan Anda “%(title)s” sudah kami terima dengan nomor "
                       "pelacakan %(id)s.") % values)
        parts.append(_("Laporan diverifikasi oleh admin %(jurisdiction)s paling lambat %(due)s.") % {
            "jurisdiction": report.jurisdiction.name, "due": texts.local(report.due_at)})
    else:
        subject = _("Laporan %(id)s: %(label)s") % values
        parts.append(_("Ada perkembangan pada laporan Anda “%(title)s” (nomor pelacakan %(id)s): "
                       "%(label)s.") % values)
        if event.reason and event.action in workflow.REASONS_SHOWN_TO_REPORTER:
            parts.append(_("Keterangan: %(reason)s") % {"reason": event.reason})
        parts.append(_("Status sekarang: %(state)s.") % {"state": report.get_state_display()})
    parts.append(_("Pantau perkembangannya di %(url)s") % {"url": texts.track_url(report)})
    if report.filer_id:
        parts.append(_("Isi laporan dan tindak lanjut dapat dibaca setelah masuk ke akun Anda di Baruga."))
    else:
        parts.append(_("Untuk membaca isi laporan dan tindak lanjut, buka tautan pribadi dari tanda terima "
                       "laporan Anda."))
    parts.append(texts.reply_note())
    return subject, "\n\n".join(parts)
