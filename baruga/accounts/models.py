"""Users and their staff memberships.

A user with no membership is a citizen. A membership gives one role over one scope:
a jurisdiction (admins, leaders) or an agency (OPD sub-admins and heads).
"""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baruga.lib.crypto import BlindIndexField, EncryptedCharField


class User(AbstractUser):
    """An account. Name, e-mail and phone are encrypted at rest (`baruga.lib.crypto`), so a copy of the
    database does not tell who a citizen is; the e-mail is found (sign-in, password reset, uniqueness,
    the privacy look-up) and the phone (the privacy look-up) through their blind indexes:
    `User.objects.filter(email=...)` is answered by `email_index`. The username is a sign-in name the
    person chooses and stays in clear (the sign-up form refuses an e-mail address as username)."""

    first_name = EncryptedCharField(_("first name"), max_length=150, blank=True)
    last_name = EncryptedCharField(_("last name"), max_length=150, blank=True)
    email = EncryptedCharField(_("email address"), max_length=254, blank=True, validators=[validate_email])
    phone = EncryptedCharField(_("nomor telepon"), max_length=20, blank=True)
    email_index = BlindIndexField(source="email", kind="email")
    phone_index = BlindIndexField(source="phone", kind="phone")

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            # One account per e-mail address (compared as normalised: case and spaces do not count).
            models.UniqueConstraint(fields=["email_index"], condition=~Q(email_index=""),
                                    name="user_unique_email_index"),
        ]

    def clean(self):
        """One account per e-mail: checked here, since forms never carry the blind index the database's
        unique constraint is on (the admin, the sign-up form)."""
        super().clean()
        if self.email and User._default_manager.filter(email=self.email).exclude(pk=self.pk).exists():
            raise ValidationError({"email": _("E-mail ini sudah terdaftar.")})

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
    # Public communication (baruga.dissemination): communications staff of a jurisdiction's
    # Diskominfo/Humas, and the head of that unit who approves publications.
    HUMAS = "humas", _("Staf humas")
    HUMAS_HEAD = "humas_head", _("Kepala unit komunikasi publik")
    # Perpres 39/2019 (Satu Data): the OPD's produsen data, the jurisdiction's walidata (Diskominfo),
    # the walidata pendukung helping it, and the pembina data (BPS) who reads and recommends.
    DATA_PRODUCER = "data_producer", _("Produsen data")
    DATA_STEWARD = "data_steward", _("Walidata")
    DATA_ASSISTANT = "data_assistant", _("Walidata pendukung")
    DATA_ADVISOR = "data_advisor", _("Pembina data")


# Ordered lists (not sets), so the check constraint and its migration are written the same every time.
JURISDICTION_ROLES = [Role.ADMIN, Role.LEADER, Role.PPID, Role.PPID_SUPERIOR, Role.HUMAS, Role.HUMAS_HEAD,
                      Role.DATA_STEWARD, Role.DATA_ASSISTANT, Role.DATA_ADVISOR]
AGENCY_ROLES = [Role.SUBADMIN, Role.HEAD, Role.PPID_ASSISTANT, Role.DATA_PRODUCER]


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
                    "Admin, pimpinan, PPID, atasan PPID, staf humas, kepala unit komunikasi publik, walidata, "
                    "walidata pendukung dan pembina data diberi wilayah; sub-admin, kepala OPD, PPID pembantu dan "
                    "produsen data diberi OPD."
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


class LoginRecord(models.Model):
    """One sign-in step of a user, shown to them at /akun/riwayat-masuk/ ("was that me?").

    Kept minimal (UU 27/2022): the address as its /24 (/48) network and a shortened user agent.
    Failed attempts are recorded only against an existing account, never the username typed.
    """

    class Method(models.TextChoices):
        PASSWORD = "password", _("Kata sandi")
        TOTP = "totp", _("Kode aplikasi autentikator")
        RECOVERY = "recovery", _("Kode cadangan")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_records")
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    ip = models.CharField(_("jaringan asal"), max_length=64, blank=True)
    user_agent = models.CharField(_("peramban"), max_length=120, blank=True)
    success = models.BooleanField(_("berhasil"))
    method = models.CharField(_("cara"), max_length=12, choices=Method.choices)

    class Meta:
        verbose_name = _("riwayat masuk")
        verbose_name_plural = _("riwayat masuk")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="loginrecord_user_recent")]
        constraints = [
            models.CheckConstraint(name="loginrecord_method_valid",
                                   condition=Q(method__in=["password", "totp", "recovery"])),
        ]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M} · {self.method}"


class EnrolmentCode(models.Model):
    """A single-use, expiring code that lets a staff member set up their authenticator app.

    Issued by a superuser (admin action, `manage.py issue_enrolment_code`) and handed over outside
    Baruga; only its SHA-256 digest is stored. See `baruga.accounts.enrolment`.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_codes")
    digest = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("kode pendaftaran dua langkah")
        verbose_name_plural = _("kode pendaftaran dua langkah")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"


class PrivacyRequest(models.Model):
    """A data subject's request under UU 27/2022 (erasure), filed from /akun/data-saya/.

    An administrator decides: erasure itself runs through `baruga.accounts.privacy.erase_subject`,
    which marks the person's pending requests done; a refusal gives the citizen its reason.
    """

    class Kind(models.TextChoices):
        ERASURE = "erasure", _("Penghapusan data pribadi")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu keputusan")
        DONE = "done", _("Dilaksanakan")
        REFUSED = "refused", _("Ditolak")

    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="privacy_requests",
                             verbose_name=_("pengguna"))
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.ERASURE)
    # The citizen's own words; blanked when the erasure is carried out.
    note = models.TextField(_("keterangan pemohon"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    outcome = models.TextField(_("keterangan keputusan"), blank=True)
    created_at = models.DateTimeField(_("diajukan"), auto_now_add=True)
    handled_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    handled_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("diputuskan oleh"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("permintaan subjek data")
        verbose_name_plural = _("permintaan subjek data")
        constraints = [
            models.CheckConstraint(name="privacyrequest_kind_valid", condition=Q(kind__in=["erasure"])),
            models.CheckConstraint(name="privacyrequest_status_valid",
                                   condition=Q(status__in=["pending", "done", "refused"])),
            models.UniqueConstraint(fields=["user", "kind"], condition=Q(status="pending"),
                                    name="privacyrequest_one_pending"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.user} · {self.get_status_display()}"
