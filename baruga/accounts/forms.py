from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from baruga.accounts.models import User
from baruga.lib.phones import validate_phone


class SignupForm(UserCreationForm):
    first_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Nomor telepon (opsional)"), validators=[validate_phone], required=False)

    class Meta:
        model = User
        fields = ["username", "first_name", "email", "phone"]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("E-mail ini sudah terdaftar."))
        return email


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Kode verifikasi"), max_length=32, strip=True,
        help_text=_("6 angka dari aplikasi autentikator, atau salah satu kode cadangan."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false",
                                      "autocapitalize": "none"}),
    )
