from django.utils.functional import SimpleLazyObject


def head_app(request):
    """`is_head_app_user` for the staff navigation's link to /pimpinan/ (memberships are cached per user)."""

    def check():
        from baruga.headapp.selectors import may_use

        user = getattr(request, "user", None)
        return bool(user is not None and may_use(user))

    return {"is_head_app_user": SimpleLazyObject(check)}
