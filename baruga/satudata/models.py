"""Satu Data Indonesia (Perpres 39/2019): the catalogue of the OPDs' sectoral data.

A `Dataset` belongs to one OPD (`directory.Agency`, the produsen data) of one jurisdiction; the
walidata of that jurisdiction reviews and publishes it. Its `Resource`s are files (uploaded, every
upload kept as a `ResourceVersion`, never overwritten) or links; a tabular file (CSV, XLSX) is also
loaded into the datastore (`DatastoreTable`, its rows in a typed table of their own per resource,
portable between SQLite and PostgreSQL).

The shapes follow CKAN where CKAN has a name for a thing (`name`, `notes`, `license_id`,
`metadata_modified`, `url_type`, `datastore_active`, …) so the CKAN action API is a thin layer.
State changes never happen here: they go through `baruga.satudata.actions`.
"""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baruga.lib.textsearch import stored_text

# CKAN's rule for a dataset/group name: 2–100 lowercase alphanumerics, "-" or "_".
NAME_PATTERN = r"^[a-z0-9_-]{2,100}$"
name_validator = RegexValidator(NAME_PATTERN, _("Gunakan 2–100 huruf kecil, angka, “-” atau “_”."))


class State(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan, menunggu pemeriksaan walidata")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    PUBLISHED = "published", _("Terbit")
    WITHDRAWN = "withdrawn", _("Ditarik dari publikasi")
    DELETED = "deleted", _("Dihapus")


class AccessLevel(models.TextChoices):
    OPEN = "open", _("Terbuka")
    RESTRICTED = "restricted", _("Terbatas")
    CLOSED = "closed", _("Tertutup")


class Frequency(models.TextChoices):
    """How often the data is renewed; `MONTHS` gives the period after which it is overdue."""

    DAILY = "daily", _("Harian")
    WEEKLY = "weekly", _("Mingguan")
    MONTHLY = "monthly", _("Bulanan")
    QUARTERLY = "quarterly", _("Triwulanan")
    SEMIANNUAL = "semiannual", _("Semesteran")
    ANNUAL = "annual", _("Tahunan")
    IRREGULAR = "irregular", _("Tidak tentu")
    ONCE = "once", _("Sekali (tidak diperbarui)")


# Days after the last data update before a dataset of this frequency is overdue (None: never overdue).
# A grace of about half a period is added to the period itself.
FREQUENCY_DAYS = {
    Frequency.DAILY: 3, Frequency.WEEKLY: 10, Frequency.MONTHLY: 45, Frequency.QUARTERLY: 135,
    Frequency.SEMIANNUAL: 270, Frequency.ANNUAL: 455, Frequency.IRREGULAR: None, Frequency.ONCE: None,
}


class CollectionMethod(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Kompilasi produk administrasi")
    SURVEY = "survey", _("Survei")
    CENSUS = "census", _("Sensus")
    OTHER = "other", _("Lainnya")


class License(models.Model):
    """A licence, with CKAN's ids ("cc-by-4.0"); the rows are written by migration 0001."""

    id = models.CharField(primary_key=True, max_length=40)
    title = models.CharField(_("nama"), max_length=120)
    url = models.URLField(_("tautan"), blank=True)
    is_open = models.BooleanField(_("terbuka (Open Definition)"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("lisensi")
        verbose_name_plural = _("lisensi")

    def __str__(self):
        return self.title


class Group(models.Model):
    """A topic: an urusan pemerintahan (UU 23/2014). CKAN's "group"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("nama singkat"), max_length=100, unique=True, validators=[name_validator])
    title = models.CharField(_("judul"), max_length=160)
    description = models.TextField(_("keterangan"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("topik")
        verbose_name_plural = _("topik")

    def __str__(self):
        return self.title


class Tag(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("nama"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tag")

    def __str__(self):
        return self.name


class HarvestSource(models.Model):
    """Another catalogue (a regency's Baruga, any CKAN, a DCAT feed) whose datasets are copied here.

    Harvested datasets belong to `agency` (an OPD of `jurisdiction` standing for the source) unless
    the harvester maps them to a closer one; they keep `Dataset.harvest_source` and `remote_id`."""

    class Kind(models.TextChoices):
        CKAN = "ckan", _("CKAN action API")
        DCAT = "dcat", _("DCAT")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("nama"), max_length=160)
    url = models.URLField(_("alamat katalog"), max_length=500)
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices, default=Kind.CKAN)
    jurisdiction = models.ForeignKey("directory.Jurisdiction", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("wilayah penerima"))
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("OPD pemilik bawaan"))
    is_active = models.BooleanField(_("aktif"), default=True)
    last_run_at = models.DateTimeField(_("terakhir dipanen"), null=True, blank=True)
    # The largest remote metadata_modified seen: the next run asks only for what changed since.
    last_modified_seen = models.DateTimeField(null=True, blank=True)
    config = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("sumber panen")
        verbose_name_plural = _("sumber panen")

    def __str__(self):
        return self.title


class Dataset(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("nama singkat (URL)"), max_length=100, unique=True, validators=[name_validator])
    title = models.CharField(_("judul"), max_length=200)
    notes = models.TextField(_("deskripsi"), blank=True)
    jurisdiction = models.ForeignKey("directory.Jurisdiction", on_delete=models.PROTECT, related_name="datasets",
                                     verbose_name=_("wilayah"))
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="datasets",
                               verbose_name=_("OPD produsen data"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="datasets", verbose_name=_("tag"))
    groups = models.ManyToManyField(Group, blank=True, related_name="datasets", verbose_name=_("topik"))
    license = models.ForeignKey(License, on_delete=models.PROTECT, null=True, blank=True, related_name="datasets",
                                verbose_name=_("lisensi"))
    # The data standard (Perpres 39/2019 Pasal 6).
    konsep = models.TextField(_("konsep"), blank=True)
    definisi = models.TextField(_("definisi"), blank=True)
    klasifikasi = models.TextField(_("klasifikasi"), blank=True)
    ukuran = models.CharField(_("ukuran"), max_length=200, blank=True)
    satuan = models.CharField(_("satuan"), max_length=100, blank=True)
    frequency = models.CharField(_("frekuensi"), max_length=12, choices=Frequency.choices, default=Frequency.ANNUAL)
    period_start = models.DateField(_("periode awal"), null=True, blank=True)
    period_end = models.DateField(_("periode akhir"), null=True, blank=True)
    region_code = models.CharField(_("kode wilayah (Kemendagri)"), max_length=13, blank=True)
    source = models.CharField(_("sumber data"), max_length=255, blank=True)
    collection_method = models.CharField(_("cara pengumpulan"), max_length=16, choices=CollectionMethod.choices,
                                         blank=True)
    access_level = models.CharField(_("tingkat akses"), max_length=10, choices=AccessLevel.choices,
                                    default=AccessLevel.OPEN)
    priority_year = models.PositiveSmallIntegerField(_("data prioritas tahun"), null=True, blank=True)
    maintainer = models.CharField(_("narahubung"), max_length=120, blank=True)
    maintainer_email = models.EmailField(_("e-mail narahubung"), blank=True)
    # CKAN "extras" we do not model: key → string, passed through by the API.
    extras = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("dibuat oleh"))
    created = models.DateTimeField(_("dibuat"), default=timezone.now, editable=False)
    # Any change of metadata or resources (CKAN's metadata_modified): set by every action.
    metadata_modified = models.DateTimeField(_("metadata diubah"), default=timezone.now, db_index=True)
    # The last time the data itself changed (a resource added or a new file version): currency.
    data_updated = models.DateTimeField(_("data diperbarui"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    # The walidata's review clock: due date in working days (clocks.calendar), reminder stamps.
    review_due = models.DateField(_("batas pemeriksaan"), null=True, blank=True)
    review_reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True)
    # Harvested from another catalogue: where it came from (see HarvestSource).
    harvest_source = models.ForeignKey(HarvestSource, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="datasets", verbose_name=_("sumber panen"))
    remote_id = models.CharField(_("id di sumber"), max_length=100, blank=True)
    source_url = models.URLField(_("halaman di sumber"), max_length=500, blank=True)
    harvested_at = models.DateTimeField(_("dipanen"), null=True, blank=True)
    # The source's metadata_modified of the copy we hold: an unchanged remote dataset is skipped.
    remote_modified = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(default="", blank=True, editable=False)

    class Meta:
        ordering = ["-metadata_modified", "id"]
        verbose_name = _("dataset")
        verbose_name_plural = _("dataset")
        indexes = [
            models.Index(fields=["state", "access_level"], name="sd_dataset_public"),
            models.Index(fields=["agency", "state"], name="sd_dataset_agency_state"),
            models.Index(fields=["jurisdiction", "state"], name="sd_dataset_jur_state"),
        ]
        constraints = [
            models.CheckConstraint(name="sd_dataset_state_valid", condition=Q(state__in=State.values)),
            models.CheckConstraint(name="sd_dataset_access_valid", condition=Q(access_level__in=AccessLevel.values)),
            models.CheckConstraint(name="sd_dataset_frequency_valid", condition=Q(frequency__in=Frequency.values)),
            models.CheckConstraint(name="sd_dataset_period_order",
                                   condition=Q(period_start__isnull=True) | Q(period_end__isnull=True)
                                   | Q(period_end__gte=models.F("period_start"))),
            models.UniqueConstraint(fields=["harvest_source", "remote_id"], condition=Q(harvest_source__isnull=False),
                                    name="sd_dataset_harvest_once"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return self.state == State.PUBLISHED and self.access_level == AccessLevel.OPEN

    def refresh_search_text(self):
        tags = " ".join(t.name for t in self.tags.all()) if self.pk and not self._state.adding else ""
        body = " ".join(x for x in (self.notes, tags, self.konsep, self.definisi, self.source) if x)
        self.search_text = stored_text(self.title, body)


class DatasetEvent(models.Model):
    """One step of a dataset's history: a transition or a recorded change, with the actor's note."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    action = models.CharField(max_length=32)
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10, blank=True)
    note = models.TextField(blank=True)
    # e.g. the review checklist {"standard": true, "metadata": true, "interoperability": false, ...}
    details = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("riwayat dataset")
        verbose_name_plural = _("riwayat dataset")


class Comment(models.Model):
    """A comment on a dataset by staff; the pembina data's recommendation on priority data."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Komentar")
        RECOMMENDATION = "recommendation", _("Rekomendasi pembina data")

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.COMMENT)
    body = models.TextField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("komentar dataset")
        verbose_name_plural = _("komentar dataset")


class Resource(models.Model):
    """A file or link of a dataset. An uploaded file's fields mirror its current `ResourceVersion`."""

    class UrlType(models.TextChoices):
        LINK = "", _("Tautan")
        UPLOAD = "upload", _("Berkas unggahan")

    class DatastoreStatus(models.TextChoices):
        NONE = "", _("Tidak dimuat")
        PENDING = "pending", _("Menunggu dimuat")
        LOADING = "loading", _("Sedang dimuat")
        LOADED = "loaded", _("Dimuat")
        WARNINGS = "warnings", _("Dimuat dengan peringatan")
        FAILED = "failed", _("Gagal dimuat")
        TOO_LARGE = "too_large", _("Terlalu besar untuk dimuat")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    url = models.URLField(_("tautan"), max_length=1000, blank=True)
    url_type = models.CharField(max_length=8, choices=UrlType.choices, default=UrlType.LINK, blank=True)
    format = models.CharField(_("format"), max_length=20, blank=True)
    mimetype = models.CharField(max_length=100, blank=True)
    size = models.BigIntegerField(_("ukuran (bita)"), null=True, blank=True)
    hash = models.CharField(_("SHA-256"), max_length=64, blank=True)
    position = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now, editable=False)
    last_modified = models.DateTimeField(null=True, blank=True)
    metadata_modified = models.DateTimeField(default=timezone.now)
    is_deleted = models.BooleanField(default=False)
    datastore_active = models.BooleanField(default=False)
    datastore_status = models.CharField(max_length=10, choices=DatastoreStatus.choices, blank=True, default="")
    # Why the datastore load failed or what it warned about (Indonesian, shown to staff and the public).
    datastore_messages = models.JSONField(default=list, blank=True)
    # The load in the background (`loading`): when it was last queued or claimed, how many times it has been
    # queued (the sweep re-queues a stuck one, `sweep.requeue_stale_loads`) and the XLSX sheet asked for.
    datastore_status_at = models.DateTimeField(null=True, blank=True)
    datastore_attempts = models.PositiveSmallIntegerField(default=0)
    datastore_sheet = models.CharField(max_length=100, blank=True)
    extras = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["dataset", "position", "created"]
        verbose_name = _("sumber daya")
        verbose_name_plural = _("sumber daya")
        indexes = [
            # res_format filters compare UPPER(format): without an index on that expression PostgreSQL has
            # no statistics for it, guesses 0.5% of the rows and reads every resource first. With it,
            # `fq=organization:… res_format:CSV` over 10,000 datasets: 148 → 47 ms (EXPLAIN ANALYZE,
            # bench/satudata_search.py database, loaded machine).
            models.Index(Upper("format"), "dataset", name="satudata_res_format_upper"),
        ]

    def __str__(self):
        return self.name

    @property
    def current_version(self):
        return self.versions.order_by("-number").first()

    @property
    def datastore_phase(self):
        return self.phase_of(self.datastore_status)

    @classmethod
    def phase_of(cls, status):
        """The datastore load in four words: "" (not tabular), pending, loading, done or error."""
        Status = cls.DatastoreStatus
        return {Status.PENDING: "pending", Status.LOADING: "loading", Status.LOADED: "done", Status.WARNINGS: "done",
                Status.FAILED: "error", Status.TOO_LARGE: "error"}.get(status, "")


def _version_path(instance, filename):
    # Never the uploaded name (kept in original_name): it may lie about the type.
    return f"satudata/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.bin"


class ResourceVersion(models.Model):
    """One uploaded file of a resource. A new upload is a new version; none is ever overwritten."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=_version_path, max_length=200)
    original_name = models.CharField(max_length=200, blank=True)
    format = models.CharField(max_length=20, blank=True)
    mimetype = models.CharField(max_length=100, blank=True)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["resource", "-number"]
        constraints = [models.UniqueConstraint(fields=["resource", "number"], name="sd_version_unique")]


class ColumnType(models.TextChoices):
    INT = "int", _("Bilangan bulat")
    NUMERIC = "numeric", _("Bilangan")
    DATE = "date", _("Tanggal")
    TEXT = "text", _("Teks")


class DatastoreTable(models.Model):
    """The queryable copy of a resource's current tabular file.

    `fields` is CKAN's column list: [{"id": "jumlah_penduduk", "type": "int", "label": "Jumlah Penduduk"}]
    (type one of ColumnType). The rows live in a table of their own, one typed and indexed column per
    field (`satudata.datastore`, storage)."""

    resource = models.OneToOneField(Resource, on_delete=models.CASCADE, related_name="datastore")
    version = models.ForeignKey(ResourceVersion, on_delete=models.SET_NULL, null=True, related_name="+")
    fields = models.JSONField(default=list)
    row_count = models.PositiveIntegerField(default=0)
    sheet = models.CharField(max_length=100, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    delimiter = models.CharField(max_length=4, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(default=timezone.now)
    # Where the rows are (`datastore.create_storage`): {"table": "sd_ds_<pk>", "columns": {id: "c1", …},
    # "nulls": [ids of columns holding a null]}. The table is created, indexed and dropped with this row.
    storage = models.JSONField(default=dict, blank=True, editable=False)
