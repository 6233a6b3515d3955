"""The audit trail: one row per privileged action or reveal of protected data.

How the rows are chained, and why appending never waits for anyone, is explained in
`baruga.audit.services`. In short: an action inserts an *unsealed* row (no `seq`, no hashes)
inside its own transaction; the sealer later gives each row its place in the chain.

What is hashed is the row's content as written (`HASHED_FIELDS`). The foreign keys (`actor`,
`report`, `jurisdiction`) are conveniences for filtering and may legitimately become NULL
when the referenced row is deleted, so the hash covers their immutable copies instead:
`actor_label` (the username at the time), `report_ref` (the tracking ID) and
`jurisdiction_ref` (the Kemendagri code).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The fields an entry's hash covers, besides the chain fields `seq`, `prev_hash` and `sealed_at`.
CONTENT_FIELDS = (
    "id", "created_at", "actor_label", "action", "target_type", "target_id", "report_ref",
    "jurisdiction_ref", "reason", "details", "ip",
)
HASHED_FIELDS = CONTENT_FIELDS + ("seq", "prev_hash", "sealed_at")


class AuditEntry(models.Model):
    id = models.BigAutoField(primary_key=True)  # the append order (not the chain order: that is `seq`)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("pelaku"),
    )
    # The username at the time, or "SYSTEM", "guest", "reporter" (the report's own reporter is never named).
    actor_label = models.CharField(_("pelaku"), max_length=150)
    action = models.CharField(_("tindakan"), max_length=64)
    target_type = models.CharField(_("jenis objek"), max_length=64, blank=True)
    target_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    report = models.ForeignKey(
        "complaints.Report", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("laporan"),
    )
    report_ref = models.CharField(_("nomor pelacakan"), max_length=16, blank=True)
    jurisdiction = models.ForeignKey(
        "directory.Jurisdiction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("instansi"),
    )
    jurisdiction_ref = models.CharField(_("kode instansi"), max_length=13, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    # Identifiers and codes only: never personal data in clear (names, NIK, phone, e-mail, text).
    details = models.JSONField(_("rincian"), default=dict, blank=True)
    # The client's network (IPv4 /24, IPv6 /48), never the full address.
    ip = models.CharField(_("jaringan asal"), max_length=64, blank=True)

    # The chain, filled in by the sealer.
    seq = models.PositiveBigIntegerField(_("urutan rantai"), null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, blank=True)
    sealed_at = models.DateTimeField(_("disegel"), null=True, blank=True)
    # The id of the audit key whose HMAC `entry_hash` is (`baruga.audit.keys`); "" for the entries
    # sealed before keyed chaining (plain SHA-256, verified as legacy up to the cut-over).
    key_id = models.CharField(_("kunci"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("entri audit")
        verbose_name_plural = _("jejak audit")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["action", "-id"], name="audit_action_id"),
            models.Index(fields=["actor_label", "-id"], name="audit_actor_id"),
            models.Index(fields=["report_ref", "-id"], name="audit_report_ref_id"),
            # The sealer's work list stays tiny however long the trail grows.
            models.Index(fields=["id"], condition=Q(seq__isnull=True), name="audit_unsealed"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.action} · {self.actor_label}"

    @property
    def is_sealed(self):
        return self.seq is not None


class AuditCheckpoint(models.Model):
    """The chain head at some moment: a trail cut off after this point shows as removed entries.

    Signed with the audit key (`signature`, over `baruga.audit.anchors.payload`) and copied to the
    anchors outside the database (`AUDIT_ANCHORS`), where its writer cannot rewrite it; see
    docs/audit.md. Checkpoints from before keyed chaining have no key id and no signature.
    """

    seq = models.PositiveBigIntegerField(_("urutan rantai"))
    entry_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)
    count = models.PositiveBigIntegerField(_("jumlah entri"), null=True, blank=True)
    # The last entry sealed without a key (the cut-over); every later entry must carry one.
    legacy_through = models.PositiveBigIntegerField(null=True, blank=True)
    key_id = models.CharField(_("kunci"), max_length=16, blank=True)
    signature = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("titik periksa audit")
        verbose_name_plural = _("titik periksa audit")
        ordering = ["-seq", "-id"]
        indexes = [models.Index(fields=["seq"], name="audit_checkpoint_seq")]

    def __str__(self):
        return f"seq {self.seq} · {self.entry_hash[:12]}…"
