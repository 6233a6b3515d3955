"""Attack detection: rules that count what happens and raise a `SecurityEvent` when a line is crossed.

Rules (thresholds and the window in ``settings.SECURITY_DETECTION``):

===========================  =====================================================  =================
kind                         fires when                                             severity
===========================  =====================================================  =================
credential_stuffing          one address fails to sign in as N distinct usernames    high
account_locked               django-axes locks a username or an address out          medium; high for
                             (notified to the security officers once per account     a staff account
                             and address; the account's owner gets one e-mail per
                             lock-out)
second_factor_failures       N wrong second-factor codes for one account             high
tracking_enumeration         one address looks up N tracking IDs that do not exist   medium
                             (tracking page and API, Open311, and the public
                             report page, where a non-public report is a miss too)
mass_download                one user (or address) downloads/exports N files          high
privilege_change             a role (Membership) granted or revoked, is_staff /      medium; high when
                             is_superuser changed, permissions or groups changed     superuser is granted
federation_refused           the federation inbox refuses a message: unknown or      medium
                             inactive sender, wrong recipient, unknown key, bad
                             signature (once per address, sender and reason in
                             the window; every refusal is logged)
===========================  =====================================================  =================

Counting uses the cache (an atomic ``incr`` on a key that expires with the window), so a rule
costs no query until it fires, and it fires once per window: when the count *reaches* the
threshold, not on every request after. With several worker processes the cache must be shared
(REDIS_URL), or each process counts on its own.

An event of severity high or above notifies every security officer (holders of
``security.view_securityevent``, superusers included) in the notification centre and by e-mail,
and is written to the audit trail (``security.event``), except privilege changes: the admin
(`baruga.accounts.admin`) audits those itself with the acting user, and the model signal that
raises the event does not know who acted.
"""

import logging

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.accounts.staff import requires_second_factor
from baruga.audit import services as audit
from baruga.lib.clientip import client_ip, network_of
from baruga.notifications.inbox import preference_of
from baruga.notifications.models import ChannelName, Notification
from baruga.notifications.outbox import queue_message
from baruga.notifications.staff import notify_staff
from baruga.notifications.texts import Text, absolute, local
from baruga.security.models import SEVERITY_RANK, SecurityEvent, Severity

logger = logging.getLogger("baruga.security")

Kind = SecurityEvent.Kind
PREFIX = "baruga:sec:"


def _setting(name):
    return settings.SECURITY_DETECTION[name]


def _window():
    return _setting("window_seconds")


def _digest(value):
    return salted_hmac("baruga.security.detection", str(value), algorithm="sha256").hexdigest()[:16]


def _count(key, window=None):
    """Add one to a counter that lives for the window (from its first hit); returns the new count."""
    window = window or _window()
    key = PREFIX + key
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return 1


def _first(key, window=None):
    """True the first time `key` is seen within the window."""
    return cache.add(PREFIX + key, 1, window or _window())


# Raising events

def raise_event(*, kind, severity, request=None, actor=None, ip=None, details=None):
    """Store one event; a high or critical one is also notified and audited."""
    if actor is None and request is not None and getattr(request.user, "is_authenticated", False):
        actor = request.user
    if ip is None:
        ip = network_of(client_ip(request)) if request is not None else ""
    event = SecurityEvent.objects.create(kind=kind, severity=severity, actor=actor, ip=ip, details=details or {})
    logger.warning("Security event %s (%s) from %s: %s", kind, severity, ip or "-", event.details)
    if SEVERITY_RANK[Severity(severity)] >= SEVERITY_RANK[Severity.HIGH]:
        _notify_officers(event)
        if kind != Kind.PRIVILEGE_CHANGE:  # the admin audits those itself, naming who made them
            _audit(event, request)
    return event


def security_officers():
    """Active holders of `security.view_securityevent`, directly, through a group, or as superusers."""
    permission = Permission.objects.filter(content_type__app_label="security", codename="view_securityevent").first()
    condition = Q(is_superuser=True)
    if permission is not None:
        condition |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    return get_user_model().objects.filter(condition, is_active=True).distinct()


def _notify_officers(event):
    t = gettext_lazy
    notify_staff(
        recipients=list(security_officers()), kind=Notification.Kind.ESCALATION, report=None,
        title=Text(t("Peristiwa keamanan (%(severity)s): %(kind)s"), severity=event.get_severity_display(),
                   kind=event.get_kind_display()),
        body=Text(t("Terdeteksi dari jaringan %(ip)s. Periksa dasbor keamanan (%(url)s) dan tandai bila sudah "
                    "ditangani; bila ada data pribadi yang bocor, catat insiden: jam 3×24 jam UU PDP berjalan."),
                  ip=event.ip or "-", url=absolute(reverse("security:dashboard"))),
        dedupe_key=f"security:{event.pk}",
    )


def _audit(event, request):
    audit.record(actor=event.actor, action="security.event", target=event, request=request,
                 details={"event_id": event.pk, "kind": event.kind, "severity": event.severity})


# Rules

def login_failed(request, username):
    """Credential stuffing: one address trying many different usernames."""
    if request is None:
        return None
    ip, window = client_ip(request), _window()
    if not _first(f"cs:{ip}:{_digest(username.lower())}"):
        return None  # the same username again: brute force on one account is axes' job
    count = _count(f"cs:{ip}")
    if count == _setting("credential_stuffing_usernames"):
        return raise_event(kind=Kind.CREDENTIAL_STUFFING, severity=Severity.HIGH, request=request,
                           details={"distinct_usernames": count, "window_minutes": window // 60})
    return None


def account_locked(request, username, ip_address):
    """django-axes locked a username or an address out: once per lock-out, high for staff accounts.

    Axes calls this on every refused attempt while the lock lasts; the cache keeps it to one event per
    username and address, and to one e-mail to the owner per lock-out."""
    cooloff = int(settings.AXES_COOLOFF_TIME.total_seconds())
    user = get_user_model()._default_manager.filter(username=username).first() if username else None
    event = None
    if _first(f"lock:{_digest(username or '')}:{ip_address}", cooloff):
        event = _lock_event(request, username, ip_address, user, cooloff)
    # Checked on every call: an address locked first (for other usernames) may go on until this username
    # is locked too. Only a locked username is told (an address locked for many usernames locks no account).
    if user is not None and user.is_active and user.email and not cache.get(f"{PREFIX}lock-notice:{user.pk}") \
            and _username_locked(username) and _first(f"lock-notice:{user.pk}", cooloff):
        _notify_locked_account(user, ip_address or (event.ip if event else ""), cooloff // 60)
    return event


def _lock_event(request, username, ip_address, user, cooloff):
    staff = bool(user and requires_second_factor(user))
    details = {"account_id": user.pk if user else None, "staff_account": staff,
               "cooloff_minutes": cooloff // 60}
    if user is None and username:
        details["username_digest"] = _digest(username.lower())
    event = raise_event(kind=Kind.ACCOUNT_LOCKED, severity=Severity.HIGH if staff else Severity.MEDIUM,
                        request=request, actor=None, ip=network_of(ip_address) if ip_address else None,
                        details=details)
    # A medium lock-out is notified once: not again for the same account from another address, nor for
    # the next usernames an address tries while it is locked (each is an event, none a new notice).
    account_new = _first(f"lock-officers:u{user.pk}", cooloff) if user else True
    address_new = _first(f"lock-officers:ip{event.ip}", cooloff)
    if not staff and account_new and address_new:  # a high event has notified them already
        _notify_officers(event)
    return event


def _username_locked(username):
    """Whether axes counts the limit of failures against this username (not only against an address)."""
    failures = AccessAttempt.objects.filter(username=username).aggregate(n=Sum("failures_since_start"))["n"]
    return (failures or 0) >= settings.AXES_FAILURE_LIMIT


def _notify_locked_account(user, address, minutes):
    """An e-mail to the owner of a locked account, through the outbox (the web answer stays the same)."""
    language, now = preference_of(user).language, timezone.now()
    values = {"username": user.get_username(), "minutes": minutes, "limit": settings.AXES_FAILURE_LIMIT,
              "address": address or "-", "time": local(now),
              "login": absolute(reverse("accounts:login"))}
    with translation.override(language):
        subject = _("Akun Baruga Anda dikunci sementara")
        body = "\n\n".join([
            _("Yth. %(username)s,") % values,
            _("Akun Anda dikunci selama %(minutes)s menit setelah %(limit)s kali gagal masuk dengan kata sandi "
              "yang salah. Percobaan yang mengunci akun berasal dari alamat %(address)s pada %(time)s.") % values,
            _("Bila itu Anda, tunggu %(minutes)s menit lalu masuk kembali.") % values,
            _("Bila bukan Anda, seseorang mungkin sedang menebak kata sandi Anda. Setelah kunci berakhir, atur "
              "ulang kata sandi lewat “Lupa kata sandi” di halaman masuk, atau masuk dan ganti kata sandi: "
              "%(login)s") % values,
            _("E-mail ini dikirim otomatis oleh Baruga; mohon tidak membalas."),
        ])
    queue_message(channel=ChannelName.EMAIL, to_address=user.email, subject=subject, body=body,
                  language=language, dedupe_key=f"account-locked:{user.pk}:{now.isoformat()}")


def second_factor_failed(request, user):
    """The password was right but the codes keep being wrong: someone may hold the password."""
    count = _count(f"2fa:{user.pk}")
    if count == _setting("second_factor_failures"):
        return raise_event(kind=Kind.SECOND_FACTOR_FAILURES, severity=Severity.HIGH, request=request, actor=user,
                           details={"account_id": user.pk, "failures": count})
    return None


def tracking_miss(request):
    """A tracking ID that does not exist: many from one address is someone guessing IDs."""
    count = _count(f"track:{client_ip(request)}")
    if count == _setting("tracking_misses"):
        return raise_event(kind=Kind.TRACKING_ENUMERATION, severity=Severity.MEDIUM, request=request,
                           details={"misses": count, "window_minutes": _window() // 60})
    return None


def downloaded(request, what="attachment"):
    """An attachment download or an export; many by one user (or address) is a bulk copy of data."""
    user = request.user
    who = f"u{user.pk}" if getattr(user, "is_authenticated", False) else f"ip{client_ip(request)}"
    count = _count(f"dl:{who}")
    if count == _setting("downloads"):
        return raise_event(kind=Kind.MASS_DOWNLOAD, severity=Severity.HIGH, request=request,
                           details={"downloads": count, "last": what, "window_minutes": _window() // 60})
    return None


def federation_refused(request, *, reason, sender, key_id, message_id, detail):
    """A federation message that failed authentication (the caller, baruga.federation, logs each one)."""
    address = network_of(client_ip(request)) if request is not None else ""
    if not _first(f"federation:{_digest(address)}:{_digest(sender)}:{reason}"):
        return None
    return raise_event(kind=Kind.FEDERATION_REFUSED, severity=Severity.MEDIUM, request=request,
                       details={"reason": reason, "sender": sender, "key_id": key_id, "message_id": message_id,
                                "detail": detail})


def intake_refused(request, *, channel, reason):
    """A WhatsApp/SMS webhook call with a missing, stale or forged signature, or a wrong verification
    token, or an e-mail with a forged reply token (the caller, baruga.intake, logs each one): one event
    per address, channel and reason within the detection window. `request` is None for mail read from a
    mailbox (no address then)."""
    address = network_of(client_ip(request)) if request is not None else ""
    if not _first(f"intake:{_digest(address)}:{channel}:{reason}"):
        return None
    return raise_event(kind=Kind.INTAKE_REFUSED, severity=Severity.MEDIUM, request=request,
                       details={"channel": channel, "reason": reason})


def privilege_changed(*, user_id, change, severity=Severity.MEDIUM, **details):
    """A grant or revocation of privileges, from the model signals (see baruga.security.receivers)."""
    return raise_event(kind=Kind.PRIVILEGE_CHANGE, severity=severity, ip="",
                       details={"account_id": user_id, "change": change, **details})
