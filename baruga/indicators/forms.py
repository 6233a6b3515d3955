from django import forms
from django.utils.translation import gettext_lazy as _

from baruga.indicators.models import Semester


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    semester = forms.TypedChoiceField(label=_("Periode"), choices=Semester.choices, coerce=int, initial=0)


class ValueForm(PeriodForm):
    value = forms.CharField(label=_("Nilai"), max_length=30)
    source = forms.CharField(label=_("Sumber data"), max_length=200)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label=_("Bukti dukung (PDF atau gambar)"), required=False)


class TargetForm(PeriodForm):
    value = forms.CharField(label=_("Target"), max_length=30)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Alasan dikembalikan"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class LiveForm(forms.Form):
    start = forms.DateField(label=_("Dari tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Sampai tanggal"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
        return data


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=200)
    definition = forms.CharField(label=_("Definisi"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_published = forms.BooleanField(label=_("Tampilkan di halaman publik"), required=False)
    is_active = forms.BooleanField(label=_("Aktif"), required=False)
