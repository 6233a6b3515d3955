"""The personal data of the complaints app, for the data-subject rights (`baruga.accounts.privacy`).

A person's reports are the ones whose reporter contact carries their e-mail, phone or NIK (blind
indexes), and the ones filed with their account. The export gives each report as the person sees
it: the text, the contact, what *they* did (officers are not named), published responses and their
own attachments. Erasure blanks the contacts and renames the attachments; the reports stay.
Correction of a contact field is here too (`correct_contact`): the reporter, the report's
jurisdiction admin or a superuser.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.accounts import privacy
from baruga.accounts.privacy import Blocker, PrivacyError, iso
from baruga.complaints import permissions, workflow
from baruga.complaints.models import Attachment, Report, ReportEvent, ReporterContact, Response, filed_by
from baruga.lib.crypto import blind_index_candidates
from baruga.lib.phones import is_phone_number
from baruga.complaints.notices import citizen_message_key

CONTACT_FIELDS = ("name", "email", "phone", "nik", "address")
CONTACT_MAX = {"name": 120, "email": 254, "phone": 20, "nik": 16, "address": 255}
# History entries a reporter causes (besides filing): the transitions the table gives to REPORTER.
REPORTER_ACTIONS = frozenset({"submit"} | {t.name for t in workflow.TRANSITIONS.values() if workflow.REPORTER in t.who})
NIK_RE = re.compile(r"^[0-9]{16}$")
_REPORT_RELATED = ("jurisdiction", "agency", "location", "district", "category")


# --- finding ------------------------------------------------------------------------------------


def find(subject):
    """`contacts`: the reporter contacts matching the identifiers or filed with the account;
    `reports`: their reports and the account's, oldest first."""
    condition = Q(pk__in=[])
    for kind in ("email", "phone", "nik"):
        value = getattr(subject, kind)
        if value:
            condition |= Q(**{f"{kind}_index__in": blind_index_candidates(kind, value)})
    if subject.user is not None:
        condition |= filed_by(subject.user, "report__")
    contacts = list(ReporterContact.objects.filter(condition).select_related(
        *(f"report__{name}" for name in _REPORT_RELATED)).order_by("report__created_at", "pk"))
    for contact in contacts:
        subject.add_addresses(contact.email, contact.phone)
    return {"contacts": contacts, "reports": _reports(contacts, subject.user)}


def _reports(contacts, user):
    found = {c.report_id: c.report for c in contacts}
    if user is not None:
        for report in Report.objects.filter(filed_by(user)).select_related(*_REPORT_RELATED):
            found.setdefault(report.pk, report)
    return sorted(found.values(), key=lambda r: (r.created_at, r.pk))


def references(subject):
    """Identifiers for the audit entries (export, erasure): the tracking ids of named reports; anonim ones
    only counted, so the trail never ties an anonim report to the person (the audited reveal is the one
    way to)."""
    anonim = sum(1 for r in subject.reports if r.is_anonymous)
    return {"reports": [r.tracking_id for r in subject.reports if not r.is_anonymous],
            **({"anonim_reports": anonim} if anonim else {})}


def message_keys(subject):
    """The reporter's e-mails about the history of their reports (sent to the address they typed)."""
    events = ReportEvent.objects.filter(report__in=[r.pk for r in subject.reports]).values_list("pk", flat=True)
    return [citizen_message_key(pk) for pk in events]


# --- export -------------------------------------------------------------------------------------


def export(subject):
    reports = subject.reports
    return {
        "reports": [_report(r, subject) for r in reports],
        "ratings": [{"tracking_id": r.tracking_id, "rating": r.rating, "comment": r.rating_comment}
                    for r in reports if r.rating is not None],
    }


def _contact(report):
    try:
        contact = report.contact
    except ReporterContact.DoesNotExist:
        contact = None
    return {name: getattr(contact, name) for name in CONTACT_FIELDS} if contact is not None else None


def _caused_by_reporter(event, report, subject):
    if subject.user is not None and event.actor_id == subject.user.pk:
        return True
    return event.actor_id is None and report.reporter_id is None and event.action in REPORTER_ACTIONS


def _report(report, subject):
    return {
        "tracking_id": report.tracking_id, "kind": report.kind, "title": report.title, "body": report.body,
        "state": report.state, "state_label": str(report.get_state_display()),
        "jurisdiction": report.jurisdiction.name, "agency": report.agency.name if report.agency else None,
        "location": report.location.name, "district": report.district.name if report.district else None,
        "address": report.address,
        "latitude": str(report.latitude) if report.latitude is not None else None,
        "longitude": str(report.longitude) if report.longitude is not None else None,
        "event_date": iso(report.event_date), "is_anonymous": report.is_anonymous,
        "is_confidential": report.is_confidential, "channel": report.channel,
        "created_at": iso(report.created_at), "finished_at": iso(report.finished_at),
        "filed_with_account": subject.user is not None and report.filer_id == subject.user.pk,
        "contact": _contact(report),
        # What the person did; officers are not named (the citizen's history names units only).
        "history": [
            {"action": e.action, "from_state": e.from_state, "to_state": e.to_state, "reason": e.reason,
             "at": iso(e.created_at)}
            for e in report.events.all() if _caused_by_reporter(e, report, subject)
        ],
        "responses": [
            {"agency": r.agency.name, "body": r.body, "published_at": iso(r.published_at)}
            for r in report.responses.filter(status=Response.Status.PUBLISHED).select_related("agency")
        ],
        "attachments": [
            {"name": a.original_name, "content_type": a.content_type, "size": a.size, "sha256": a.sha256,
             "uploaded_at": iso(a.created_at)}
            for a in report.attachments.filter(response__isnull=True)
        ],
    }


# --- retention and erasure ----------------------------------------------------------------------


def lock(subject):
    """Lock the reports and read them again, so none reopens between the retention check and the erasure."""
    locked = {r.pk: r for r in Report.objects.select_for_update().filter(pk__in=[r.pk for r in subject.reports])}
    subject.found["reports"] = [locked.get(r.pk, r) for r in subject.reports]


def open_matters(subject, *, now, period):
    """A report still handled blocks erasure; one closed inside the retention period blocks unless forced."""
    blockers = []
    for report in subject.reports:
        if report.state not in workflow.CLOSED_STATES:
            blockers.append(Blocker(report.tracking_id, _(
                "Laporan %(id)s masih ditangani (status: %(state)s). Data pelapor baru dapat dihapus setelah "
                "laporan selesai, diarsipkan atau dialihkan.") % {
                "id": report.tracking_id, "state": report.get_state_display()}, overridable=False))
        elif report.state_changed_at + period > now:
            blockers.append(Blocker(report.tracking_id, _(
                "Laporan %(id)s ditutup %(closed)s; masa retensi %(days)d hari berakhir %(until)s.") % {
                "id": report.tracking_id, "closed": timezone.localdate(report.state_changed_at),
                "days": period.days, "until": timezone.localdate(report.state_changed_at + period)},
                overridable=True))
    return blockers


def erase(subject, *, actor):
    """Blank the reporter contacts and rename the person's attachments; the reports stay."""
    for contact in subject.contacts:
        for name in CONTACT_FIELDS:
            setattr(contact, name, "")
        contact.save()
    for attachment in Attachment.objects.filter(report__in=subject.reports, response__isnull=True):
        attachment.original_name = f"lampiran-{attachment.pk}{attachment.extension}"
        attachment.save(update_fields=["original_name"])
    return {"contacts": len(subject.contacts)}


# --- correction ---------------------------------------------------------------------------------


def _clean_contact_value(name, value):
    value = (value or "").strip()
    if len(value) > CONTACT_MAX[name]:
        raise PrivacyError(_("Isian terlalu panjang (maksimal %(max)d karakter).") % {"max": CONTACT_MAX[name]})
    if not value:
        return value
    if name == "email":
        try:
            validate_email(value)
        except ValidationError:
            raise PrivacyError(_("Alamat e-mail tidak sah.")) from None
    elif name == "phone" and not is_phone_number(value):
        raise PrivacyError(_("Nomor telepon tidak valid."))
    elif name == "nik" and not NIK_RE.match(value):
        raise PrivacyError(_("NIK terdiri atas 16 angka."))
    return value


@transaction.atomic
def correct_contact(*, actor, report, field, value, reason="", request=None):
    """Correct one field of a report's reporter contact. Audited as `privacy.correct` (no values)."""
    if field not in CONTACT_FIELDS:
        raise PrivacyError(_("Data yang dapat dikoreksi: nama, e-mail, nomor telepon, NIK dan alamat."))
    caps = permissions.capacities(actor, report)
    is_reporter = workflow.REPORTER in caps
    if not (is_reporter or workflow.ADMIN in caps or privacy.is_superuser(actor)):
        raise PermissionDenied(_("Anda tidak berwenang mengoreksi identitas pelapor laporan ini."))
    reason = privacy.reason_text(reason, _("Alasan koreksi"), required=not is_reporter)
    value = _clean_contact_value(field, value)
    contact, _created = ReporterContact.objects.select_for_update().get_or_create(report=report)
    changed = getattr(contact, field) != value
    setattr(contact, field, value)
    contact.save()  # recomputes the blind indexes
    privacy.record(actor=actor, action="privacy.correct", target=contact, report=report, reason=reason,
                   request=request, details={"field": field, "changed": changed, "cleared": not value})
    return contact
