from django.utils.functional import SimpleLazyObject

from baruga.spbe.permissions import is_spbe_user


def spbe_staff(request):
    """`is_spbe_user` for the staff navigation's link to the SPBE pages (memberships are cached per user)."""

    def check():
        user = getattr(request, "user", None)
        return bool(user is not None and is_spbe_user(user))

    return {"is_spbe_user": SimpleLazyObject(check)}
