"""Public information requests (UU 14/2008, PerKI 1/2021), objections, disputes and the DIP.

State changes never happen here: they go through `baruga.ppid.actions`, which consult the
transition table in `baruga.ppid.workflow`. Deadlines are counted in working days by the
business calendar (`baruga.clocks.calendar`), see `baruga.ppid.deadlines`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baruga.lib.crypto import EncryptedTextField
from baruga.lib.textsearch import stored_text


class RequesterType(models.TextChoices):
    PERSON = "person", _("Perorangan")
    GROUP = "group", _("Kelompok orang")
    LEGAL_ENTITY = "legal_entity", _("Badan hukum")


class ObtainMethod(models.TextChoices):
    SEE = "see", _("Melihat / membaca / mendengarkan / mencatat")
    COPY = "copy", _("Mendapatkan salinan")


class CopyFormat(models.TextChoices):
    ELECTRONIC = "electronic", _("Salinan elektronik (softcopy)")
    PRINTED = "printed", _("Salinan cetak (hardcopy)")


class DeliveryMethod(models.TextChoices):
    ONLINE = "online", _("Unduh lewat tautan pribadi di Baruga")
    EMAIL = "email", _("E-mail")
    PICKUP = "pickup", _("Mengambil langsung")
    POST = "post", _("Pos / kurir")


class RequestState(models.TextChoices):
    REGISTERED = "registered", _("Terdaftar, menunggu keputusan")
    EXTENDED = "extended", _("Diperpanjang, menunggu keputusan")
    DECIDED = "decided", _("Sudah diputuskan")
    OBJECTED = "objected", _("Keberatan diajukan")
    OBJECTION_ANSWERED = "objection_answered", _("Keberatan sudah ditanggapi")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Dikabulkan seluruhnya")
    PARTLY_GRANTED = "partly_granted", _("Dikabulkan sebagian")
    REFUSED = "refused", _("Ditolak (informasi dikecualikan)")
    NOT_HELD = "not_held", _("Informasi tidak dikuasai")
    NOT_DOCUMENTED = "not_documented", _("Informasi belum didokumentasikan")


# Outcomes that withhold (part of) the information under Pasal 17 and need the consequence test.
EXEMPTING_OUTCOMES = (Outcome.REFUSED, Outcome.PARTLY_GRANTED)
# Outcomes under which documents are handed over.
GRANTING_OUTCOMES = (Outcome.GRANTED, Outcome.PARTLY_GRANTED)


class ExemptionGround(models.TextChoices):
    """UU 14/2008 Pasal 17: information exempt because opening it would..."""

    A = "a", _("a. Menghambat proses penegakan hukum")
    B = "b", _("b. Mengganggu HKI / persaingan usaha sehat")
    C = "c", _("c. Membahayakan pertahanan dan keamanan negara")
    D = "d", _("d. Mengungkap kekayaan alam Indonesia")
    E = "e", _("e. Merugikan ketahanan ekonomi nasional")
    F = "f", _("f. Merugikan hubungan luar negeri")
    G = "g", _("g. Mengungkap akta otentik pribadi / wasiat")
    H = "h", _("h. Mengungkap rahasia pribadi")
    I = "i", _("i. Memorandum antar/intra badan publik yang dirahasiakan")  # noqa: E741
    J = "j", _("j. Dilarang diungkap oleh undang-undang")


class Channel(models.TextChoices):
    WEB = "web", _("Situs web")
    API = "api", _("API")
    OFFICE = "office", _("Dicatat petugas")
    REPORT = "report", _("Dari laporan Baruga")


class InformationRequest(models.Model):
    registration_number = models.CharField(_("nomor registrasi"), max_length=32, unique=True)
    jurisdiction = models.ForeignKey(
        "directory.Jurisdiction", on_delete=models.PROTECT, related_name="information_requests",
        verbose_name=_("badan publik"),
    )
    agency = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="information_requests",
        verbose_name=_("OPD yang menguasai informasi"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="information_requests",
    )
    # A guest follows the request through a private link; only the secret's hash is stored.
    guest_secret_hash = models.CharField(max_length=64, blank=True)
    submission_token = models.UUIDField(null=True, blank=True, unique=True)
    source_report = models.OneToOneField(
        "complaints.Report", on_delete=models.SET_NULL, null=True, blank=True, related_name="ppid_request",
        verbose_name=_("berasal dari laporan"),
    )
    channel = models.CharField(_("kanal"), max_length=8, choices=Channel.choices, default=Channel.WEB)

    information_wanted = models.TextField(_("rincian informasi yang dibutuhkan"))
    purpose = models.TextField(_("tujuan penggunaan informasi"))
    obtain_method = models.CharField(_("cara memperoleh informasi"), max_length=8, choices=ObtainMethod.choices)
    copy_format = models.CharField(_("bentuk salinan"), max_length=12, choices=CopyFormat.choices, blank=True)
    delivery_method = models.CharField(_("cara mendapatkan salinan"), max_length=8, choices=DeliveryMethod.choices)

    state = models.CharField(_("status"), max_length=20, choices=RequestState.choices,
                             default=RequestState.REGISTERED)
    registered_at = models.DateTimeField(_("terdaftar"))
    # The decision clock: `working_days` (+ `extension_days` once extended) from `registered_at`.
    working_days = models.PositiveSmallIntegerField(_("hari kerja"))
    extension_days = models.PositiveSmallIntegerField(_("perpanjangan (hari kerja)"), default=0)
    due_at = models.DateTimeField(_("batas keputusan"))
    extended_at = models.DateTimeField(null=True, blank=True)
    extension_reason = models.TextField(_("alasan perpanjangan"), blank=True)
    extension_notice = models.TextField(_("pemberitahuan tertulis perpanjangan"), blank=True)

    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    outcome = models.CharField(_("keputusan"), max_length=16, choices=Outcome.choices, blank=True)
    exemption_ground = models.CharField(_("alasan pengecualian (Pasal 17)"), max_length=1,
                                        choices=ExemptionGround.choices, blank=True)
    consequence_test = models.TextField(_("uji konsekuensi"), blank=True)
    decision_text = models.TextField(_("isi pemberitahuan tertulis"), blank=True)

    # Claimed once each by the sweep (conditional UPDATE), like the complaint clocks.
    overdue_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-registered_at", "-id"]
        verbose_name = _("permohonan informasi")
        verbose_name_plural = _("permohonan informasi")
        constraints = [
            models.CheckConstraint(name="ppid_request_state_valid", condition=Q(state__in=RequestState.values)),
            models.CheckConstraint(name="ppid_request_channel_valid", condition=Q(channel__in=Channel.values)),
            models.CheckConstraint(name="ppid_request_obtain_valid", condition=Q(obtain_method__in=ObtainMethod.values)),
            models.CheckConstraint(name="ppid_request_delivery_valid",
                                   condition=Q(delivery_method__in=DeliveryMethod.values)),
            models.CheckConstraint(name="ppid_request_copy_format_valid",
                                   condition=Q(copy_format="") | Q(obtain_method="copy",
                                                                   copy_format__in=CopyFormat.values)),
            models.CheckConstraint(name="ppid_request_outcome_iff_decided",
                                   condition=Q(decided_at__isnull=True, outcome="")
                                   | Q(decided_at__isnull=False, outcome__in=Outcome.values)),
            models.CheckConstraint(name="ppid_request_exemption_valid",
                                   condition=Q(exemption_ground="") | Q(exemption_ground__in=ExemptionGround.values)),
            models.CheckConstraint(name="ppid_request_withholding_cites_ground",
                                   condition=~Q(outcome__in=EXEMPTING_OUTCOMES)
                                   | (~Q(exemption_ground="") & ~Q(consequence_test=""))),
        ]
        indexes = [
            models.Index(fields=["jurisdiction", "state", "-registered_at"], name="ppid_req_jur_state"),
            models.Index(fields=["agency", "state", "-registered_at"], name="ppid_req_agency_state"),
            models.Index(fields=["state", "due_at"], name="ppid_req_state_due"),
            models.Index(fields=["requester", "-registered_at"], name="ppid_req_requester"),
        ]

    def __str__(self):
        return self.registration_number

    @property
    def is_open(self):
        return self.state in (RequestState.REGISTERED, RequestState.EXTENDED)

    @property
    def withholds(self):
        return self.outcome in EXEMPTING_OUTCOMES

    @property
    def grants(self):
        return self.outcome in GRANTING_OUTCOMES


class RequesterIdentity(models.Model):
    """Who asked. Personal data (UU 27/2022): shown only to the requester and the PPID officers
    of the request (`permissions.can_see_identity`), never in lists, reports or the public pages.

    Kept apart from the request like `complaints.ReporterContact`, and like it encrypted at rest
    (`baruga.lib.crypto`): the columns hold Fernet tokens, the attributes clear text. Nothing
    searches these fields by content.
    """

    request = models.OneToOneField(InformationRequest, on_delete=models.CASCADE, related_name="identity")
    requester_type = models.CharField(_("jenis pemohon"), max_length=12, choices=RequesterType.choices,
                                      default=RequesterType.PERSON)
    name = EncryptedTextField(_("nama"), max_length=120)
    address = EncryptedTextField(_("alamat"), max_length=500)
    email = EncryptedTextField(_("e-mail"), max_length=254, blank=True)
    phone = EncryptedTextField(_("nomor telepon"), max_length=20, blank=True)
    # NIK for persons and a group's representative; the legal entity's registration (SK Kemenkumham).
    identity_number = EncryptedTextField(_("nomor identitas"), max_length=64)

    class Meta:
        verbose_name = _("identitas pemohon")
        verbose_name_plural = _("identitas pemohon")
        constraints = [
            models.CheckConstraint(name="ppid_identity_type_valid",
                                   condition=Q(requester_type__in=RequesterType.values)),
        ]


class RequestEvent(models.Model):
    """One entry of a request's history: who, when, from, to and why."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=24)
    from_state = models.CharField(max_length=20, choices=RequestState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=RequestState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("riwayat permohonan")
        verbose_name_plural = _("riwayat permohonan")


class RegistrationCounter(models.Model):
    """The last registration number handed out per jurisdiction and year (incremented under a row lock)."""

    jurisdiction = models.ForeignKey("directory.Jurisdiction", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "year"], name="ppid_counter_unique")]


def _document_path(instance, filename):
    # Never the uploaded name: it may identify someone and may lie about the type.
    ext = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}.get(
        instance.content_type, ".bin")
    return f"ppid/{instance.created_at:%Y/%m}/{uuid.uuid4().hex}{ext}"


class StoredFile(models.Model):
    file = models.FileField(upload_to=_document_path, max_length=200, blank=True)
    original_name = models.CharField(_("nama berkas"), max_length=120, blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    @property
    def extension(self):
        return {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}.get(
            self.content_type, ".bin")


class RequestDocument(StoredFile):
    """A document the PPID hands over; reached only through an expiring signed link."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="documents")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    class Meta(StoredFile.Meta):
        verbose_name = _("dokumen permohonan")
        verbose_name_plural = _("dokumen permohonan")


class ObjectionGround(models.TextChoices):
    """UU 14/2008 Pasal 35 ayat (1)."""

    REFUSED = "a", _("a. Permohonan ditolak dengan alasan pengecualian Pasal 17")
    NO_PERIODIC = "b", _("b. Informasi berkala tidak disediakan")
    NO_RESPONSE = "c", _("c. Permohonan tidak ditanggapi")
    NOT_AS_ASKED = "d", _("d. Ditanggapi tidak sebagaimana yang diminta")
    NOT_FULFILLED = "e", _("e. Permohonan tidak dipenuhi")
    UNREASONABLE_FEE = "f", _("f. Biaya yang tidak wajar")
    LATE = "g", _("g. Disampaikan melebihi jangka waktu")


class ObjectionAnswer(models.TextChoices):
    UPHELD = "upheld", _("Keberatan diterima; PPID diperintahkan memberikan informasi")
    REJECTED = "rejected", _("Keberatan ditolak; keputusan PPID dikuatkan")


class Objection(models.Model):
    """A keberatan to the atasan PPID: one per request."""

    request = models.OneToOneField(InformationRequest, on_delete=models.CASCADE, related_name="objection")
    ground = models.CharField(_("alasan keberatan"), max_length=1, choices=ObjectionGround.choices)
    # The moment the ground arose (the decision, or the missed deadline) and the window it opened.
    ground_at = models.DateTimeField(_("alasan timbul"))
    window_closes_at = models.DateTimeField(_("batas pengajuan keberatan"))
    reason = models.TextField(_("uraian keberatan"))
    filed_at = models.DateTimeField(_("diajukan"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    answer_due_at = models.DateTimeField(_("batas tanggapan atasan PPID"))
    answered_at = models.DateTimeField(_("ditanggapi"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    answer = models.CharField(_("tanggapan"), max_length=10, choices=ObjectionAnswer.choices, blank=True)
    answer_text = models.TextField(_("isi tanggapan atasan PPID"), blank=True)
    overdue_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        constraints = [
            models.CheckConstraint(name="ppid_objection_ground_valid", condition=Q(ground__in=ObjectionGround.values)),
            models.CheckConstraint(name="ppid_objection_answer_iff_answered",
                                   condition=Q(answered_at__isnull=True, answer="")
                                   | Q(answered_at__isnull=False, answer__in=ObjectionAnswer.values)),
        ]
        indexes = [models.Index(fields=["answered_at", "answer_due_at"], name="ppid_objection_open_due")]

    def __str__(self):
        return f"{self.request} · {self.get_ground_display()}"


class DisputeOutcome(models.TextChoices):
    PENDING = "pending", _("Dalam proses di Komisi Informasi")
    MEDIATED = "mediated", _("Selesai melalui mediasi")
    GRANTED = "granted", _("Permohonan dikabulkan")
    PARTLY_GRANTED = "partly_granted", _("Permohonan dikabulkan sebagian")
    REJECTED = "rejected", _("Permohonan ditolak")
    INADMISSIBLE = "inadmissible", _("Permohonan tidak dapat diterima")
    WITHDRAWN = "withdrawn", _("Dicabut pemohon")


class Dispute(models.Model):
    """A record of a dispute the requester took to the Komisi Informasi (UU 14/2008 Pasal 37). Record only."""

    objection = models.OneToOneField(Objection, on_delete=models.CASCADE, related_name="dispute")
    filed_on = models.DateField(_("tanggal didaftarkan di Komisi Informasi"))
    registration_number = models.CharField(_("nomor register sengketa"), max_length=80)
    window_closes_at = models.DateTimeField(_("batas pengajuan sengketa"))
    filed_in_time = models.BooleanField(_("diajukan tepat waktu"), default=True)
    outcome = models.CharField(_("hasil"), max_length=16, choices=DisputeOutcome.choices,
                               default=DisputeOutcome.PENDING)
    decided_on = models.DateField(_("tanggal putusan"), null=True, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sengketa informasi")
        verbose_name_plural = _("sengketa informasi")
        constraints = [
            models.CheckConstraint(name="ppid_dispute_outcome_valid", condition=Q(outcome__in=DisputeOutcome.values)),
        ]


class InfoCategory(models.TextChoices):
    PERIODIC = "berkala", _("Berkala")
    IMMEDIATE = "serta_merta", _("Serta merta")
    ON_REQUEST = "setiap_saat", _("Tersedia setiap saat")
    EXEMPT = "dikecualikan", _("Dikecualikan")


class PublicInformation(models.Model):
    """One entry of the Daftar Informasi Publik (DIP) of a jurisdiction."""

    jurisdiction = models.ForeignKey("directory.Jurisdiction", on_delete=models.PROTECT,
                                     related_name="public_information", verbose_name=_("badan publik"))
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="public_information", verbose_name=_("OPD pemilik informasi"))
    title = models.CharField(_("judul informasi"), max_length=200)
    summary = models.TextField(_("ringkasan isi"), blank=True)
    # Title and summary as search terms (baruga/lib/textnorm.py), refreshed on every save (docs/search.md).
    search_text = models.TextField(default="", blank=True, editable=False)
    category = models.CharField(_("klasifikasi"), max_length=12, choices=InfoCategory.choices)
    exemption_ground = models.CharField(_("alasan pengecualian (Pasal 17)"), max_length=1,
                                        choices=ExemptionGround.choices, blank=True)
    consequence_test = models.TextField(_("uji konsekuensi"), blank=True)
    exempt_until = models.DateField(_("dikecualikan sampai"), null=True, blank=True)
    responsible = models.CharField(_("pejabat penanggung jawab"), max_length=160, blank=True)
    form = models.CharField(_("bentuk informasi"), max_length=60, blank=True,
                            help_text=_("Misalnya: softcopy, hardcopy, atau keduanya."))
    retention = models.CharField(_("jangka waktu penyimpanan"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun pembuatan"), null=True, blank=True)
    last_updated_on = models.DateField(_("terakhir diperbarui"))
    next_review_on = models.DateField(_("tanggal tinjauan berikutnya"), null=True, blank=True)
    is_published = models.BooleanField(_("ditampilkan di DIP"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["jurisdiction", "category", "title"]
        verbose_name = _("informasi publik (DIP)")
        verbose_name_plural = _("daftar informasi publik (DIP)")
        constraints = [
            models.CheckConstraint(name="ppid_dip_category_valid", condition=Q(category__in=InfoCategory.values)),
            models.CheckConstraint(name="ppid_dip_exemption_valid",
                                   condition=Q(exemption_ground="") | Q(exemption_ground__in=ExemptionGround.values)),
            models.CheckConstraint(name="ppid_dip_exempt_cites_ground",
                                   condition=~Q(category="dikecualikan")
                                   | (~Q(exemption_ground="") & ~Q(consequence_test="")),
                                   violation_error_message=_("Informasi dikecualikan wajib menyebut alasan Pasal 17 "
                                                             "dan hasil uji konsekuensi.")),
        ]
        indexes = [models.Index(fields=["is_published", "category", "jurisdiction"], name="ppid_dip_public")]

    def save(self, *args, **kwargs):
        # The DIP is written through the admin only: its search text is kept here (docs/search.md).
        self.search_text = stored_text(self.title, self.summary)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ({"title", "summary"} & set(update_fields)):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def __str__(self):
        return self.title

    @property
    def is_exempt(self):
        return self.category == InfoCategory.EXEMPT


class PublicInformationDocument(StoredFile):
    item = models.ForeignKey(PublicInformation, on_delete=models.CASCADE, related_name="documents")
    url = models.URLField(_("tautan luar"), blank=True,
                          help_text=_("Isi jika dokumen sudah terbit di situs lain; kosongkan jika mengunggah berkas."))

    class Meta(StoredFile.Meta):
        verbose_name = _("dokumen DIP")
        verbose_name_plural = _("dokumen DIP")
        constraints = [
            models.CheckConstraint(name="ppid_dip_document_has_source", condition=~Q(file="") | ~Q(url="")),
        ]
