from django.utils.functional import SimpleLazyObject

from baruga.dissemination.permissions import is_dissemination_staff


def dissemination_staff(request):
    """`is_dissemination_staff` for the staff menu's link to the publications pages (memberships cached per user)."""

    def check():
        user = getattr(request, "user", None)
        return bool(user is not None and getattr(user, "is_authenticated", False) and is_dissemination_staff(user))

    return {"is_dissemination_staff": SimpleLazyObject(check)}
