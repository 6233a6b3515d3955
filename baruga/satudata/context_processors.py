from django.utils.functional import SimpleLazyObject

from baruga.satudata.permissions import is_data_staff


def data_staff(request):
    """`is_data_staff` for the staff navigation's link to the Satu Data pages (memberships are cached per user)."""

    def check():
        user = getattr(request, "user", None)
        return bool(user is not None and getattr(user, "is_authenticated", False) and is_data_staff(user))

    return {"is_data_staff": SimpleLazyObject(check)}
