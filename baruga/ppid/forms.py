"""Forms for requesters and PPID staff. They parse input; the actions decide and change."""

from django import forms
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from baruga.complaints.forms import MultipleFileField
from baruga.directory.models import Agency, Jurisdiction, Level
from baruga.ppid.models import (
    CopyFormat,
    DeliveryMethod,
    DisputeOutcome,
    ExemptionGround,
    InfoCategory,
    ObjectionAnswer,
    ObjectionGround,
    ObtainMethod,
    Outcome,
    RequesterType,
)


def public_bodies():
    """The governments a request can be addressed to: the province first, then its regencies/cities by
    name, as the filing form lists them."""
    return Jurisdiction.objects.filter(is_active=True, is_external=False,
                                       level__in=[Level.PROVINCE, Level.REGENCY, Level.CITY]).order_by(
        Case(When(level=Level.PROVINCE, then=Value(0)), default=Value(1)), "name")


class AgencySelect(forms.Select):
    """Each OPD names its public body, so ppid/request.js can show only the chosen body's OPDs;
    without JS the label names it."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-jurisdiction"] = str(instance.jurisdiction_id)
        return option


class AgencyChoiceField(forms.ModelChoiceField):
    widget = AgencySelect

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.jurisdiction.name})"


def _blank(choices, label):
    return [("", label)] + list(choices)


class RequestForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label=_("Badan publik tujuan"), queryset=Jurisdiction.objects.none(),
                                          empty_label=_("— pilih —"))
    agency = AgencyChoiceField(label=_("OPD yang menguasai informasi (opsional)"), queryset=Agency.objects.none(),
                               required=False, empty_label=_("Tidak tahu — biar PPID yang menentukan"))
    information_wanted = forms.CharField(label=_("Rincian informasi yang dibutuhkan"), max_length=5000,
                                         widget=forms.Textarea(attrs={"rows": 5}),
                                         help_text=_("Sebutkan dokumen atau data yang Anda minta, tahun dan "
                                                     "wilayahnya."))
    purpose = forms.CharField(label=_("Tujuan penggunaan informasi"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    obtain_method = forms.ChoiceField(label=_("Cara memperoleh informasi"), choices=ObtainMethod.choices,
                                      widget=forms.RadioSelect, initial=ObtainMethod.COPY)
    copy_format = forms.ChoiceField(label=_("Bentuk salinan"), choices=_blank(CopyFormat.choices,
                                                                              _("— bila meminta salinan —")),
                                    required=False, initial=CopyFormat.ELECTRONIC)
    delivery_method = forms.ChoiceField(label=_("Cara mendapatkan salinan"), choices=DeliveryMethod.choices,
                                        widget=forms.RadioSelect, initial=DeliveryMethod.ONLINE)
    requester_type = forms.ChoiceField(label=_("Jenis pemohon"), choices=RequesterType.choices,
                                       widget=forms.RadioSelect, initial=RequesterType.PERSON)
    name = forms.CharField(label=_("Nama lengkap"), max_length=120)
    address = forms.CharField(label=_("Alamat"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    identity_number = forms.CharField(
        label=_("Nomor identitas"), max_length=64,
        help_text=_("NIK (16 angka) untuk perorangan dan wakil kelompok; nomor pengesahan untuk badan hukum. "
                    "Hanya terlihat oleh Anda dan petugas PPID."))
    email = forms.EmailField(label=_("E-mail"), required=False,
                             help_text=_("Untuk tanda terima, pemberitahuan dan tautan dokumen. Isi e-mail atau "
                                         "nomor telepon."))
    phone = forms.CharField(label=_("Nomor telepon"), max_length=20, required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = public_bodies()
        self.fields["agency"].queryset = Agency.objects.filter(
            is_active=True, jurisdiction__in=public_bodies()).select_related("jurisdiction").order_by(
            "jurisdiction__name", "name")

    def clean(self):
        data = super().clean()
        agency, jurisdiction = data.get("agency"), data.get("jurisdiction")
        if agency and jurisdiction and agency.jurisdiction_id != jurisdiction.pk:
            self.add_error("agency", _("OPD yang dipilih tidak berada di bawah badan publik tujuan."))
        return data


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Nomor registrasi"), max_length=40,
                             widget=forms.TextInput(attrs={"placeholder": "PPID-7371-2026-000001"}))


class ObjectionForm(forms.Form):
    ground = forms.ChoiceField(label=_("Alasan keberatan (UU 14/2008 Pasal 35)"), choices=ObjectionGround.choices,
                               widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Uraian keberatan"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class DipSearchForm(forms.Form):
    q = forms.CharField(label=_("Cari"), max_length=100, required=False)
    category = forms.ChoiceField(label=_("Klasifikasi"), required=False,
                                 choices=_blank(InfoCategory.choices, _("Semua klasifikasi")))
    jurisdiction = forms.ModelChoiceField(label=_("Badan publik"), required=False, empty_label=_("Semua"),
                                          queryset=Jurisdiction.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = public_bodies()


# Staff

class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Alasan perpanjangan (dikirim kepada pemohon)"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Keputusan"), choices=Outcome.choices, widget=forms.RadioSelect)
    decision_text = forms.CharField(label=_("Isi pemberitahuan tertulis kepada pemohon"), max_length=5000,
                                    widget=forms.Textarea(attrs={"rows": 4}))
    exemption_ground = forms.ChoiceField(
        label=_("Alasan pengecualian (Pasal 17)"), required=False,
        choices=_blank(ExemptionGround.choices, _("— wajib bila ditolak atau dikabulkan sebagian —")))
    consequence_test = forms.CharField(
        label=_("Uji konsekuensi"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Akibat yang timbul bila informasi dibuka, dan mengapa menutupnya melindungi kepentingan yang "
                    "lebih besar (UU 14/2008 Pasal 2 ayat (4))."))
    documents = MultipleFileField(label=_("Dokumen yang diserahkan (PDF atau gambar)"))


class DocumentsForm(forms.Form):
    documents = MultipleFileField(label=_("Dokumen yang diserahkan (PDF atau gambar)"))


class AnswerObjectionForm(forms.Form):
    answer = forms.ChoiceField(label=_("Tanggapan"), choices=ObjectionAnswer.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Isi tanggapan atasan PPID"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))


class DisputeForm(forms.Form):
    filed_on = forms.DateField(label=_("Tanggal didaftarkan di Komisi Informasi"),
                               widget=forms.DateInput(attrs={"type": "date"}))
    registration_number = forms.CharField(label=_("Nomor register sengketa"), max_length=80)
    outcome = forms.ChoiceField(label=_("Hasil"), choices=DisputeOutcome.choices, initial=DisputeOutcome.PENDING)
    decided_on = forms.DateField(label=_("Tanggal putusan (bila sudah)"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("Catatan (opsional)"), max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))


class ConvertForm(forms.Form):
    """Completing a complaint report's data into a formal request (identity, purpose, methods)."""

    requester_type = forms.ChoiceField(label=_("Jenis pemohon"), choices=RequesterType.choices,
                                       widget=forms.RadioSelect, initial=RequesterType.PERSON)
    name = forms.CharField(label=_("Nama lengkap"), max_length=120)
    address = forms.CharField(label=_("Alamat"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    identity_number = forms.CharField(label=_("Nomor identitas"), max_length=64)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Nomor telepon"), max_length=20, required=False)
    information_wanted = forms.CharField(label=_("Rincian informasi yang dibutuhkan"), max_length=5000,
                                         widget=forms.Textarea(attrs={"rows": 5}))
    purpose = forms.CharField(label=_("Tujuan penggunaan informasi"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    obtain_method = forms.ChoiceField(label=_("Cara memperoleh informasi"), choices=ObtainMethod.choices,
                                      widget=forms.RadioSelect, initial=ObtainMethod.COPY)
    copy_format = forms.ChoiceField(label=_("Bentuk salinan"), required=False, initial=CopyFormat.ELECTRONIC,
                                    choices=_blank(CopyFormat.choices, _("— bila meminta salinan —")))
    delivery_method = forms.ChoiceField(label=_("Cara mendapatkan salinan"), choices=DeliveryMethod.choices,
                                        widget=forms.RadioSelect, initial=DeliveryMethod.ONLINE)
    agency = forms.ModelChoiceField(label=_("OPD yang menguasai informasi (opsional)"), required=False,
                                    queryset=Agency.objects.none(), empty_label=_("— tidak diisi —"))

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        if report is not None:
            self.fields["agency"].queryset = Agency.objects.filter(jurisdiction=report.jurisdiction, is_active=True)


class ReportYearForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2008, max_value=2100)
