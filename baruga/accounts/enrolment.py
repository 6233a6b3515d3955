"""Enrolment codes: who may set up a staff member's authenticator app.

Knowing a staff password is not enough to register an authenticator: the set-up page first asks
for an enrolment code, single-use and expiring (TWO_FACTOR_ENROLMENT_HOURS), that a superuser issued
for that account (Django admin action on users, or `manage.py issue_enrolment_code`) and handed
over outside Baruga. Only its SHA-256 digest is stored. A new code voids the account's earlier
ones; TWO_FACTOR_ENROLMENT_MAX_FAILURES wrong codes void them too (each wrong code also counts
for the detection rule on repeated wrong second-factor codes).

Only superusers issue codes (least privilege): a code lets whoever holds it, together with the
password, become that staff member, so issuing one is as strong as taking over the account. A
jurisdiction admin already manages their staff's roles, but giving them this power too would let
one compromised jurisdiction admin take over every account of the jurisdiction (including staff
who are also security officers or hold roles elsewhere) without a superuser seeing it.

Every issue, enrolment and reset (devices removed by a superuser: the next set-up needs a new
code) writes an audit entry and e-mails the account's owner through the outbox.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.accounts import history, hooks
from baruga.accounts.models import EnrolmentCode, LoginRecord
from baruga.accounts.staff import requires_second_factor
from baruga.audit import services as audit

SESSION_KEY = "baruga_enrolment_code"
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper
LENGTH = 12  # 60 bits


class EnrolmentRefused(Exception):
    """A wrong, used, expired or voided enrolment code; the message says what to do, in Indonesian."""


class NotAllowed(Exception):
    """The actor may not issue enrolment codes."""


def may_issue(actor):
    """Only an active superuser issues enrolment codes (see the module docstring for why)."""
    return bool(actor and getattr(actor, "is_authenticated", False) and actor.is_active and actor.is_superuser)


def digest(code):
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def normalise(code):
    return "".join((code or "").split()).replace("-", "").upper()


def formatted(code):
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def _active(user):
    now = timezone.now()
    return EnrolmentCode.objects.filter(user=user, used_at=None, revoked_at=None, expires_at__gt=now,
                                        failures__lt=settings.TWO_FACTOR_ENROLMENT_MAX_FAILURES)


# Writes

def issue(*, actor, user, request=None, command_line=False):
    """A new enrolment code for `user`, returned in clear once (formatted XXXX-XXXX-XXXX).

    `actor` must be a superuser; `command_line=True` is `manage.py` (the operator holds the server)
    and the demo seed, with no actor. Earlier unused codes of the user are voided."""
    if not command_line and not may_issue(actor):
        raise NotAllowed(_("Hanya superuser yang boleh menerbitkan kode pendaftaran dua langkah."))
    if not requires_second_factor(user):
        raise EnrolmentRefused(_("%(user)s bukan akun petugas; akun ini tidak memakai verifikasi dua langkah.")
                               % {"user": user.get_username()})
    code = "".join(secrets.choice(ALPHABET) for _i in range(LENGTH))
    now = timezone.now()
    with transaction.atomic():
        voided = EnrolmentCode.objects.filter(user=user, used_at=None, revoked_at=None).update(revoked_at=now)
        row = EnrolmentCode.objects.create(user=user, digest=digest(code), issued_by=actor if not command_line
                                           else None, expires_at=now + timedelta(
                                               hours=settings.TWO_FACTOR_ENROLMENT_HOURS))
        _audit(actor, "two_factor.enrolment_code_issued", user, request,
               {"enrolment_code_id": row.pk, "expires_at": row.expires_at.isoformat(), "voided_codes": voided,
                "command_line": command_line})
        _notify(user, "issued", row)
    return formatted(code)


def accept(request, code):
    """The code typed on the set-up page: remembered in the session if valid, else counted as a failure."""
    user = request.user
    match = _active(user).filter(digest=digest(code)).first() if normalise(code) else None
    if match is None:
        _refused(request)
        if not _active(user).exists():
            raise EnrolmentRefused(_("Kode pendaftaran tidak berlaku: salah, sudah dipakai, kedaluwarsa atau "
                                     "dibatalkan karena terlalu banyak kode salah. Mintalah kode baru kepada "
                                     "admin Anda."))
        raise EnrolmentRefused(_("Kode pendaftaran tidak cocok. Periksa kode dari admin Anda lalu coba lagi."))
    request.session[SESSION_KEY] = match.pk
    return match


def accepted(request):
    """The enrolment code this session gave, if it is still valid for the signed-in user."""
    pk = request.session.get(SESSION_KEY)
    return _active(request.user).filter(pk=pk).first() if pk else None


def consume(request, code_row):
    """Mark the code used, once (a conditional update: two sessions cannot both use it); True if it was."""
    used = _active(request.user).filter(pk=code_row.pk).update(used_at=timezone.now())
    request.session.pop(SESSION_KEY, None)
    return used == 1


def enrolled(request, device, code_row):
    """After the new device is confirmed (in the same transaction): the audit entry and the owner's e-mail."""
    _audit(request.user, "two_factor.enrolled", request.user, request,
           {"device_id": device.persistent_id, "enrolment_code_id": code_row.pk})
    _notify(request.user, "enrolled", code_row)


def reset(*, actor, user, request=None, command_line=False):
    """A superuser (or `manage.py issue_enrolment_code --reset`) removes the user's authenticator and
    recovery codes (a lost phone): the next sign-in asks for a new enrolment code."""
    if not command_line and not may_issue(actor):
        raise NotAllowed(_("Hanya superuser yang boleh mengatur ulang verifikasi dua langkah."))
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        removed = [d.persistent_id for d in TOTPDevice.objects.filter(user=user)]
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        voided = EnrolmentCode.objects.filter(user=user, used_at=None, revoked_at=None).update(
            revoked_at=timezone.now())
        _audit(actor, "two_factor.reset", user, request, {"devices": removed, "voided_codes": voided,
                                                          "command_line": command_line})
        _notify(user, "reset", None)


def _refused(request):
    """A wrong enrolment code: every active code of the account gets one failure nearer to void, the
    sign-in history shows it, and detection counts it with the wrong second-factor codes."""
    _active(request.user).update(failures=F("failures") + 1)
    history.record(request, request.user, success=False, method=LoginRecord.Method.TOTP)
    hooks.run("second_factor_failed", request, request.user)


def _audit(actor, action, user, request, details):
    audit.record(actor=actor, action=action, target=user, details={"user_id": user.pk, **details},
                 request=request)


def _notify(user, what, code_row):
    """The account's owner hears of it by e-mail (never the code itself): `notifications.accounts`."""
    hooks.run("two_factor_changed", user, what, code_row)
