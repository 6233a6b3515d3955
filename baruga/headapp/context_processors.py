from django.utils.functional import SimpleLazyObject

from baruga.headapp.selectors import may_use


def head_app(request):
    """`is_head_app_user` for the staff navigation's link to /pimpinan/ (memberships are cached per user)."""

    def check():
        user = getattr(request, "user", None)
        return bool(user is not None and may_use(user))

    return {"is_head_app_user": SimpleLazyObject(check)}
