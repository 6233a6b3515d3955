"""Reports (laporan) and everything that hangs off them.

State changes never happen here: they go through `baruga.complaints.actions`, which
consult the transition table in `baruga.complaints.workflow`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baruga.lib.crypto import BlindIndexField, EncryptedTextField


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Pengaduan")
    ASPIRATION = "aspiration", _("Aspirasi")
    INFORMATION = "information", _("Permintaan informasi")


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Belum terverifikasi")
    NEEDS_INFO = "needs_info", _("Menunggu kelengkapan dari pelapor")
    VERIFIED = "verified", _("Terverifikasi, menunggu disposisi")
    DISPATCHED = "dispatched", _("Terdisposisi, belum ditindaklanjuti")
    IN_PROGRESS = "in_progress", _("Terdisposisi, sedang diproses")
    RESPONDED = "responded", _("Sudah ditindaklanjuti")
    FINISHED = "finished", _("Selesai")
    DEFERRED = "deferred", _("Laporan tertunda")
    ARCHIVED = "archived", _("Laporan arsip")
    TRANSFERRED = "transferred", _("Dialihkan ke instansi lain")


class EventAction(models.TextChoices):
    """What a history entry records: a transition of `workflow.py` or one of the changes beside it.
    The label is how the entry reads to the reporter and the public, in plain words."""

    SUBMIT = "submit", _("Laporan diterima")
    VERIFY = "verify", _("Laporan diverifikasi")
    REQUEST_INFO = "request_info", _("Admin meminta kelengkapan laporan")
    COMPLETE = "complete", _("Pelapor melengkapi laporan")
    DISPATCH = "dispatch", _("Laporan didisposisikan ke OPD")
    TRANSFER = "transfer", _("Laporan dialihkan ke instansi yang berwenang")
    DEFER = "defer", _("Laporan ditunda")
    RESUME = "resume", _("Laporan dilanjutkan")
    ARCHIVE = "archive", _("Laporan diarsipkan")
    MERGE = "merge", _("Laporan digabungkan dengan laporan lain")
    ACCEPT = "accept", _("OPD mulai memproses laporan")
    HAND_BACK = "hand_back", _("OPD mengembalikan laporan ke admin untuk disposisi ulang")
    DRAFT_RESPONSE = "draft_response", _("OPD menyusun tindak lanjut")
    RESPOND = "respond", _("OPD memberikan tindak lanjut")
    APPROVE_RESPONSE = "approve_response", _("Tindak lanjut disetujui kepala OPD dan diterbitkan")
    REJECT_RESPONSE = "reject_response", _("Kepala OPD meminta perbaikan tindak lanjut")
    REOPEN = "reopen", _("Pelapor belum puas; laporan dikembalikan ke OPD")
    RATE = "rate", _("Pelapor memberi penilaian")
    FINISH = "finish", _("Laporan selesai")
    REQUEST_EXTENSION = "request_extension", _("OPD meminta perpanjangan waktu")
    APPROVE_EXTENSION = "approve_extension", _("Perpanjangan waktu disetujui")
    REJECT_EXTENSION = "reject_extension", _("Perpanjangan waktu ditolak")
    ADD_ATTACHMENTS = "add_attachments", _("Pelapor menambahkan lampiran")
    REPORTER_REPLY = "reporter_reply", _("Pelapor mengirim tanggapan")  # by e-mail, outside a request for information
    REMOTE_UPDATE = "remote_update", _("Perkembangan di instansi tujuan")


class ArchiveReason(models.TextChoices):
    UNCLEAR = "unclear", _("Tidak jelas / tidak dapat ditindaklanjuti")
    DUPLICATE = "duplicate", _("Duplikat laporan lain")
    NOT_PUBLIC_SERVICE = "not_public_service", _("Bukan tentang pelayanan publik")
    ABUSE = "abuse", _("Hoaks, SARA atau penyalahgunaan")
    NO_REPLY = "no_reply", _("Pelapor tidak melengkapi laporan")


class Channel(models.TextChoices):
    WEB = "web", _("Situs web")
    API = "api", _("API")
    STAFF = "staff", _("Dicatat petugas")
    FEDERATION = "federation", _("Instansi lain")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class Source(models.TextChoices):
    """How a report recorded by staff (channel "staff") reached the office."""

    PHONE = "phone", _("Telepon")
    LETTER = "letter", _("Surat")
    WALK_IN = "walk_in", _("Datang langsung")
    SOCIAL_MEDIA = "social_media", _("Media sosial")
    MASS_MEDIA = "mass_media", _("Media massa")


class Tag(models.Model):
    name = models.CharField(_("nama"), max_length=40, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tag")

    def __str__(self):
        return self.name


class Report(models.Model):
    tracking_id = models.CharField(_("nomor pelacakan"), max_length=16, unique=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.COMPLAINT)
    title = models.CharField(_("judul"), max_length=150)
    body = models.TextField(_("isi laporan"))
    # Title and body as search terms (baruga/lib/textnorm.py), kept by complaints.searchtext.refresh
    # wherever an action changes them; searched through a GIN index on PostgreSQL (docs/search.md).
    search_text = models.TextField(default="", blank=True, editable=False)
    category = models.ForeignKey(
        "directory.Category", on_delete=models.PROTECT, null=True, blank=True, related_name="reports",
        verbose_name=_("kategori"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="reports", verbose_name=_("tag"))
    # Where the matter happened (a regency/city) and who handles it now.
    location = models.ForeignKey(
        "directory.Jurisdiction", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("kabupaten/kota"),
    )
    district = models.ForeignKey(
        "directory.District", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("kecamatan"),
    )
    address = models.CharField(_("alamat atau lokasi"), max_length=255, blank=True)
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    event_date = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    jurisdiction = models.ForeignKey(
        "directory.Jurisdiction", on_delete=models.PROTECT, related_name="reports",
        verbose_name=_("instansi penerima"),
    )
    agency = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="reports",
        verbose_name=_("OPD penanggung jawab"),
    )
    is_anonymous = models.BooleanField(_("anonim"), default=False)
    is_confidential = models.BooleanField(_("rahasia"), default=False)
    channel = models.CharField(_("kanal"), max_length=12, choices=Channel.choices, default=Channel.WEB)

    # The account that filed a named report. An anonim report filed with an account does not name it
    # in clear: `reporter` stays empty and the account is kept in `sealed_reporter`, encrypted
    # ("user:<id>"), found through its blind index (`filed_by`), so a copy of the database does not
    # tie the report to the account; the application reads it through `filer_id` / `filer`.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports",
    )
    sealed_reporter = EncryptedTextField(blank=True, default="")
    sealed_reporter_index = BlindIndexField(source="sealed_reporter", kind="exact")
    # A guest follows the report through a private link; only the secret's hash is stored.
    guest_secret_hash = models.CharField(max_length=64, blank=True)
    # One submission token per filled-in form, so a double submit files one report.
    submission_token = models.UUIDField(null=True, blank=True, unique=True)

    state = models.CharField(_("status"), max_length=12, choices=State.choices, default=State.SUBMITTED)
    state_changed_at = models.DateTimeField(_("status berubah"))
    # Mirror of the running clock's due moment (baruga.clocks); null when none runs or it is paused.
    due_at = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    # Perpres 76/2013: the legal ceiling, 60 days after the file is complete; no extension passes it.
    ceiling_at = models.DateTimeField(_("batas akhir"), null=True, blank=True)
    archive_reason = models.CharField(_("alasan arsip"), max_length=20, choices=ArchiveReason.choices, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates",
        verbose_name=_("duplikat dari"),
    )
    rating = models.PositiveSmallIntegerField(_("penilaian"), null=True, blank=True)
    rating_comment = models.TextField(_("komentar penilaian"), blank=True)

    created_at = models.DateTimeField(_("diterima"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        constraints = [
            models.CheckConstraint(name="report_state_valid", condition=Q(state__in=State.values)),
            models.CheckConstraint(name="report_kind_valid", condition=Q(kind__in=Kind.values)),
            models.CheckConstraint(
                name="report_rating_range", condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5)
            ),
            models.CheckConstraint(
                name="report_dispatched_has_agency",
                condition=~Q(state__in=["dispatched", "in_progress", "responded"]) | Q(agency__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["jurisdiction", "state", "-created_at"], name="report_jur_state_created"),
            models.Index(fields=["agency", "state", "-created_at"], name="report_agency_state_created"),
            models.Index(fields=["state", "due_at"], name="report_state_due"),
            models.Index(fields=["reporter", "-created_at"], name="report_reporter_created"),
            models.Index(fields=["is_confidential", "state", "-created_at"], name="report_public_list"),
            # Newest-first lists without a state filter (bench/: the admin's and the OPD's inbox, the
            # public list) walk these instead of sorting every visible report.
            models.Index(fields=["jurisdiction", "-created_at", "-id"], name="report_jur_recent"),
            models.Index(fields=["agency", "-created_at", "-id"], name="report_agency_recent"),
            models.Index(fields=["-created_at", "-id"], name="report_public_recent",
                         condition=Q(is_confidential=False, state__in=[
                             "verified", "dispatched", "in_progress", "responded", "finished"])),
            # The inbox's counts per state read only these (index-only scans on PostgreSQL).
            models.Index(fields=["jurisdiction", "state"], include=["reporter"], name="report_jur_state_cover"),
            models.Index(fields=["agency", "state"], include=["reporter"], name="report_agency_state_cover"),
            # The inbox filtered by category (and status), newest first.
            models.Index(fields=["jurisdiction", "category", "state", "-created_at"], name="report_jur_cat_state"),
            # The inbox by due moment ("Batas waktu terdekat", the overdue and due-soon views): nulls sort
            # last in an ascending index, so the walk serves the whole order and its cursors.
            models.Index(fields=["jurisdiction", "due_at", "-created_at", "-id"], name="report_jur_due"),
            models.Index(fields=["agency", "due_at", "-created_at", "-id"], name="report_agency_due"),
        ]

    def __str__(self):
        return f"{self.tracking_id} · {self.title}"

    @property
    def is_guest(self):
        return self.filer_id is None

    @property
    def filer_id(self):
        """The id of the account that filed the report, named or anonim; None for a guest."""
        if self.reporter_id is not None:
            return self.reporter_id
        if self.sealed_reporter:
            return int(self.sealed_reporter.removeprefix(SEALED_PREFIX))
        return None

    @property
    def filer(self):
        """The account that filed the report (a query for an anonim one); None for a guest."""
        if self.reporter_id is not None:
            return self.reporter
        filer_id = self.filer_id
        return self._meta.get_field("reporter").related_model._default_manager.filter(pk=filer_id).first() \
            if filer_id is not None else None

    def set_filer(self, user_id):
        """Keep the filing account in the form the report's anonymity asks for (sealed when anonim)."""
        if self.is_anonymous and user_id is not None:
            self.reporter_id, self.sealed_reporter = None, f"{SEALED_PREFIX}{user_id}"
        else:
            self.reporter_id, self.sealed_reporter = user_id, ""


SEALED_PREFIX = "user:"


def filed_by(user, prefix=""):
    """The condition "filed with `user`'s account", named or anonim (the sealed link through its blind
    index); `prefix` for a related model (e.g. "report__")."""
    return Q(**{f"{prefix}reporter": user}) | Q(**{f"{prefix}sealed_reporter": f"{SEALED_PREFIX}{user.pk}"})


class ReporterContact(models.Model):
    """Identity the reporter gave. Personal data: never shown to OPD staff when the report is anonim.

    Encrypted at rest (`baruga.lib.crypto`); e-mail, phone and NIK are found through their blind
    indexes (`baruga.accounts.privacy.find_subject`), never by their content.
    """

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="contact")
    name = EncryptedTextField(_("nama"), max_length=120, blank=True)
    email = EncryptedTextField(_("e-mail"), max_length=254, blank=True)
    phone = EncryptedTextField(_("nomor telepon"), max_length=20, blank=True)
    # For requesters who must identify themselves (PPID); the complaint form does not ask for them.
    nik = EncryptedTextField(_("NIK"), max_length=16, blank=True)
    address = EncryptedTextField(_("alamat pelapor"), max_length=255, blank=True)
    email_index = BlindIndexField(source="email", kind="email")
    phone_index = BlindIndexField(source="phone", kind="phone")
    nik_index = BlindIndexField(source="nik", kind="nik")

    class Meta:
        verbose_name = _("identitas pelapor")
        verbose_name_plural = _("identitas pelapor")


class StaffRecording(models.Model):
    """Where a report recorded by staff came from: kept beside the report, not on it (channel "staff")."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="staff_recording")
    source = models.CharField(_("sumber"), max_length=16, choices=Source.choices)
    source_url = models.URLField(_("tautan sumber"), max_length=500, blank=True)
    received_on = models.DateField(_("tanggal diterima"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("catatan petugas")
        verbose_name_plural = _("catatan petugas")
        constraints = [
            models.CheckConstraint(name="staff_recording_source_valid", condition=Q(source__in=Source.values)),
        ]


class ReportEvent(models.Model):
    """One entry of a report's history: a transition, with who, when, from, to and why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=24, choices=EventAction.choices)
    from_state = models.CharField(max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The unit that acted, shown publicly instead of the officer.
    jurisdiction = models.ForeignKey(
        "directory.Jurisdiction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey("directory.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("riwayat laporan")
        verbose_name_plural = _("riwayat laporan")
        constraints = [
            models.CheckConstraint(name="report_event_action_valid", condition=Q(action__in=EventAction.values)),
        ]


class Response(models.Model):
    """A follow-up (tindak lanjut) written by the responsible OPD."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan kepala OPD")
        PUBLISHED = "published", _("Diterbitkan")
        REJECTED = "rejected", _("Dikembalikan oleh kepala OPD")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="responses")
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="responses")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("isi tindak lanjut"))
    status = models.CharField(max_length=10, choices=Status.choices)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        constraints = [
            models.CheckConstraint(name="response_status_valid", condition=Q(status__in=["pending", "published", "rejected"])),
            models.UniqueConstraint(
                fields=["report"], condition=Q(status="pending"), name="response_one_pending_per_report"
            ),
        ]


class InternalNote(models.Model):
    """A note between staff; the reporter and the public never see it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    agency = models.ForeignKey("directory.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    body = models.TextField(_("catatan"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


def attachment_path(instance, filename):
    # Never the uploaded name: it may identify the reporter, and it may lie about the type.
    return f"attachments/{instance.created_at:%Y/%m}/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def extension(self):
        return {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}.get(
            self.content_type, ".bin"
        )

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


class Support(models.Model):
    """A citizen's "dukung": this public report concerns me too (instead of filing the same matter again).

    Counted once per account (`user`) or once per browser of a guest (`guest_key`: the SHA-256 of a
    random token kept in a signed cookie; the token itself is never stored). No address, name or other
    personal data is kept; only the count is shown.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")
    guest_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dukungan")
        verbose_name_plural = _("dukungan")
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], condition=Q(user__isnull=False),
                                    name="support_once_per_account"),
            models.UniqueConstraint(fields=["report", "guest_key"], condition=~Q(guest_key=""),
                                    name="support_once_per_guest"),
            models.CheckConstraint(name="support_has_one_supporter",
                                   condition=(Q(user__isnull=False) & Q(guest_key=""))
                                   | (Q(user__isnull=True) & ~Q(guest_key=""))),
        ]


class SuggestionTarget(models.TextChoices):
    CATEGORY = "category", _("kategori")
    AGENCY = "agency", _("OPD")


class SuggestionModel(models.Model):
    """A jurisdiction's category or OPD suggestion model (`complaints.suggest`): plain counts, never a pickle.

    An empty model (`documents` 0) notes a training attempt with too little to learn from."""

    jurisdiction = models.ForeignKey("directory.Jurisdiction", on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=10, choices=SuggestionTarget.choices)
    params = models.JSONField(default=dict, editable=False)
    trained_at = models.DateTimeField()
    documents = models.PositiveIntegerField(default=0)
    classes = models.PositiveIntegerField(default=0)
    # Accuracy on the newest 20% of the reports, by a model trained on the older 80% (None below 50 reports).
    holdout_top1 = models.FloatField(null=True, blank=True)
    holdout_top3 = models.FloatField(null=True, blank=True)
    holdout_size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("model saran")
        verbose_name_plural = _("model saran")
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "target"], name="suggestion_model_once")]


class SuggestionShown(models.Model):
    """The first suggestions an admin was shown for a report: compared with the decision, they give the
    accuracy as the admins met it. Identifiers and confidences only."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=10, choices=SuggestionTarget.choices)
    items = models.JSONField(default=list)  # [{"id": …, "confidence": …}], best first
    shown_at = models.DateTimeField(auto_now_add=True)
    shown_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")

    class Meta:
        verbose_name = _("saran yang ditampilkan")
        verbose_name_plural = _("saran yang ditampilkan")
        constraints = [models.UniqueConstraint(fields=["report", "target"], name="suggestion_shown_once")]
