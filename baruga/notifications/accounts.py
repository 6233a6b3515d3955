"""E-mails to an account's owner about its sign-in security, from `baruga.accounts` (which sits below this
app and calls them through `settings.ACCOUNT_HOOKS`, see `accounts.hooks`): two-step verification
enrolment codes issued, authenticators enrolled and resets (`accounts.enrolment`)."""

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from baruga.notifications.inbox import preference_of
from baruga.notifications.models import ChannelName
from baruga.notifications.outbox import queue_message
from baruga.notifications.texts import absolute, local


def two_factor_changed(user, what, code_row):
    """An enrolment code issued, an authenticator enrolled, the second factor reset (`what`: "issued",
    "enrolled", "reset"): an e-mail to the account's owner, through the outbox (never the code itself)."""
    if not (user.email and user.is_active):
        return
    language, now = preference_of(user).language, timezone.now()
    values = {"username": user.get_username(), "time": local(now), "login": absolute(reverse("accounts:login")),
              "expires": local(code_row.expires_at) if code_row else ""}
    with translation.override(language):
        if what == "issued":
            subject = _("Kode pendaftaran verifikasi dua langkah diterbitkan")
            lines = [_("Superuser Baruga menerbitkan kode pendaftaran verifikasi dua langkah untuk akun Anda pada "
                       "%(time)s. Kode itu berlaku sekali sampai %(expires)s dan diserahkan kepada Anda oleh admin, "
                       "bukan lewat e-mail ini.") % values]
        elif what == "enrolled":
            subject = _("Aplikasi autentikator baru dipasang di akun Anda")
            lines = [_("Aplikasi autentikator dipasang untuk akun Anda pada %(time)s. Mulai sekarang Anda masuk "
                       "dengan kata sandi dan kode dari aplikasi itu.") % values]
        else:
            subject = _("Verifikasi dua langkah akun Anda diatur ulang")
            lines = [_("Superuser Baruga menghapus aplikasi autentikator dan kode cadangan akun Anda pada "
                       "%(time)s. Untuk masuk lagi Anda memerlukan kode pendaftaran baru dari admin.") % values]
        body = "\n\n".join([
            _("Yth. %(username)s,") % values, *lines,
            _("Bila Anda tidak memintanya, segera hubungi admin Baruga Anda dan ganti kata sandi: %(login)s") % values,
            _("E-mail ini dikirim otomatis oleh Baruga; mohon tidak membalas."),
        ])
    queue_message(channel=ChannelName.EMAIL, to_address=user.email, subject=subject, body=body,
                  language=language, dedupe_key=f"two-factor-{what}:{user.pk}:{now.isoformat()}")

