"""API keys for machine clients and staff scripts.

A key acts as its owner: the owner's memberships decide which reports it sees (a key never sees
more than its owner), its scopes decide which kinds of operation it may call. Only the SHA-256 of
the secret is stored, with a short visible prefix that identifies the key in lists and logs; the
secret itself is shown once, when the key is created (`baruga.apikeys.services.create_key`).
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a key may call (see `baruga.api_auth.SCOPE_RULES` for the mapping to operations)."""

    REPORTS_READ = "reports:read", _("reports:read — membaca laporan dan permohonan informasi milik pemilik kunci")
    REPORTS_WRITE = "reports:write", _("reports:write — mengajukan laporan/permohonan dan tindakan pelapor")
    STAFF_READ = "staff:read", _("staff:read — membaca kotak masuk, berkas dan kinerja petugas")
    STAFF_WRITE = "staff:write", _("staff:write — tindakan petugas: transisi, catatan, keputusan PPID")
    NOTIFICATIONS_READ = "notifications:read", _("notifications:read — membaca notifikasi dan preferensi")
    NOTIFICATIONS_WRITE = "notifications:write", _("notifications:write — menandai notifikasi, mengubah preferensi")
    SATUDATA_WRITE = "satudata:write", _("satudata:write — menulis dataset dan sumber daya Satu Data OPD pemilik kunci")
    OPEN311_WRITE = "open311:write", _("open311:write — mengirim laporan lewat Open311 GeoReport v2")


rate_validator = RegexValidator(
    r"^[1-9][0-9]{0,6}/[1-9]?[0-9]*[smhd]$",
    _("Gunakan format jumlah/satuan, misalnya 600/m (s = detik, m = menit, h = jam, d = hari)."),
)


class ApiKey(models.Model):
    name = models.CharField(_("nama"), max_length=100, help_text=_("Untuk apa atau sistem mana kunci ini."))
    prefix = models.CharField(_("awalan"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys", verbose_name=_("pemilik"),
        help_text=_("Kunci bertindak sebagai akun ini dan tidak pernah melihat lebih dari perannya."),
    )
    scopes = models.JSONField(_("cakupan"), default=list)
    rate_limit = models.CharField(
        _("batas laju"), max_length=20, blank=True, validators=[rate_validator],
        help_text=_("Mis. 600/m. Kosong: bawaan RATE_LIMITS['api_key']."),
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("dibuat oleh"),
    )
    expires_at = models.DateTimeField(_("kedaluwarsa"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("dicabut oleh"),
    )
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kunci API")
        verbose_name_plural = _("kunci API")
        constraints = [
            models.CheckConstraint(name="apikey_revoked_after_created",
                                   condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("created_at"))),
        ]

    def __str__(self):
        return f"{self.prefix}… · {self.name}"

    def is_active(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def has_scope(self, scope):
        return scope in (self.scopes or [])
