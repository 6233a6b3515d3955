"""Who hears of a request's history entry, and what they read.

Written inside the action's transaction through the notification app: staff get a `Notification`
(`notify_staff`, once per recipient and cause), the requester an e-mail through the outbox
(`queue_message`, once per event), delivered only after commit. The e-mail never carries the
guest's private link (only its hash is stored); document links do expire on their own.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.accounts.models import Role
from baruga.lib.siteurl import absolute_url
from baruga.notifications import outbox, staff
from baruga.notifications.models import ChannelName, Notification, Preference
from baruga.notifications.texts import Lines, Text
from baruga.ppid import documents, workflow
from baruga.ppid.deadlines import local

Kind = Notification.Kind


def absolute(path):
    return absolute_url(path)


def staff_url(info_request):
    return absolute(reverse("ppid:staff_detail", args=[info_request.registration_number]))


def follow_url(info_request):
    return absolute(reverse("ppid:track", args=[info_request.registration_number]))


# Recipients (a missing scope means nobody, never everybody)

def officers(info_request):
    users = staff.members(roles=[Role.PPID], jurisdiction_id=info_request.jurisdiction_id)
    if info_request.agency_id:
        users += staff.members(roles=[Role.PPID_ASSISTANT], agency_id=info_request.agency_id)
    return users


def superiors(info_request):
    return staff.members(roles=[Role.PPID_SUPERIOR], jurisdiction_id=info_request.jurisdiction_id)


def leaders(info_request):
    return staff.jurisdiction_leaders(info_request.jurisdiction_id)


def notify(users, *, kind, info_request, title, body, dedupe_key, exclude=None):
    users = [u for u in users if exclude is None or u.pk != exclude]
    return staff.notify_staff(recipients=users, kind=kind, report=None, title=title,
                                      body=Lines(body, Text(gettext_lazy("Buka permohonan: %(url)s"),
                                                            url=staff_url(info_request))),
                                      dedupe_key=dedupe_key[:120])


def _values(info_request):
    objection = getattr(info_request, "objection", None)
    return {"no": info_request.registration_number, "due": local(info_request.due_at),
            "jurisdiction": info_request.jurisdiction.name,
            "answer_due": local(objection.answer_due_at) if objection else "—",
            "ground": objection.get_ground_display() if objection else ""}


def _staff_notice(info_request, event):
    t = gettext_lazy
    v = _values(info_request)
    if event.action in ("register", "convert"):
        return (Kind.NEW_REPORT, officers(info_request), Text(t("Permohonan informasi baru %(no)s"), **v),
                Text(t("Permohonan informasi baru untuk %(jurisdiction)s; keputusan PPID paling lambat %(due)s."), **v))
    if event.action == "file_objection":
        return (Kind.NEW_REPORT, superiors(info_request) + officers(info_request),
                Text(t("Keberatan atas permohonan %(no)s"), **v),
                Text(t("Keberatan (%(ground)s) diajukan kepada atasan PPID; tanggapan paling lambat %(answer_due)s."),
                     **v))
    if event.action == "answer_objection" and info_request.objection.answer == "upheld":
        return (Kind.DISPATCHED, officers(info_request), Text(t("Keberatan %(no)s diterima atasan PPID"), **v),
                Text(t("Atasan PPID menerima keberatan; berikan informasi yang diminta kepada pemohon."), **v))
    return None


def on_event(info_request, event, *, document_links=()):
    """Notify staff and the requester of one history entry just written."""
    notice = _staff_notice(info_request, event)
    if notice is not None:
        kind, users, title, body = notice
        notify(users, kind=kind, info_request=info_request, title=title, body=body,
               dedupe_key=f"ppid:{event.action}:{event.pk}", exclude=event.actor_id)
    notify_requester(info_request, event, document_links=document_links)


def notify_requester(info_request, event, *, document_links=()):
    identity = getattr(info_request, "identity", None)
    if identity is None or not identity.email:
        return None
    language = settings.LANGUAGE_CODE
    if info_request.requester_id:
        preference = Preference.objects.filter(user_id=info_request.requester_id).first()
        if preference is not None:
            if not preference.email_enabled:
                return None
            language = preference.language
    with translation.override(language):
        subject, body = requester_email(info_request, event, identity, document_links)
    return outbox.queue_message(channel=ChannelName.EMAIL, to_address=identity.email, subject=subject,
                                       body=body, language=language, dedupe_key=f"ppid:{event.pk}:email")


def requester_email(info_request, event, identity, document_links=()):
    v = _values(info_request)
    label = str(workflow.HISTORY_LABELS.get(event.action, event.action))
    parts = [_("Yth. %(name)s,") % {"name": identity.name}]
    if event.action in ("register", "convert"):
        subject = _("Permohonan informasi %(no)s sudah diregistrasi") % v
        parts.append(_("Permohonan informasi publik Anda kepada PPID %(jurisdiction)s sudah diregistrasi dengan "
                       "nomor %(no)s.") % v)
        parts.append(_("PPID memberikan keputusan paling lambat %(due)s (10 hari kerja; dapat diperpanjang "
                       "sekali 7 hari kerja dengan pemberitahuan tertulis).") % v)
    else:
        subject = _("Permohonan informasi %(no)s: %(label)s") % {**v, "label": label}
        parts.append(_("Ada perkembangan pada permohonan informasi %(no)s: %(label)s.") % {**v, "label": label})
        if event.reason:
            parts.append(event.reason)
    if document_links:
        lines = [_("Dokumen untuk Anda (tautan berlaku sampai %(until)s):") % {"until": local(document_links[0][2])}]
        lines += [f"- {doc.original_name}: {url}" for doc, url, _expires in document_links]
        parts.append("\n".join(lines))
    parts.append(_("Pantau permohonan di %(url)s dengan tautan pribadi dari tanda terima Anda.") % {
        "url": follow_url(info_request)})
    parts.append(_("E-mail ini dikirim otomatis oleh Baruga; mohon tidak membalas."))
    return subject, "\n\n".join(parts)


def absolute_document_links(docs):
    return documents.links(docs, absolute=absolute)
