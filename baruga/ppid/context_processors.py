from django.utils.functional import SimpleLazyObject

from baruga.ppid.permissions import is_ppid_staff


def ppid_staff(request):
    """`is_ppid_staff` for the staff navigation's link to the PPID inbox (memberships are cached per user)."""

    def check():
        user = getattr(request, "user", None)
        return bool(user is not None and is_ppid_staff(user))

    return {"is_ppid_staff": SimpleLazyObject(check)}
