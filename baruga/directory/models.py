"""The organisation directory: jurisdictions, their districts and agencies (OPD), categories.

Everything here is data an administrator edits in the admin; reference data for South
Sulawesi is loaded by `manage.py load_reference_data`.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    NATIONAL = "national", _("Nasional")
    PROVINCE = "province", _("Provinsi")
    REGENCY = "regency", _("Kabupaten")
    CITY = "city", _("Kota")


class AuthorityLevel(models.TextChoices):
    """Which level of government holds authority over an affair (UU 23/2014)."""

    NATIONAL = "national", _("Pemerintah pusat")
    PROVINCE = "province", _("Pemerintah provinsi")
    REGENCY = "regency", _("Pemerintah kabupaten/kota")


class Jurisdiction(models.Model):
    code = models.CharField(_("kode Kemendagri"), max_length=13, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    short_name = models.CharField(_("nama singkat"), max_length=60, blank=True)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("induk"),
    )
    is_external = models.BooleanField(
        _("dilayani sistem lain"), default=False,
        help_text=_("Laporan yang dialihkan ke sini diteruskan ke sistem lain (mis. SP4N-LAPOR!)."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        constraints = [
            models.CheckConstraint(name="jurisdiction_level_valid", condition=Q(level__in=Level.values)),
        ]

    def __str__(self):
        return self.name

    @property
    def authority_level(self):
        if self.level in (Level.REGENCY, Level.CITY):
            return AuthorityLevel.REGENCY
        return self.level


class District(models.Model):
    """A kecamatan of a regency/city."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="districts")
    name = models.CharField(_("nama"), max_length=80)

    class Meta:
        ordering = ["jurisdiction", "name"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "name"], name="district_unique_name")]

    def __str__(self):
        return self.name


class Agency(models.Model):
    """An OPD (Organisasi Perangkat Daerah) of one jurisdiction."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("wilayah")
    )
    name = models.CharField(_("nama"), max_length=160)
    short_name = models.CharField(_("nama singkat"), max_length=60, blank=True)
    requires_response_approval = models.BooleanField(
        _("tindak lanjut perlu persetujuan kepala"), default=False,
        help_text=_("Jika aktif, tindak lanjut baru terlihat pelapor setelah disetujui kepala OPD."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["jurisdiction", "name"]
        verbose_name = _("OPD")
        verbose_name_plural = _("OPD")
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "name"], name="agency_unique_name")]

    def __str__(self):
        return self.short_name or self.name


class Category(models.Model):
    """A node of the category tree. Leaves carry the authority level used for routing."""

    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("induk"),
    )
    slug = models.SlugField(unique=True)
    name = models.CharField(_("nama"), max_length=120)
    authority = models.CharField(
        _("kewenangan"), max_length=10, choices=AuthorityLevel.choices, blank=True,
        help_text=_("Tingkat pemerintahan yang berwenang (UU 23/2014). Kosong untuk kelompok."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")
        constraints = [
            models.CheckConstraint(
                name="category_authority_valid",
                condition=Q(authority="") | Q(authority__in=AuthorityLevel.values),
            ),
        ]

    def __str__(self):
        return self.name


class CategoryRoute(models.Model):
    """The agency responsible for a category within one jurisdiction."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="routes")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="routes")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="routes")

    class Meta:
        verbose_name = _("rute kategori")
        verbose_name_plural = _("rute kategori")
        constraints = [
            models.UniqueConstraint(fields=["category", "jurisdiction"], name="route_unique_per_jurisdiction")
        ]

    def __str__(self):
        return f"{self.category} → {self.agency}"
