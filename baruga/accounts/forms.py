import json

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from baruga.accounts.tasks import send_password_reset

from baruga.accounts.models import User
from baruga.lib.crypto import encrypt
from baruga.lib.phones import validate_phone


class SignupForm(UserCreationForm):
    first_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Nomor telepon (opsional)"), validators=[validate_phone], required=False)

    class Meta:
        model = User
        fields = ["username", "first_name", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = _(
            "Huruf, angka dan . _ + - saja; bukan alamat e-mail. Nama pengguna disimpan apa adanya: "
            "sebaiknya bukan nama lengkap Anda. Anda juga dapat masuk dengan e-mail.")

    def clean_username(self):
        username = super().clean_username()
        if "@" in (username or ""):
            # The username is kept in clear (it names the account in logs and lock-outs): never an e-mail.
            raise forms.ValidationError(_("Nama pengguna tidak boleh berupa alamat e-mail."))
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email=email).exists():  # answered by the blind index (case does not count)
            raise forms.ValidationError(_("E-mail ini sudah terdaftar."))
        return email


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Kode verifikasi"), max_length=32, strip=True,
        help_text=_("6 angka dari aplikasi autentikator, atau salah satu kode cadangan."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false",
                                      "autocapitalize": "none"}),
    )


class EnrolmentCodeForm(forms.Form):
    enrolment_code = forms.CharField(
        label=_("Kode pendaftaran"), max_length=32, strip=True,
        help_text=_("12 huruf dan angka dari admin Anda, misalnya ABCD-EFGH-JKLM."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "spellcheck": "false",
                                      "autocapitalize": "characters"}),
    )


class LoginForm(AuthenticationForm):
    """Django's sign-in form, saying plainly what went wrong and how many tries are left before the
    lock-out (django-axes counts failures per username and per address; the larger count locks first).
    The count is the same for an unknown username, so it tells nothing about which accounts exist."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Nama pengguna atau e-mail")
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = 254
        self.fields["password"].label = _("Kata sandi")  # Django's Indonesian says "Sandi"; we say "kata sandi"

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            if getattr(error, "code", None) != "invalid_login" or self.request is None:
                raise
            left = self.attempts_left()
            if left is None or left <= 0:
                raise
            minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
            raise forms.ValidationError([error, forms.ValidationError(ngettext(
                "Sisa %(n)s kali percobaan lagi sebelum akses masuk dikunci selama %(minutes)s menit.",
                "Sisa %(n)s kali percobaan lagi sebelum akses masuk dikunci selama %(minutes)s menit.",
                left) % {"n": left, "minutes": minutes}, code="attempts_left")]) from error

    def attempts_left(self):
        from axes.handlers.proxy import AxesProxyHandler

        failures = AxesProxyHandler.get_failures(self.request, {"username": self.cleaned_data.get("username")})
        return settings.AXES_FAILURE_LIMIT - failures


class ResetPasswordForm(PasswordResetForm):
    """Django's reset form; the e-mail goes through the task queue (see `send_password_reset`)."""

    email = forms.EmailField(label=_("E-mail akun Anda"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def get_users(self, email):
        """Active accounts with a usable password and this e-mail, found through its blind index (the
        e-mail is stored encrypted; Django's own look-up by `email__iexact` cannot read it)."""
        return (user for user in User._default_manager.filter(email=email, is_active=True)
                if user.has_usable_password() and user.email.casefold() == email.strip().casefold())

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        # The queue is a database table: the address and the link (a credential) go in encrypted.
        send_password_reset.enqueue(encrypt(json.dumps({"subject": subject, "body": body, "to": to_email})))
