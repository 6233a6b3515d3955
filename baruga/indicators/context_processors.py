from django.utils.functional import SimpleLazyObject

from baruga.indicators.permissions import can_view_matrix


def indicator_viewer(request):
    """`is_indicator_viewer` for the staff navigation's link to the program matrix (memberships are cached)."""

    def check():
        user = getattr(request, "user", None)
        return bool(user is not None and can_view_matrix(user))

    return {"is_indicator_viewer": SimpleLazyObject(check)}
