"""The second factor for staff: a TOTP authenticator app, with single-use recovery codes.

Who must give one (`requires_second_factor`, from `accounts.staff`): every staff member, meaning anyone with a
Membership, `is_staff` or `is_superuser`, or the security officer's permissions. Citizens are not
asked. A staff member who signed in with the password only is half signed in:
`baruga.accounts.middleware.SecondFactorMiddleware`, the one place this is enforced, lets them
reach nothing but the pages below (and logout) until `session_is_verified` says so: every staff
page and staff API operation of every app is behind it.

django-otp keeps the devices: a `TOTPDevice` (confirmed once the first code matched) and a
`StaticDevice` whose tokens are the recovery codes (a used one is deleted). `django_otp.login`
marks the session verified; its `OTPMiddleware` re-reads that on every request.
"""

import time
from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from baruga.accounts import enrolment, history, hooks
from baruga.accounts.models import LoginRecord
from baruga.accounts.staff import requires_second_factor

# Session keys: when the staff member last did something (idle timeout), and the fresh recovery
# codes between the set-up and the one page that shows them.
LAST_ACTIVITY_KEY = "baruga_last_activity"
FRESH_CODES_KEY = "baruga_fresh_recovery_codes"
TOTP_NAME = "Aplikasi autentikator"
RECOVERY_NAME = "Kode cadangan"


def session_is_verified(request):
    """Whether this session's user gave a second factor (tests patch this; see conftest.py)."""
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def needs_second_factor(request):
    user = request.user
    return user.is_authenticated and not session_is_verified(request) and requires_second_factor(user)


# Devices

def confirmed_totp(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def setup_device(user):
    """The unconfirmed authenticator being set up (one per user, reused until confirmed)."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def qr_data_uri(device):
    """The otpauth:// QR code as an SVG data: URI, for <img src> (the CSP allows data: images, no script)."""
    return segno.make_qr(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def manual_key(device):
    """The secret in base32, grouped by four, for typing into an app that cannot scan."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def new_recovery_codes(user):
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT fresh ones; returns them (shown once)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _i in range(settings.RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def remaining_recovery_codes(user):
    return StaticToken.objects.filter(device__user=user).count()


def _normalise(code):
    return "".join((code or "").split()).replace("-", "").lower()


def _wait_seconds(device):
    allowed, data = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (data or {}).get("locked_until")
    return max(int(locked_until.timestamp() - time.time()) + 1, 1) if locked_until else 1


class SecondFactorRefused(Exception):
    """A wrong, used or throttled code; the message says which, in Indonesian."""


def confirm_setup(request, device, code, enrolment_code):
    """The first code from the new app: confirm the device, sign the session in, return new recovery codes.

    `enrolment_code` is the session's accepted enrolment code (`baruga.accounts.enrolment`), used up here."""
    code = _normalise(code)
    wait = _wait_seconds(device)
    if wait:
        raise SecondFactorRefused(_("Terlalu banyak kode salah. Tunggu %(n)s detik lalu coba lagi.") % {"n": wait})
    if not (code.isdigit() and django_otp.verify_token(request.user, device.persistent_id, code)):
        _refused(request, LoginRecord.Method.TOTP)
        raise SecondFactorRefused(_("Kode tidak cocok. Periksa jam ponsel Anda dan ketik kode yang sedang tampil."))
    with transaction.atomic():
        if not enrolment.consume(request, enrolment_code):
            raise SecondFactorRefused(_("Kode pendaftaran Anda sudah tidak berlaku. Mintalah kode baru kepada "
                                        "admin Anda."))
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(request.user)
        enrolment.enrolled(request, device, enrolment_code)
    _complete(request, device, LoginRecord.Method.TOTP)
    return codes


def verify(request, code):
    """A code from the app (6 digits) or a recovery code (consumed); signs the session in or raises."""
    user, code = request.user, _normalise(code)
    if code.isdigit():
        device, method = confirmed_totp(user), LoginRecord.Method.TOTP
    else:
        device, method = StaticDevice.objects.filter(user=user, confirmed=True).first(), LoginRecord.Method.RECOVERY
    if device is None or not code:
        _refused(request, method)
        raise SecondFactorRefused(_("Kode tidak cocok."))
    wait = _wait_seconds(device)
    if wait:
        raise SecondFactorRefused(_("Terlalu banyak kode salah. Tunggu %(n)s detik lalu coba lagi.") % {"n": wait})
    verified = django_otp.verify_token(user, device.persistent_id, code)
    if verified is None:
        _refused(request, method)
        raise SecondFactorRefused(_("Kode tidak cocok atau sudah pernah dipakai."))
    _complete(request, verified, method)
    return method


def _refused(request, method):
    history.record(request, request.user, success=False, method=method)
    hooks.run("second_factor_failed", request, request.user)


def _complete(request, device, method):
    """The session is now fully signed in: a new session key, browser-session cookie, idle clock started."""
    django_otp.login(request, device)
    request.session.cycle_key()
    request.session.set_expiry(0)
    request.session[LAST_ACTIVITY_KEY] = int(time.time())
    history.record(request, request.user, success=True, method=method)
