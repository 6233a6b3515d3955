"""Data-subject rights under UU 27/2022 (PDP): access (export), correction and erasure.

Finding a person: `find_subject` looks reporter contacts up by the blind indexes of their e-mail,
phone and NIK (`baruga.lib.crypto`), and takes the reports filed with an account. An account is
matched by the e-mail typed (or chosen directly); phone and NIK find contacts only.

Who may do what:
- a citizen exports their own data (`export_subject(actor=user, user=user)`): the account and the
  reports filed *with it*. Never guest reports that merely carry the same e-mail: signing up does
  not prove the address, so a look-up by e-mail is for an administrator who checked identity.
- a superuser exports, and erases, anyone's data (the Django admin, `manage.py privacy_export`);
- the reporter, the report's jurisdiction admin or a superuser corrects a contact field.
Every export, correction, erasure and erasure request is written to the audit trail
(`privacy.*`), with identifiers only: never the values themselves.

Retention (README, "Data-subject rights"): a person's data is erased (anonymised) only when none of
their reports or information requests is still being handled, and the last one closed at least
`PRIVACY_RETENTION_DAYS` (default 365) days ago — the file must stay complete while the case can
still be answered, objected to or audited. A superuser may erase inside the period with a written
`force_reason` (e.g. a court order); an open report always blocks: archive it first.

What erasure does: contact fields blanked; the account deactivated and scrubbed (username
"terhapus-<id>", names, e-mail, phone, password, login history, notifications, preferences);
the outbox messages to the person's addresses deleted; attachment file names replaced; PPID
requester identities blanked. Reports stay (a public-service record), without the identity. The
audit trail is not rewritten (it is hash-chained): entries name the person's account only by id,
and a reporter acting on their own report is recorded as "reporter".
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.accounts.models import User
from baruga.complaints import permissions, workflow
from baruga.complaints.models import Attachment, Report, ReportEvent, ReporterContact, Response, State
from baruga.lib.crypto import blind_index_candidates, normalise_email

EXPORT_FORMAT = "baruga.privacy.export/1"
CONTACT_FIELDS = ("name", "email", "phone", "nik", "address")
CONTACT_MAX = {"name": 120, "email": 254, "phone": 20, "nik": 16, "address": 255}
CLOSED_STATES = frozenset({State.FINISHED, State.ARCHIVED, State.TRANSFERRED})
# History entries a reporter causes (besides filing): the transitions the table gives to REPORTER.
REPORTER_ACTIONS = frozenset({"submit"} | {t.name for t in workflow.TRANSITIONS.values() if workflow.REPORTER in t.who})
PHONE_RE = re.compile(r"^\+?[0-9 ()-]{8,20}$")
NIK_RE = re.compile(r"^[0-9]{16}$")
MAX_REASON = 2000


class PrivacyError(ValidationError):
    """A refused data-subject operation; `.messages` are shown to the user."""


def _audit(*, actor, action, target=None, report=None, reason="", details=None, request=None):
    """Record in the audit trail when `baruga.audit` is installed (it is optional for this module)."""
    if not apps.is_installed("baruga.audit"):
        return None
    from baruga.audit import services as audit

    return audit.record(actor=actor, action=action, target=target, report=report, reason=reason,
                        details=details or {}, request=request)


def _reason(value, label, *, required=True):
    value = (value or "").strip()
    if required and not value:
        raise PrivacyError(_("%(field)s wajib diisi.") % {"field": label})
    if len(value) > MAX_REASON:
        raise PrivacyError(_("%(field)s terlalu panjang.") % {"field": label})
    return value


class Operator:
    """The operator at the server console (management commands): may do what a superuser may, and
    is recorded as SYSTEM in the audit trail."""

    is_authenticated = False

    def __repr__(self):
        return "SYSTEM"


OPERATOR = Operator()


def _is_superuser(actor):
    if actor is OPERATOR:
        return True
    return bool(getattr(actor, "is_authenticated", False) and actor.is_superuser and actor.is_active)


# --- finding a person ---------------------------------------------------------------------------


@dataclass
class Subject:
    """Everything found for one person: their account (if any) and the reporter contacts."""

    user: User | None
    contacts: list = field(default_factory=list)
    lookup: list = field(default_factory=list)  # which identifiers were used (names, never values)
    # E-mail/phone addresses whose outbox messages count as the person's (administrator look-ups only:
    # a citizen's own export takes the messages linked to their account and reports, since another
    # person may have typed the same address).
    addresses: list = field(default_factory=list)

    @property
    def reports(self):
        found = {c.report_id: c.report for c in self.contacts}
        if self.user is not None:
            for report in Report.objects.filter(reporter=self.user).select_related(*_REPORT_RELATED):
                found.setdefault(report.pk, report)
        return sorted(found.values(), key=lambda r: (r.created_at, r.pk))

    @property
    def is_empty(self):
        return self.user is None and not self.contacts


_REPORT_RELATED = ("jurisdiction", "agency", "location", "district", "category")


def find_subject(*, email=None, phone=None, nik=None, user=None, match_addresses=True):
    """The person identified by any of `email`, `phone`, `nik` (blind indexes) or `user`."""
    email, phone, nik = (email or "").strip(), (phone or "").strip(), (nik or "").strip()
    if not (email or phone or nik or user):
        raise PrivacyError(_("Isi e-mail, nomor telepon, NIK atau akun yang dicari."))
    condition = Q(pk__in=[])
    lookup = []
    for kind, value in (("email", email), ("phone", phone), ("nik", nik)):
        if value:
            condition |= Q(**{f"{kind}_index__in": blind_index_candidates(kind, value)})
            lookup.append(kind)
    if user is None and email:
        user = User.objects.filter(email__iexact=normalise_email(email)).first()
    if user is not None:
        condition |= Q(report__reporter=user)
        lookup.append("user")
    contacts = list(ReporterContact.objects.filter(condition).select_related(
        *(f"report__{name}" for name in _REPORT_RELATED)).order_by("report__created_at", "pk"))
    addresses = set()
    if match_addresses:
        addresses |= {email, phone}
        for contact in contacts:
            addresses |= {contact.email, contact.phone}
        if user is not None:
            addresses |= {user.email, user.phone}
            preference = _preference(user)
            if preference is not None:
                addresses.add(preference.gateway_phone)
    return Subject(user=user, contacts=contacts, lookup=lookup, addresses=sorted(a for a in addresses if a))


def _preference(user):
    if not apps.is_installed("baruga.notifications"):
        return None
    from baruga.notifications.models import Preference

    return Preference.objects.filter(user=user).first()


# --- export -------------------------------------------------------------------------------------


def _iso(value):
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _may_export(actor, *, user, identifiers):
    if _is_superuser(actor):
        return True
    # Self-service: one's own account only, never a look-up by e-mail, phone or NIK.
    return bool(getattr(actor, "is_authenticated", False) and user is not None and user.pk == actor.pk
                and not identifiers)


def export_subject(*, actor, email=None, phone=None, nik=None, user=None, reason="", request=None):
    """Everything held about a person, as a JSON-serialisable dict. Audited as `privacy.export`."""
    identifiers = [v for v in (email, phone, nik) if v]
    if not _may_export(actor, user=user, identifiers=identifiers):
        raise PermissionDenied(_("Anda hanya dapat mengunduh data pribadi Anda sendiri."))
    subject = find_subject(email=email, phone=phone, nik=nik, user=user, match_addresses=_is_superuser(actor))
    reports = subject.reports
    data = {
        "format": EXPORT_FORMAT,
        "generated_at": _iso(timezone.now()),
        "legal_basis": "UU 27/2022 tentang Pelindungan Data Pribadi, hak akses subjek data",
        "account": _account(subject.user),
        "reports": [_report(r, subject) for r in reports],
        "ratings": [{"tracking_id": r.tracking_id, "rating": r.rating, "comment": r.rating_comment}
                    for r in reports if r.rating is not None],
        **_notifications(subject),
        "information_requests": _information_requests(subject),
        "privacy_requests": [
            {"kind": p.kind, "status": p.status, "note": p.note, "created_at": _iso(p.created_at),
             "handled_at": _iso(p.handled_at)}
            for p in _privacy_requests(subject.user)
        ],
    }
    _audit(actor=actor, action="privacy.export", target=subject.user, request=request,
           reason=_reason(reason, _("Alasan"), required=False),
           details={"user_id": getattr(subject.user, "pk", None), "lookup": subject.lookup,
                    "reports": [r.tracking_id for r in reports]})
    return data


def _account(user):
    if user is None:
        return None
    account = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": user.email, "phone": user.phone, "is_active": user.is_active,
        "date_joined": _iso(user.date_joined), "last_login": _iso(user.last_login),
    }
    records = getattr(user, "login_records", None)  # sign-in history, where the accounts app keeps one
    if records is not None:
        account["login_history"] = [
            {"at": _iso(r.created_at), "network": r.ip, "browser": r.user_agent, "success": r.success,
             "method": r.method} for r in records.all()
        ]
    return account


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
        "event_date": _iso(report.event_date), "is_anonymous": report.is_anonymous,
        "is_confidential": report.is_confidential, "channel": report.channel,
        "created_at": _iso(report.created_at), "finished_at": _iso(report.finished_at),
        "filed_with_account": subject.user is not None and report.reporter_id == subject.user.pk,
        "contact": _contact(report),
        # What the person did; officers are not named (the citizen's history names units only).
        "history": [
            {"action": e.action, "from_state": e.from_state, "to_state": e.to_state, "reason": e.reason,
             "at": _iso(e.created_at)}
            for e in report.events.all() if _caused_by_reporter(e, report, subject)
        ],
        "responses": [
            {"agency": r.agency.name, "body": r.body, "published_at": _iso(r.published_at)}
            for r in report.responses.filter(status=Response.Status.PUBLISHED).select_related("agency")
        ],
        "attachments": [
            {"name": a.original_name, "content_type": a.content_type, "size": a.size, "sha256": a.sha256,
             "uploaded_at": _iso(a.created_at)}
            for a in report.attachments.filter(response__isnull=True)
        ],
    }


def _notifications(subject):
    if not apps.is_installed("baruga.notifications"):
        return {}
    from baruga.notifications.models import Notification

    user = subject.user
    notes = Notification.objects.filter(recipient=user) if user is not None else Notification.objects.none()
    preference = _preference(user) if user is not None else None
    return {
        "notifications": [
            {"kind": n.kind, "title": n.title, "body": n.body, "created_at": _iso(n.created_at),
             "read_at": _iso(n.read_at)} for n in notes.order_by("created_at", "id")
        ],
        "messages": [
            {"channel": m.channel, "to": m.to_address, "subject": m.subject, "body": m.body, "status": m.status,
             "created_at": _iso(m.created_at), "sent_at": _iso(m.sent_at)}
            for m in _outbox(subject).order_by("created_at", "id")
        ],
        "notification_preference": None if preference is None else {
            "email_enabled": preference.email_enabled, "digest_daily": preference.digest_daily,
            "gateway_enabled": preference.gateway_enabled, "gateway_phone": preference.gateway_phone,
            "language": preference.language,
        },
    }


def _outbox(subject):
    """The outbox messages to the person: linked to their account or to their reports' history
    (dedupe keys of `baruga.notifications.services`), or sent to one of `subject.addresses`."""
    from baruga.notifications.models import OutboxMessage

    events = ReportEvent.objects.filter(report__in=[r.pk for r in subject.reports]).values_list("pk", flat=True)
    condition = Q(dedupe_key__in=[f"citizen:{pk}:email" for pk in events])
    if subject.addresses:
        condition |= Q(to_address__in=subject.addresses)
    if subject.user is not None:
        condition |= Q(notification__recipient=subject.user) | Q(dedupe_key__startswith=f"digest:{subject.user.pk}:")
    return OutboxMessage.objects.filter(condition)


def _ppid_requests(subject):
    if not apps.is_installed("baruga.ppid"):
        return None
    from baruga.ppid.models import InformationRequest

    condition = Q(source_report__in=[r.pk for r in subject.reports])
    if subject.user is not None:
        condition |= Q(requester=subject.user)
    return InformationRequest.objects.filter(condition).select_related("identity").order_by("registered_at", "id")


def _information_requests(subject):
    requests = _ppid_requests(subject)
    if requests is None:
        return []
    result = []
    for item in requests:
        identity = getattr(item, "identity", None) if hasattr(item, "identity") else None
        result.append({
            "registration_number": item.registration_number, "state": item.state,
            "registered_at": _iso(item.registered_at), "information_wanted": item.information_wanted,
            "purpose": item.purpose, "outcome": item.outcome, "decided_at": _iso(item.decided_at),
            "identity": None if identity is None else {
                "name": identity.name, "address": identity.address, "email": identity.email,
                "phone": identity.phone, "identity_number": identity.identity_number,
            },
        })
    return result


def _privacy_requests(user):
    from baruga.accounts.models import PrivacyRequest

    return PrivacyRequest.objects.filter(user=user).order_by("created_at") if user is not None else []


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
    elif name == "phone" and not PHONE_RE.match(value):
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
    if not (is_reporter or workflow.ADMIN in caps or _is_superuser(actor)):
        raise PermissionDenied(_("Anda tidak berwenang mengoreksi identitas pelapor laporan ini."))
    reason = _reason(reason, _("Alasan koreksi"), required=not is_reporter)
    value = _clean_contact_value(field, value)
    contact, _created = ReporterContact.objects.select_for_update().get_or_create(report=report)
    changed = getattr(contact, field) != value
    setattr(contact, field, value)
    contact.save()  # recomputes the blind indexes
    _audit(actor=actor, action="privacy.correct", target=contact, report=report, reason=reason, request=request,
           details={"field": field, "changed": changed, "cleared": not value})
    return contact


# --- erasure ------------------------------------------------------------------------------------


@dataclass
class Blocker:
    reference: str
    message: str
    overridable: bool  # closed inside the retention period (a superuser may force); open: never


def retention_days():
    return int(getattr(settings, "PRIVACY_RETENTION_DAYS", 365))


def retention_blockers(subject, *, now=None):
    """Why the person's data may not be erased yet, per report or information request."""
    now = now or timezone.now()
    period = dt.timedelta(days=retention_days())
    blockers = []
    for report in subject.reports:
        if report.state not in CLOSED_STATES:
            blockers.append(Blocker(report.tracking_id, _(
                "Laporan %(id)s masih ditangani (status: %(state)s). Data pelapor baru dapat dihapus setelah "
                "laporan selesai, diarsipkan atau dialihkan.") % {
                "id": report.tracking_id, "state": report.get_state_display()}, overridable=False))
        elif report.state_changed_at + period > now:
            blockers.append(Blocker(report.tracking_id, _(
                "Laporan %(id)s ditutup %(closed)s; masa retensi %(days)d hari berakhir %(until)s.") % {
                "id": report.tracking_id, "closed": timezone.localdate(report.state_changed_at),
                "days": retention_days(), "until": timezone.localdate(report.state_changed_at + period)},
                overridable=True))
    requests = _ppid_requests(subject)
    for item in requests if requests is not None else []:
        if item.is_open or item.state == "objected":
            blockers.append(Blocker(item.registration_number, _(
                "Permohonan informasi %(no)s masih diproses.") % {"no": item.registration_number},
                overridable=False))
        elif item.updated_at + period > now:
            blockers.append(Blocker(item.registration_number, _(
                "Permohonan informasi %(no)s selesai %(closed)s; masa retensi %(days)d hari berakhir %(until)s.")
                % {"no": item.registration_number, "closed": timezone.localdate(item.updated_at),
                   "days": retention_days(), "until": timezone.localdate(item.updated_at + period)},
                overridable=True))
    return blockers


@dataclass
class ErasureResult:
    user_id: int | None
    reports: list
    contacts: int
    forced: bool


@transaction.atomic
def erase_subject(*, actor, reason, email=None, phone=None, nik=None, user=None, force_reason="", request=None):
    """Anonymise a person (see the module docstring). Superusers only; audited as `privacy.erase`."""
    if not _is_superuser(actor):
        raise PermissionDenied(_("Hanya superuser yang dapat menghapus data pribadi."))
    reason = _reason(reason, _("Alasan penghapusan"))
    force_reason = _reason(force_reason, _("Alasan mengesampingkan masa retensi"), required=False)
    subject = find_subject(email=email, phone=phone, nik=nik, user=user)
    if subject.is_empty:
        raise PrivacyError(_("Tidak ada data pribadi yang cocok dengan pencarian ini."))
    if subject.user is not None and (subject.user.is_superuser or subject.user.is_staff
                                     or subject.user.memberships.exists()):
        raise PrivacyError(_("Akun ini akun petugas: cabut perannya dahulu, lalu ulangi penghapusan."))
    # Lock the reports so none reopens between the retention check and the erasure.
    list(Report.objects.select_for_update().filter(pk__in=[r.pk for r in subject.reports]).values_list("pk"))
    blockers = retention_blockers(subject)
    hard = [b.message for b in blockers if not b.overridable]
    if hard or (blockers and not force_reason):
        raise PrivacyError(hard + [b.message for b in blockers if b.overridable] + (
            [] if hard else [_("Isi alasan mengesampingkan masa retensi bila penghapusan harus dilakukan sekarang.")]))
    reports = subject.reports
    _erase(subject, reports, actor=actor)
    result = ErasureResult(user_id=getattr(subject.user, "pk", None), reports=[r.tracking_id for r in reports],
                           contacts=len(subject.contacts), forced=bool(blockers))
    _audit(actor=actor, action="privacy.erase", target=subject.user, request=request,
           reason=reason + (f"\n{_('Masa retensi dikesampingkan')}: {force_reason}" if blockers else ""),
           details={"user_id": result.user_id, "lookup": subject.lookup, "reports": result.reports,
                    "contacts": result.contacts, "retention_overridden": result.forced,
                    "retention_days": retention_days()})
    return result


def _erase(subject, reports, *, actor):
    for contact in subject.contacts:
        for name in CONTACT_FIELDS:
            setattr(contact, name, "")
        contact.save()
    for attachment in Attachment.objects.filter(report__in=reports, response__isnull=True):
        attachment.original_name = f"lampiran-{attachment.pk}{attachment.extension}"
        attachment.save(update_fields=["original_name"])
    requests = _ppid_requests(subject)
    if requests is not None:
        from baruga.ppid.models import RequesterIdentity

        RequesterIdentity.objects.filter(request__in=requests).update(
            name="", address="", email="", phone="", identity_number="")
    if apps.is_installed("baruga.notifications"):
        from baruga.notifications.models import DigestLog, Notification, Preference

        _outbox(subject).delete()
        if subject.user is not None:
            Notification.objects.filter(recipient=subject.user).delete()
            Preference.objects.filter(user=subject.user).delete()
            DigestLog.objects.filter(user=subject.user).delete()
    if subject.user is not None:
        _scrub_account(subject.user, actor=actor)


def _scrub_account(user, *, actor):
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from baruga.accounts.models import PrivacyRequest

    user.username = f"terhapus-{user.pk}"
    user.first_name = user.last_name = user.email = user.phone = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    records = getattr(user, "login_records", None)
    if records is not None:
        records.all().delete()
    PrivacyRequest.objects.filter(user=user).update(note="")
    PrivacyRequest.objects.filter(user=user, status=PrivacyRequest.Status.PENDING).update(
        status=PrivacyRequest.Status.DONE, handled_by=actor, handled_at=timezone.now())
    # The admin's change log names the object as it was ("ayu"); rename it with the account.
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).update(
        object_repr=user.username)


# --- a citizen's request ------------------------------------------------------------------------


@transaction.atomic
def request_erasure(*, user, note="", request=None):
    """Record a citizen's request to erase their data; an administrator decides and carries it out."""
    from baruga.accounts.models import PrivacyRequest

    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    note = _reason(note, _("Keterangan"), required=False)
    if PrivacyRequest.objects.filter(user=user, status=PrivacyRequest.Status.PENDING).exists():
        raise PrivacyError(_("Permintaan penghapusan Anda sebelumnya masih diproses."))
    item = PrivacyRequest.objects.create(user=user, kind=PrivacyRequest.Kind.ERASURE, note=note)
    _audit(actor=user, action="privacy.erase_request", target=item, request=request,
           details={"user_id": user.pk, "request_id": item.pk})  # the note stays in the request, not the log
    return item


@transaction.atomic
def refuse_request(*, actor, item, reason, request=None):
    """An administrator declines a request (e.g. a report still open); the reason is for the citizen."""
    from baruga.accounts.models import PrivacyRequest

    if not _is_superuser(actor):
        raise PermissionDenied(_("Hanya superuser yang dapat memutuskan permintaan ini."))
    reason = _reason(reason, _("Alasan penolakan"))
    item = PrivacyRequest.objects.select_for_update().get(pk=item.pk)
    if item.status != PrivacyRequest.Status.PENDING:
        raise PrivacyError(_("Permintaan ini sudah diputuskan."))
    item.status, item.outcome = PrivacyRequest.Status.REFUSED, reason
    item.handled_by, item.handled_at = actor, timezone.now()
    item.save()
    _audit(actor=actor, action="privacy.refuse_request", target=item, reason=reason, request=request,
           details={"user_id": item.user_id, "request_id": item.pk})
    return item
