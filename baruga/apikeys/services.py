"""Creating, revoking and checking API keys; the only code that writes `ApiKey`.

The secret is ``bk_`` + 43 url-safe characters (256 random bits). Only its SHA-256 is stored: a
key that high in entropy needs no slow hash, and the lookup is one indexed equality.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.apikeys.models import ApiKey, Scope, rate_validator
from baruga.audit import services as audit

TOKEN_PREFIX = "bk_"
VISIBLE_CHARS = 11  # "bk_" + 8 characters: enough to tell keys apart, far too little to guess the rest
TOUCH_INTERVAL = timedelta(seconds=60)
DEFAULT_RATE = "600/m"


class KeyRefused(Exception):
    """A presented key that is unknown, revoked, expired or whose owner is inactive."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def hash_key(raw):
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _validate(scopes, rate_limit):
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        raise ValueError(_("Cakupan tidak dikenal: %(scopes)s.") % {"scopes": ", ".join(unknown)})
    if not scopes:
        raise ValueError(_("Pilih minimal satu cakupan."))
    if rate_limit:
        rate_validator(rate_limit)


@transaction.atomic
def create_key(*, owner, name, scopes, expires_at=None, rate_limit="", created_by=None):
    """Create a key; returns (key, secret). The secret is never stored and cannot be shown again."""
    scopes = sorted(set(scopes))
    _validate(scopes, rate_limit)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        name=name.strip()[:100], prefix=raw[:VISIBLE_CHARS], key_hash=hash_key(raw), owner=owner, scopes=scopes,
        expires_at=expires_at, rate_limit=rate_limit or "", created_by=created_by,
    )
    audit.record(actor=created_by, action="apikey.create", target=key,
                 details={"key_id": key.pk, "prefix": key.prefix, "owner_id": owner.pk, "scopes": scopes,
                          "expires_at": expires_at.isoformat() if expires_at else None})
    return key, raw


@transaction.atomic
def revoke_key(*, key, actor=None):
    """Revoke a key at once; revoking it again changes nothing (and records nothing)."""
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is not None:
        return key
    key.revoked_at = timezone.now()
    key.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    key.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(actor=actor, action="apikey.revoke", target=key,
                 details={"key_id": key.pk, "prefix": key.prefix, "owner_id": key.owner_id})
    return key


def authenticate(raw, now=None):
    """The active key for a presented secret, with its owner loaded; raises KeyRefused otherwise."""
    now = now or timezone.now()
    if not raw or len(raw) > 200 or not raw.startswith(TOKEN_PREFIX):
        raise KeyRefused("unknown")
    key = ApiKey.objects.select_related("owner").filter(key_hash=hash_key(raw)).first()
    if key is None:
        raise KeyRefused("unknown")
    if key.revoked_at is not None:
        raise KeyRefused("revoked")
    if key.expires_at is not None and key.expires_at <= now:
        raise KeyRefused("expired")
    if not key.owner.is_active:
        raise KeyRefused("owner_inactive")
    _touch(key, now)
    return key


def _touch(key, now):
    """Record use at most once per TOUCH_INTERVAL: one conditional UPDATE, usually skipped entirely."""
    if key.last_used_at is not None and now - key.last_used_at < TOUCH_INTERVAL:
        return
    ApiKey.objects.filter(pk=key.pk).exclude(last_used_at__gt=now - TOUCH_INTERVAL).update(last_used_at=now)
    key.last_used_at = now


def rate_of(key):
    return key.rate_limit or settings.RATE_LIMITS.get("api_key") or DEFAULT_RATE


def _rate_key(group, request):
    return f"apikey:{request.api_key.pk}"


def over_limit(request, key):
    """Count this request against the key's own rate; the seconds to wait when over it, else None."""
    from django_ratelimit.core import get_usage

    request.api_key = key
    usage = get_usage(request, group="baruga.api_key", key=_rate_key, rate=rate_of(key), increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)
