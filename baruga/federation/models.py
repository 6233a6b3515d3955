"""Federation between Baruga instances: peers and their keys, our signing keys, the outbox of
signed messages, the inbox keyed by message id, and the link between a local report and its
counterpart on a peer. See docs/federation.md.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baruga.lib.crypto import EncryptedTextField


class LocalIdentity(models.Model):
    """This instance as its peers know it (one row, created on first use)."""

    instance_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nama instansi"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identitas federasi")
        verbose_name_plural = _("identitas federasi")

    def __str__(self):
        return f"{self.name} ({self.instance_id})"


class SigningKey(models.Model):
    """One of our Ed25519 keys. The newest active key signs; peers accept any key we announced."""

    key_id = models.CharField(_("ID kunci"), max_length=40, unique=True)
    private_key = EncryptedTextField()  # base64 of the 32 raw private bytes, encrypted at rest
    public_key = models.CharField(_("kunci publik"), max_length=64)  # base64 of the 32 raw public bytes
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kunci penandatangan")
        verbose_name_plural = _("kunci penandatangan")

    def __str__(self):
        return self.key_id


class Peer(models.Model):
    """Another Baruga instance (or the national hub) we exchange reports with."""

    name = models.CharField(_("nama"), max_length=120)
    instance_id = models.UUIDField(_("ID instansi"), unique=True)
    base_url = models.URLField(_("alamat dasar"), max_length=200)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # One deliverer at a time per peer keeps its messages in order (a lease, not a lock).
    lease_owner = models.CharField(max_length=40, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    # The due moment of the failed head message a deferred delivery task was queued for: one per attempt.
    retry_queued_for = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mitra federasi")
        verbose_name_plural = _("mitra federasi")

    def __str__(self):
        return self.name

    @property
    def inbox_url(self):
        return self.base_url.rstrip("/") + "/federasi/kotak-masuk/"


class PeerKey(models.Model):
    """A public verification key of a peer; several may be valid at once (rotation)."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="keys")
    key_id = models.CharField(_("ID kunci"), max_length=40)
    public_key = models.CharField(_("kunci publik"), max_length=64)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kunci mitra")
        verbose_name_plural = _("kunci mitra")
        constraints = [models.UniqueConstraint(fields=["peer", "key_id"], name="federation_peerkey_unique")]

    def __str__(self):
        return f"{self.peer} · {self.key_id}"


class PeerJurisdiction(models.Model):
    """An external jurisdiction on this instance that a peer serves, by its code on the peer."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="jurisdictions")
    jurisdiction = models.OneToOneField(
        "directory.Jurisdiction", on_delete=models.CASCADE, related_name="federation_route",
        verbose_name=_("wilayah (eksternal) di instansi ini"),
    )
    remote_code = models.CharField(_("kode wilayah di mitra"), max_length=13)

    class Meta:
        verbose_name = _("wilayah yang dilayani mitra")
        verbose_name_plural = _("wilayah yang dilayani mitra")

    def __str__(self):
        return f"{self.jurisdiction} → {self.peer} ({self.remote_code})"


class PairingOffer(models.Model):
    """A one-time pairing code printed by `federation_pair --offer`."""

    offer_id = models.CharField(max_length=16, unique=True)
    secret = EncryptedTextField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    peer = models.ForeignKey(Peer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class MessageType(models.TextChoices):
    TRANSFER = "transfer", _("Pengalihan laporan")
    STATUS = "status", _("Perkembangan laporan")
    KEYS = "keys", _("Pengumuman kunci")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal, akan dicoba lagi")
    DEAD = "dead", _("Gagal permanen")


class OutboxMessage(models.Model):
    """A signed message to a peer, written in the transaction of its cause, delivered in order."""

    message_id = models.UUIDField(unique=True, default=uuid.uuid4)
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="outbox")
    type = models.CharField(max_length=12, choices=MessageType.choices)
    report_ref = models.CharField(max_length=80, blank=True, db_index=True)
    sequence = models.PositiveIntegerField(default=0)
    report = models.ForeignKey("complaints.Report", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    body = EncryptedTextField()  # the canonical JSON envelope (may hold personal data)
    key_id = models.CharField(max_length=40)
    signature = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("pesan keluar federasi")
        verbose_name_plural = _("pesan keluar federasi")
        indexes = [
            models.Index(fields=["peer", "status", "id"], name="federation_outbox_due"),
            # The backlog (health, federation_status): only the undelivered rows, a small index however
            # many messages were sent.
            models.Index(fields=["peer", "created_at"], name="federation_outbox_backlog",
                         condition=Q(status__in=["pending", "sending", "failed"])),
        ]
        constraints = [
            models.UniqueConstraint(fields=["peer", "report_ref", "sequence"], condition=~Q(report_ref=""),
                                    name="federation_outbox_seq_unique"),
        ]

    def __str__(self):
        return f"{self.type} {self.message_id}"


class InboxStatus(models.TextChoices):
    APPLIED = "applied", _("Diterapkan")
    WAITING = "waiting", _("Menunggu laporan asal")
    STALE = "stale", _("Lebih lama dari yang sudah diterapkan")


class InboxMessage(models.Model):
    """A message received from a peer; its id is unique, so a repeat changes nothing."""

    message_id = models.UUIDField(unique=True)
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="inbox")
    type = models.CharField(max_length=12, choices=MessageType.choices)
    report_ref = models.CharField(max_length=80, blank=True, db_index=True)
    sequence = models.PositiveIntegerField(default=0)
    body = EncryptedTextField()
    status = models.CharField(max_length=10, choices=InboxStatus.choices)
    received_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("pesan masuk federasi")
        verbose_name_plural = _("pesan masuk federasi")

    def __str__(self):
        return f"{self.type} {self.message_id}"


class Direction(models.TextChoices):
    OUTGOING = "out", _("Dialihkan ke mitra")
    INCOMING = "in", _("Diterima dari mitra")


class FederatedReport(models.Model):
    """The link between a local report and its counterpart on a peer.

    `ref` names the report across instances: "<origin instance id>:<origin tracking id>".
    Outgoing links keep the remote progress shown to the reporter and the staff.
    """

    report = models.ForeignKey("complaints.Report", on_delete=models.CASCADE, related_name="federation_links")
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="reports")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    ref = models.CharField(max_length=80)
    origin_tracking_id = models.CharField(_("nomor pelacakan asal"), max_length=16, blank=True)
    remote_tracking_id = models.CharField(_("nomor pelacakan di mitra"), max_length=16, blank=True)
    remote_state = models.CharField(_("status di mitra"), max_length=12, blank=True)
    remote_handler = models.CharField(_("ditangani oleh"), max_length=160, blank=True)
    remote_responses = models.JSONField(default=list, blank=True)
    remote_events = models.JSONField(default=list, blank=True)
    remote_finished_at = models.DateTimeField(null=True, blank=True)
    # The highest sequence number applied from the peer for this report.
    last_sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("laporan federasi")
        verbose_name_plural = _("laporan federasi")
        constraints = [
            models.UniqueConstraint(fields=["peer", "direction", "ref"], name="federation_link_unique"),
        ]

    def __str__(self):
        return f"{self.get_direction_display()} {self.ref}"


class ImportedEvent(models.Model):
    """An entry of a federated report's history on the instance it came from (staff only)."""

    report = models.ForeignKey("complaints.Report", on_delete=models.CASCADE, related_name="imported_events")
    action = models.CharField(max_length=24)
    label = models.CharField(max_length=200)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    unit = models.CharField(max_length=160, blank=True)
    reason = models.TextField(blank=True)
    at = models.DateTimeField()
    instance = models.CharField(max_length=120)

    class Meta:
        ordering = ["at", "id"]
