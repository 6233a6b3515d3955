"""Sign-in by username or e-mail, and the name django-axes counts failed sign-ins under.

The e-mail is stored encrypted; `User.objects.filter(email=...)` is answered by its blind index
(`baruga.lib.crypto`), so signing in by e-mail needs no clear copy of it.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils.crypto import salted_hmac


def account_for(login):
    """The account a typed sign-in name names: its username, else (with an "@") its e-mail."""
    login = str(login or "").strip()
    if not login:
        return None
    manager = get_user_model()._default_manager
    user = manager.filter(username=login).first()
    if user is None and "@" in login:
        user = manager.filter(email=login).first()
    return user


class UsernameOrEmailBackend(ModelBackend):
    """Django's ModelBackend, finding the account by username or by e-mail (through its blind index)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = account_for(username)
        if user is None:
            get_user_model()().set_password(password)  # as long as a wrong password (no enumeration by timing)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request, credentials=None):
    """AXES_USERNAME_CALLABLE: what django-axes stores and counts failures under.

    The account's username when the typed name (a username or an e-mail) names one, so failures by
    username and by e-mail lock the same account and the security dashboard names it; otherwise a keyed
    digest of what was typed ("#…"), so an e-mail (or a mistyped password in the name field) is never
    stored in clear in `axes_accessattempt`."""
    if credentials:
        typed = credentials.get("username")
    else:
        data = (getattr(request, "data", None) or getattr(request, "POST", None)) if request is not None else None
        typed = (data or {}).get("username")
    typed = str(typed or "").strip()
    if not typed:
        return None
    user = account_for(typed)
    if user is not None:
        return user.get_username()
    return "#" + salted_hmac("baruga.axes.username", typed.lower(), algorithm="sha256").hexdigest()[:20]
