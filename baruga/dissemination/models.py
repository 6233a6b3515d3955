"""Information dissemination: media partners and their contracts, publications, placements, subscribers.

- `MediaPartner`: a medium a jurisdiction works with (cetak, online, televisi, radio, media sosial),
  its legal entity, its Dewan Pers verification and contact; `Contract`: one per partner and year,
  with its period, value and quota of placements.
- `Publication`: a press release, news item, infographic, video or social post written by or for an
  OPD; its lifecycle is in `workflow.py`, its history in `PublicationEvent`, its files in
  `PublicationAttachment` (cleaned by `baruga.lib.uploads`).
- `Placement`: a publication shown in a partner medium (under the contract of that date) or an own
  channel, with its URL, proof ("bukti tayang") and reach.
- `Subscriber`: a journalist's e-mail for new releases (double opt-in), encrypted at rest.

Every change goes through `actions.py`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baruga.lib.crypto import BlindIndexField, EncryptedTextField

CONTENT_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}


class MediaKind(models.TextChoices):
    PRINT = "cetak", _("Media cetak")
    ONLINE = "online", _("Media online")
    TELEVISION = "televisi", _("Televisi")
    RADIO = "radio", _("Radio")
    SOCIAL = "media_sosial", _("Media sosial")


class Verification(models.TextChoices):
    NONE = "none", _("Belum terverifikasi")
    ADMINISTRATIVE = "administratif", _("Terverifikasi administratif")
    FACTUAL = "faktual", _("Terverifikasi faktual")


def _path(folder, content_type):
    # Never the uploaded name: it may identify someone and may lie about the type.
    return f"dissemination/{folder}/{uuid.uuid4().hex}{CONTENT_EXTENSIONS.get(content_type, '.bin')}"


def evidence_path(instance, filename):
    return _path("verifikasi", instance.verification_evidence_type)


def attachment_path(instance, filename):
    return _path("lampiran", instance.content_type)


def proof_path(instance, filename):
    return _path("bukti", instance.proof_content_type)


class MediaPartner(models.Model):
    jurisdiction = models.ForeignKey("directory.Jurisdiction", on_delete=models.PROTECT, related_name="media_partners",
                                     verbose_name=_("wilayah"))
    name = models.CharField(_("nama media"), max_length=160)
    kind = models.CharField(_("jenis media"), max_length=16, choices=MediaKind.choices)
    legal_entity = models.CharField(_("badan hukum"), max_length=200)
    registration_number = models.CharField(_("nomor induk berusaha / akta"), max_length=80)
    website = models.URLField(_("situs"), blank=True)
    verification = models.CharField(_("verifikasi Dewan Pers"), max_length=16, choices=Verification.choices,
                                    default=Verification.NONE)
    verified_on = models.DateField(_("tanggal verifikasi"), null=True, blank=True)
    verification_valid_until = models.DateField(_("verifikasi berlaku sampai"), null=True, blank=True)
    verification_evidence = models.FileField(upload_to=evidence_path, max_length=200, blank=True)
    verification_evidence_type = models.CharField(max_length=40, blank=True)
    contact_name = models.CharField(_("nama kontak"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-mail kontak"), blank=True)
    contact_phone = models.CharField(_("telepon kontak"), max_length=20, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    # The expiry date a reminder was sent for (the sweep claims it once per date).
    verification_reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("mitra media")
        verbose_name_plural = _("mitra media")
        constraints = [
            models.CheckConstraint(name="dissemination_partner_kind_valid",
                                   condition=Q(kind__in=[k.value for k in MediaKind])),
            models.CheckConstraint(name="dissemination_partner_verification_valid",
                                   condition=Q(verification__in=[v.value for v in Verification])),
            models.CheckConstraint(name="dissemination_partner_verified_has_date",
                                   condition=Q(verification="none") | Q(verified_on__isnull=False)),
            models.UniqueConstraint(fields=["jurisdiction", "registration_number"],
                                    name="dissemination_partner_unique_registration"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_verified(self):
        return self.verification != Verification.NONE

    def verification_valid_on(self, day):
        return self.is_verified and (self.verification_valid_until is None or self.verification_valid_until >= day)


class Contract(models.Model):
    partner = models.ForeignKey(MediaPartner, on_delete=models.CASCADE, related_name="contracts",
                                verbose_name=_("mitra media"))
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    number = models.CharField(_("nomor kontrak"), max_length=80)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("berakhir"))
    value = models.DecimalField(_("nilai kontrak (Rp)"), max_digits=15, decimal_places=0)
    quota = models.PositiveIntegerField(_("kuota penayangan"))
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "partner__name"]
        verbose_name = _("kontrak media")
        verbose_name_plural = _("kontrak media")
        constraints = [
            models.UniqueConstraint(fields=["partner", "year"], name="dissemination_contract_one_per_year"),
            models.CheckConstraint(name="dissemination_contract_period",
                                   condition=Q(ends_on__gte=models.F("starts_on"))),
            models.CheckConstraint(name="dissemination_contract_quota_positive", condition=Q(quota__gte=1)),
            models.CheckConstraint(name="dissemination_contract_value_not_negative", condition=Q(value__gte=0)),
        ]

    def __str__(self):
        return f"{self.partner} · {self.year}"

    def covers(self, day):
        return self.starts_on <= day <= self.ends_on


class PublicationKind(models.TextChoices):
    PRESS_RELEASE = "siaran_pers", _("Siaran pers")
    NEWS = "berita", _("Berita")
    INFOGRAPHIC = "infografis", _("Infografis")
    VIDEO = "video", _("Video")
    SOCIAL_POST = "unggahan_medsos", _("Unggahan media sosial")


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    REVIEW = "review", _("Ditinjau")
    APPROVED = "approved", _("Disetujui")
    PUBLISHED = "published", _("Terbit")
    WITHDRAWN = "withdrawn", _("Ditarik")


class Publication(models.Model):
    jurisdiction = models.ForeignKey("directory.Jurisdiction", on_delete=models.PROTECT, related_name="publications",
                                     verbose_name=_("wilayah"))
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="publications", verbose_name=_("OPD"))
    kind = models.CharField(_("jenis publikasi"), max_length=16, choices=PublicationKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField(_("ringkasan"), max_length=600)
    body = models.TextField(_("isi"))
    state = models.CharField(_("status"), max_length=12, choices=PublicationState.choices,
                             default=PublicationState.DRAFT)
    scheduled_at = models.DateTimeField(_("jadwal terbit"), null=True, blank=True)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True, db_index=True)
    public_information = models.ForeignKey("ppid.PublicInformation", on_delete=models.SET_NULL, null=True,
                                           blank=True, related_name="publications",
                                           verbose_name=_("informasi publik (DIP)"))
    category = models.ForeignKey("directory.Category", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="publications", verbose_name=_("topik pengaduan"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("publikasi")
        verbose_name_plural = _("publikasi")
        constraints = [
            models.CheckConstraint(name="dissemination_publication_kind_valid",
                                   condition=Q(kind__in=[k.value for k in PublicationKind])),
            models.CheckConstraint(name="dissemination_publication_state_valid",
                                   condition=Q(state__in=[s.value for s in PublicationState])),
            models.CheckConstraint(name="dissemination_published_has_moment",
                                   condition=~Q(state="published") | Q(published_at__isnull=False)),
            models.CheckConstraint(name="dissemination_published_was_approved",
                                   condition=~Q(state__in=["approved", "published"]) | Q(approved_at__isnull=False)),
        ]
        indexes = [models.Index(fields=["state", "scheduled_at"], name="dissem_pub_scheduled")]

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return self.state == PublicationState.PUBLISHED

    @property
    def publisher_name(self):
        return self.agency.name if self.agency_id else self.jurisdiction.name


class PublicationEvent(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    action = models.CharField(max_length=32)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]


class PublicationAttachment(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


class Placement(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="placements",
                                    verbose_name=_("publikasi"))
    partner = models.ForeignKey(MediaPartner, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="placements", verbose_name=_("mitra media"))
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="placements")
    own_channel = models.CharField(_("kanal sendiri"), max_length=120, blank=True,
                                   help_text=_("Misalnya: situs resmi, Instagram @diskominfo.sulsel."))
    url = models.URLField(_("tautan tayang"), max_length=500)
    # The URL without scheme, "www.", fragment and trailing slash, lower-case host: one placement per URL.
    url_key = models.CharField(max_length=500, unique=True, editable=False)
    placed_on = models.DateField(_("tanggal tayang"))
    proof = models.FileField(upload_to=proof_path, max_length=200, blank=True)
    proof_content_type = models.CharField(max_length=40, blank=True)
    proof_name = models.CharField(max_length=120, blank=True)
    views = models.PositiveBigIntegerField(_("dilihat"), null=True, blank=True)
    impressions = models.PositiveBigIntegerField(_("impresi"), null=True, blank=True)
    engagement = models.PositiveBigIntegerField(_("interaksi"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-placed_on", "-id"]
        verbose_name = _("penayangan")
        verbose_name_plural = _("penayangan")
        constraints = [
            models.CheckConstraint(
                name="dissemination_placement_one_channel",
                condition=(Q(partner__isnull=False, contract__isnull=False, own_channel="")
                           | Q(partner__isnull=True, contract__isnull=True) & ~Q(own_channel="")),
            ),
        ]
        indexes = [models.Index(fields=["partner", "placed_on"], name="dissem_placement_partner")]

    @property
    def channel_name(self):
        return self.partner.name if self.partner_id else self.own_channel

    @property
    def reach(self):
        """Views where counted, else impressions (`selectors.REACH` says the same in SQL)."""
        return self.views if self.views is not None else (self.impressions or 0)


class SubscriberState(models.TextChoices):
    PENDING = "pending", _("Menunggu konfirmasi")
    CONFIRMED = "confirmed", _("Aktif")
    UNSUBSCRIBED = "unsubscribed", _("Berhenti")


class Subscriber(models.Model):
    """A journalist's e-mail address for new releases (double opt-in; links are signed, see `subscriptions`)."""

    email = EncryptedTextField(_("e-mail"), max_length=254)
    email_index = BlindIndexField(source="email", kind="email", unique=True)
    outlet = models.CharField(_("media"), max_length=120, blank=True)
    state = models.CharField(max_length=16, choices=SubscriberState.choices, default=SubscriberState.PENDING)
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pelanggan siaran pers")
        verbose_name_plural = _("pelanggan siaran pers")
        constraints = [
            models.CheckConstraint(name="dissemination_subscriber_state_valid",
                                   condition=Q(state__in=[s.value for s in SubscriberState])),
        ]
