"""Users and their staff memberships.

A user with no membership is a citizen. A membership gives one role over one scope:
a jurisdiction (admins, leaders) or an agency (OPD sub-admins and heads).
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    phone = models.CharField(_("nomor telepon"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    @property
    def display_name(self):
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin instansi")
    SUBADMIN = "subadmin", _("Sub-admin OPD")
    HEAD = "head", _("Kepala OPD")
    LEADER = "leader", _("Pimpinan daerah")
    # UU 14/2008: the information officer of a jurisdiction, the officer's assistants in the OPDs
    # and the superior who decides objections (keberatan).
    PPID = "ppid", _("PPID")
    PPID_ASSISTANT = "ppid_assistant", _("PPID pembantu")
    PPID_SUPERIOR = "ppid_superior", _("Atasan PPID")


# Ordered lists (not sets), so the check constraint and its migration are written the same every time.
JURISDICTION_ROLES = [Role.ADMIN, Role.LEADER, Role.PPID, Role.PPID_SUPERIOR]
AGENCY_ROLES = [Role.SUBADMIN, Role.HEAD, Role.PPID_ASSISTANT]


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=16, choices=Role.choices)
    jurisdiction = models.ForeignKey(
        "directory.Jurisdiction", on_delete=models.CASCADE, null=True, blank=True,
        related_name="memberships", verbose_name=_("wilayah"),
    )
    agency = models.ForeignKey(
        "directory.Agency", on_delete=models.CASCADE, null=True, blank=True,
        related_name="memberships", verbose_name=_("OPD"),
    )
    is_lead = models.BooleanField(
        _("koordinator"), default=False,
        help_text=_("Admin koordinator menerima eskalasi verifikasi yang terlambat."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keanggotaan staf")
        verbose_name_plural = _("keanggotaan staf")
        constraints = [
            models.CheckConstraint(
                name="membership_role_valid", condition=Q(role__in=[r.value for r in Role])
            ),
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(role__in=JURISDICTION_ROLES, jurisdiction__isnull=False, agency__isnull=True)
                    | Q(role__in=AGENCY_ROLES, agency__isnull=False, jurisdiction__isnull=True)
                ),
                violation_error_message=_(
                    "Admin, pimpinan, PPID dan atasan PPID diberi wilayah; sub-admin, kepala OPD dan "
                    "PPID pembantu diberi OPD."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "jurisdiction"], condition=Q(agency__isnull=True),
                name="membership_unique_jurisdiction_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency"], condition=Q(jurisdiction__isnull=True),
                name="membership_unique_agency_role",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.scope}"

    @property
    def scope(self):
        return self.agency if self.agency_id else self.jurisdiction
