from django import forms
from django.utils.translation import gettext_lazy as _

from baruga.lib import phones
from baruga.notifications import channels
from baruga.notifications.models import Language


class PreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label=_("Kirim notifikasi lewat e-mail"), required=False)
    digest_daily = forms.BooleanField(
        label=_("Kumpulkan e-mail notifikasi menjadi satu ringkasan harian"), required=False,
        help_text=_("Notifikasi tetap muncul di pusat notifikasi; e-mail dikirim sekali sehari."),
    )
    gateway_enabled = forms.BooleanField(label=_("Kirim notifikasi lewat SMS/WhatsApp"), required=False)
    gateway_phone = forms.CharField(label=_("Nomor SMS/WhatsApp"), max_length=20, required=False,
                                    help_text=_("Misalnya 081234567890."))
    language = forms.ChoiceField(label=_("Bahasa notifikasi"), choices=Language.choices)

    def __init__(self, *args, is_staff, **kwargs):
        super().__init__(*args, **kwargs)
        if is_staff:
            self.fields["email_enabled"].help_text = _("Setiap notifikasi juga dikirim ke alamat e-mail akun Anda.")
        else:
            # Citizens get e-mails about their own reports only; digests and SMS are for staff work.
            self.fields["email_enabled"].label = _("Kirim kabar perkembangan laporan saya lewat e-mail")
            del self.fields["digest_daily"]
        if not is_staff or not channels.get("gateway").is_configured():
            del self.fields["gateway_enabled"], self.fields["gateway_phone"]

    def clean_gateway_phone(self):
        value = self.cleaned_data.get("gateway_phone", "").strip()
        return phones.normalise_phone(value) if value else ""

    def clean(self):
        data = super().clean()
        if data.get("gateway_enabled") and not data.get("gateway_phone") and "gateway_phone" not in self.errors:
            self.add_error("gateway_phone", _("Isi nomor untuk menerima notifikasi lewat SMS/WhatsApp."))
        return data
