"""Password rules beyond Django's: staff accounts open personal data, so their passwords are longer."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class StaffMinimumLengthValidator:
    """At least `min_length` characters for staff: anyone with a membership, is_staff or is_superuser.

    Citizens keep the general minimum (MinimumLengthValidator). A role granted later does not
    re-check the password: grant roles to accounts whose owners have set a staff-grade password.
    """

    def __init__(self, min_length=12):
        self.min_length = min_length

    def validate(self, password, user=None):
        if user is None or not _is_staff(user) or len(password) >= self.min_length:
            return
        raise ValidationError(
            ngettext("Kata sandi petugas minimal %(min_length)d karakter.",
                     "Kata sandi petugas minimal %(min_length)d karakter.", self.min_length),
            code="password_too_short_for_staff", params={"min_length": self.min_length},
        )

    def get_help_text(self):
        return _("Untuk akun petugas, kata sandi minimal %(min_length)d karakter.") % {"min_length": self.min_length}


def _is_staff(user):
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return True
    return bool(user.pk) and user.memberships.exists()
