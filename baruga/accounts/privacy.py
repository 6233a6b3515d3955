"""Data-subject rights under UU 27/2022 (PDP): access (export), correction and erasure.

This module holds the rules that are the same for every kind of personal data — who may do what,
the retention schedule, the audit entries, the account itself — and asks each app for the data it
holds. An app that keeps personal data has a `personal_data` module (`baruga/<app>/personal_data.py`)
with `find`, `export`, `open_matters` and `erase` (see `holders()` and docs/architecture.md,
"Adding an app that holds personal data"); this module finds those modules through the app
registry and never imports the apps above it.

Finding a person: `find_subject` takes the identifiers typed (e-mail, phone, NIK) and the account
(chosen directly, or matched by the e-mail typed); each app looks its own records up with them
(reporter contacts by the blind indexes of `baruga.lib.crypto`, the reports filed with the account,
the information requests of those reports...). Phone and NIK never find an account.

Who may do what:
- a citizen exports their own data (`export_subject(actor=user, user=user)`): the account and the
  reports filed *with it*. Never guest reports that merely carry the same e-mail: signing up does
  not prove the address, so a look-up by e-mail is for an administrator who checked identity.
- a superuser exports, and erases, anyone's data (the Django admin, `manage.py privacy_export`);
- the reporter, the report's jurisdiction admin or a superuser corrects a contact field
  (`correct_contact`, carried out by the app that keeps the contacts).
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
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.accounts.models import PrivacyRequest, User
from baruga.audit import services as audit
from baruga.lib.appmodules import app_modules
from baruga.lib.crypto import normalise_email

EXPORT_FORMAT = "baruga.privacy.export/1"
MAX_REASON = 2000
HOLDER_MODULE = "personal_data"
HOLDER_FUNCTIONS = ("find", "export", "open_matters", "erase")


class PrivacyError(ValidationError):
    """A refused data-subject operation; `.messages` are shown to the user."""


# --- the apps that hold personal data -------------------------------------------------------------


def holders():
    """The `personal_data` modules of the installed apps, in INSTALLED_APPS order.

    Discovered like the admin's `admin.py` modules: an app takes part by having the module. The
    order is the order of the export's sections and of the look-ups, so an app that reads another
    app's findings (`subject.reports`) is listed after it, as the layers already require.
    """
    found = []
    for module in app_modules(HOLDER_MODULE):
        missing = [name for name in HOLDER_FUNCTIONS if not callable(getattr(module, name, None))]
        if missing:
            raise ImproperlyConfigured(f"{module.__name__} lacks {', '.join(missing)} (see baruga.accounts.privacy)")
        found.append(module)
    return tuple(found)


def _optional(holder, name):
    return getattr(holder, name, None) or (lambda *args, **kwargs: {})


# --- shared by the holders ------------------------------------------------------------------------


def record(*, actor, action, target=None, report=None, reason="", details=None, request=None):
    """Record in the audit trail."""
    return audit.record(actor=actor, action=action, target=target, report=report, reason=reason,
                        details=details or {}, request=request)


def reason_text(value, label, *, required=True):
    """A reason or note typed by the user, stripped; refused when missing (if required) or too long."""
    value = (value or "").strip()
    if required and not value:
        raise PrivacyError(_("%(field)s wajib diisi.") % {"field": label})
    if len(value) > MAX_REASON:
        raise PrivacyError(_("%(field)s terlalu panjang.") % {"field": label})
    return value


def iso(value):
    """A date or time for the export: ISO 8601, times in the local time zone."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


class Operator:
    """The operator at the server console (management commands): may do what a superuser may, and
    is recorded as SYSTEM in the audit trail."""

    is_authenticated = False

    def __repr__(self):
        return "SYSTEM"


OPERATOR = Operator()


def is_superuser(actor):
    if actor is OPERATOR:
        return True
    return bool(getattr(actor, "is_authenticated", False) and actor.is_superuser and actor.is_active)


# --- finding a person ---------------------------------------------------------------------------


@dataclass
class Subject:
    """Everything found for one person: their account (if any) and what each app holds.

    An app's findings are read as attributes under the names its `find` gave them
    (`subject.contacts`, `subject.reports`, `subject.information_requests`).
    """

    user: User | None
    email: str = ""
    phone: str = ""
    nik: str = ""
    lookup: list = field(default_factory=list)  # which identifiers were used (names, never values)
    # E-mail/phone addresses whose outbox messages count as the person's (administrator look-ups only:
    # a citizen's own export takes the messages linked to their account and reports, since another
    # person may have typed the same address).
    addresses: list = field(default_factory=list)
    match_addresses: bool = True
    found: dict = field(default_factory=dict)

    def __getattr__(self, name):
        found = self.__dict__.get("found", {})
        if name in found:
            return found[name]
        raise AttributeError(f"{type(self).__name__!r} has no attribute or findings {name!r}")

    def add_addresses(self, *values):
        """Count messages to these addresses as the person's (only for an administrator's look-up)."""
        if self.match_addresses:
            self.addresses = sorted({*self.addresses, *(v for v in values if v)})

    @property
    def is_empty(self):
        return self.user is None and not any(self.found.values())


def find_subject(*, email=None, phone=None, nik=None, user=None, match_addresses=True):
    """The person identified by any of `email`, `phone`, `nik` (blind indexes) or `user`."""
    email, phone, nik = (email or "").strip(), (phone or "").strip(), (nik or "").strip()
    if not (email or phone or nik or user):
        raise PrivacyError(_("Isi e-mail, nomor telepon, NIK atau akun yang dicari."))
    lookup = [kind for kind, value in (("email", email), ("phone", phone), ("nik", nik)) if value]
    if user is None and email:
        user = User.objects.filter(email=normalise_email(email)).first()  # through the blind index
    if user is not None:
        lookup.append("user")
    subject = Subject(user=user, email=email, phone=phone, nik=nik, lookup=lookup, match_addresses=match_addresses)
    subject.add_addresses(email, phone)
    if user is not None:
        subject.add_addresses(user.email, user.phone)
    for holder in holders():
        for name, records in holder.find(subject).items():
            if name in subject.found:
                raise ImproperlyConfigured(f"{holder.__name__}.find: {name!r} is already another app's finding")
            subject.found[name] = records
    return subject


def message_keys(subject):
    """The outbox dedupe keys of messages the person's records caused (each holder's `message_keys`)."""
    return sorted({key for holder in holders() for key in _optional(holder, "message_keys")(subject) or ()})


def _references(subject):
    """Identifiers of the person's records for the audit trail (each holder's `references`)."""
    references = {}
    for holder in holders():
        references.update(_optional(holder, "references")(subject))
    return references


# --- export -------------------------------------------------------------------------------------


def _may_export(actor, *, user, identifiers):
    if is_superuser(actor):
        return True
    # Self-service: one's own account only, never a look-up by e-mail, phone or NIK.
    return bool(getattr(actor, "is_authenticated", False) and user is not None and user.pk == actor.pk
                and not identifiers)


def export_subject(*, actor, email=None, phone=None, nik=None, user=None, reason="", request=None):
    """Everything held about a person, as a JSON-serialisable dict. Audited as `privacy.export`."""
    identifiers = [v for v in (email, phone, nik) if v]
    if not _may_export(actor, user=user, identifiers=identifiers):
        raise PermissionDenied(_("Anda hanya dapat mengunduh data pribadi Anda sendiri."))
    subject = find_subject(email=email, phone=phone, nik=nik, user=user, match_addresses=is_superuser(actor))
    data = {
        "format": EXPORT_FORMAT,
        "generated_at": iso(timezone.now()),
        "legal_basis": "UU 27/2022 tentang Pelindungan Data Pribadi, hak akses subjek data",
        "account": _account(subject.user),
    }
    for holder in holders():
        data.update(holder.export(subject))
    data["privacy_requests"] = [
        {"kind": p.kind, "status": p.status, "note": p.note, "created_at": iso(p.created_at),
         "handled_at": iso(p.handled_at)}
        for p in _privacy_requests(subject.user)
    ]
    record(actor=actor, action="privacy.export", target=subject.user, request=request,
           reason=reason_text(reason, _("Alasan"), required=False),
           details={"user_id": getattr(subject.user, "pk", None), "lookup": subject.lookup, **_references(subject)})
    return data


def _account(user):
    if user is None:
        return None
    account = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": user.email, "phone": user.phone, "is_active": user.is_active,
        "date_joined": iso(user.date_joined), "last_login": iso(user.last_login),
    }
    records = getattr(user, "login_records", None)  # sign-in history, where the accounts app keeps one
    if records is not None:
        account["login_history"] = [
            {"at": iso(r.created_at), "network": r.ip, "browser": r.user_agent, "success": r.success,
             "method": r.method} for r in records.all()
        ]
    return account


def _privacy_requests(user):
    return PrivacyRequest.objects.filter(user=user).order_by("created_at") if user is not None else []


# --- correction ---------------------------------------------------------------------------------


def correct_contact(*, actor, report, field, value, reason="", request=None):
    """Correct one field of the contact details given with a report. Audited as `privacy.correct`.

    The app that keeps those details (the holder whose module has `correct_contact`: complaints)
    validates the value and decides who may correct it.
    """
    for holder in holders():
        if callable(getattr(holder, "correct_contact", None)):
            return holder.correct_contact(actor=actor, report=report, field=field, value=value, reason=reason,
                                          request=request)
    raise ImproperlyConfigured("No installed app keeps report contacts (a personal_data.correct_contact)")


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
    return [blocker for holder in holders() for blocker in holder.open_matters(subject, now=now, period=period)]


@dataclass
class ErasureResult:
    user_id: int | None
    reports: list
    contacts: int
    forced: bool


@transaction.atomic
def erase_subject(*, actor, reason, email=None, phone=None, nik=None, user=None, force_reason="", request=None):
    """Anonymise a person (see the module docstring). Superusers only; audited as `privacy.erase`."""
    if not is_superuser(actor):
        raise PermissionDenied(_("Hanya superuser yang dapat menghapus data pribadi."))
    reason = reason_text(reason, _("Alasan penghapusan"))
    force_reason = reason_text(force_reason, _("Alasan mengesampingkan masa retensi"), required=False)
    subject = find_subject(email=email, phone=phone, nik=nik, user=user)
    if subject.is_empty:
        raise PrivacyError(_("Tidak ada data pribadi yang cocok dengan pencarian ini."))
    if subject.user is not None and (subject.user.is_superuser or subject.user.is_staff
                                     or subject.user.memberships.exists()):
        raise PrivacyError(_("Akun ini akun petugas: cabut perannya dahulu, lalu ulangi penghapusan."))
    # Each app locks its records so none reopens between the retention check and the erasure.
    for holder in holders():
        _optional(holder, "lock")(subject)
    blockers = retention_blockers(subject)
    hard = [b.message for b in blockers if not b.overridable]
    if hard or (blockers and not force_reason):
        raise PrivacyError(hard + [b.message for b in blockers if b.overridable] + (
            [] if hard else [_("Isi alasan mengesampingkan masa retensi bila penghapusan harus dilakukan sekarang.")]))
    references = _references(subject)
    erased = {}
    for holder in holders():
        erased.update(holder.erase(subject, actor=actor) or {})
    if subject.user is not None:
        _scrub_account(subject.user, actor=actor)
    result = ErasureResult(user_id=getattr(subject.user, "pk", None), reports=references.get("reports", []),
                           contacts=erased.get("contacts", 0), forced=bool(blockers))
    record(actor=actor, action="privacy.erase", target=subject.user, request=request,
           reason=reason + (f"\n{_('Masa retensi dikesampingkan')}: {force_reason}" if blockers else ""),
           details={"user_id": result.user_id, "lookup": subject.lookup, **references, **erased,
                    "retention_overridden": result.forced, "retention_days": retention_days()})
    return result


def _scrub_account(user, *, actor):
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

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
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    note = reason_text(note, _("Keterangan"), required=False)
    if PrivacyRequest.objects.filter(user=user, status=PrivacyRequest.Status.PENDING).exists():
        raise PrivacyError(_("Permintaan penghapusan Anda sebelumnya masih diproses."))
    item = PrivacyRequest.objects.create(user=user, kind=PrivacyRequest.Kind.ERASURE, note=note)
    record(actor=user, action="privacy.erase_request", target=item, request=request,
           details={"user_id": user.pk, "request_id": item.pk})  # the note stays in the request, not the log
    return item


@transaction.atomic
def refuse_request(*, actor, item, reason, request=None):
    """An administrator declines a request (e.g. a report still open); the reason is for the citizen."""
    if not is_superuser(actor):
        raise PermissionDenied(_("Hanya superuser yang dapat memutuskan permintaan ini."))
    reason = reason_text(reason, _("Alasan penolakan"))
    item = PrivacyRequest.objects.select_for_update().get(pk=item.pk)
    if item.status != PrivacyRequest.Status.PENDING:
        raise PrivacyError(_("Permintaan ini sudah diputuskan."))
    item.status, item.outcome = PrivacyRequest.Status.REFUSED, reason
    item.handled_by, item.handled_at = actor, timezone.now()
    item.save()
    record(actor=actor, action="privacy.refuse_request", target=item, reason=reason, request=request,
           details={"user_id": item.user_id, "request_id": item.pk})
    return item
