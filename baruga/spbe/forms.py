from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baruga.complaints.forms import MultipleFileField
from baruga.directory.models import Jurisdiction
from baruga.spbe.models import Review


class OpenForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label=_("Wilayah"), queryset=Jurisdiction.objects.none())
    year = forms.IntegerField(label=_("Tahun evaluasi"), min_value=2018, max_value=2100)

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions
        if len(jurisdictions) == 1:
            self.fields["jurisdiction"].initial = jurisdictions[0]
        self.fields["year"].initial = timezone.localdate().year


class AnswerForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Tingkat kematangan"), coerce=int, widget=forms.RadioSelect, choices=())
    justification = forms.CharField(label=_("Penjelasan (dasar penilaian)"), max_length=4000,
                                    widget=forms.Textarea(attrs={"rows": 4}))
    evidence = MultipleFileField(label=_("Data dukung (PDF atau gambar, opsional)"))

    def __init__(self, *args, instrument, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            (n, f"{n} · {name} — {indicator.criterion(n)}") for n, name in instrument.levels]
        self.fields["evidence"].required = False


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Hasil reviu"), widget=forms.RadioSelect,
                                 choices=[(Review.ACCEPTED, _("Diterima")),
                                          (Review.CHANGE, _("Perlu perbaikan (kembalikan dengan catatan)"))])
    note = forms.CharField(label=_("Catatan evaluator"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
