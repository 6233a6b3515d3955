"""Forms parse input for the pages; the rules live in `actions` (whose field errors come back onto the form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from baruga.satudata import workflow
from baruga.satudata.models import AccessLevel, CollectionMethod, Frequency, Group, License


def apply_errors(form, error):
    """Put an ActionError's messages on the form: field errors beside their fields, the rest on top."""
    if hasattr(error, "error_dict"):
        for key, messages in error.message_dict.items():
            target = key if key in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class PortalSearchForm(forms.Form):
    q = forms.CharField(label=_("Cari dataset"), max_length=100, required=False)


class DatasetForm(forms.Form):
    mark_optional = True

    agency = forms.ModelChoiceField(label=_("OPD produsen data"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Judul"), max_length=200)
    name = forms.CharField(label=_("Nama singkat (untuk alamat halaman)"), max_length=100,
                           help_text=_("Huruf kecil, angka dan tanda hubung, mis. jumlah-penduduk-2024."))
    notes = forms.CharField(label=_("Deskripsi"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    groups = forms.ModelMultipleChoiceField(label=_("Topik (urusan pemerintahan)"), queryset=Group.objects.all(),
                                            to_field_name="name", widget=forms.CheckboxSelectMultiple,
                                            required=False)
    tags = forms.CharField(label=_("Tag"), max_length=500, required=False,
                           help_text=_("Pisahkan dengan koma, mis. penduduk, kecamatan."))
    license_id = forms.ModelChoiceField(label=_("Lisensi"), queryset=License.objects.all(), required=False,
                                        empty_label=_("— pilih lisensi —"))
    konsep = forms.CharField(label=_("Konsep"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    definisi = forms.CharField(label=_("Definisi"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    klasifikasi = forms.CharField(label=_("Klasifikasi"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    ukuran = forms.CharField(label=_("Ukuran"), max_length=200, required=False)
    satuan = forms.CharField(label=_("Satuan"), max_length=100, required=False)
    frequency = forms.ChoiceField(label=_("Frekuensi"), choices=Frequency.choices, initial=Frequency.ANNUAL)
    period_start = forms.DateField(label=_("Periode awal"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Periode akhir"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    region_code = forms.CharField(label=_("Kode wilayah (Kemendagri)"), max_length=13, required=False,
                                  help_text=_("Mis. 73 (Sulawesi Selatan) atau 73.71 (Kota Makassar)."))
    source = forms.CharField(label=_("Sumber data"), max_length=255, required=False)
    collection_method = forms.ChoiceField(label=_("Cara pengumpulan"), required=False,
                                          choices=[("", _("— pilih —")), *CollectionMethod.choices])
    access_level = forms.ChoiceField(label=_("Tingkat akses"), choices=AccessLevel.choices,
                                     initial=AccessLevel.OPEN,
                                     help_text=_("Hanya data terbuka yang tampil di portal publik."))
    priority_year = forms.IntegerField(label=_("Data prioritas tahun"), min_value=2000, max_value=2100,
                                       required=False)
    maintainer = forms.CharField(label=_("Narahubung"), max_length=120, required=False)
    maintainer_email = forms.EmailField(label=_("E-mail narahubung"), required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies

    def action_data(self):
        d = self.cleaned_data
        data = {k: d.get(k) for k in ("title", "name", "notes", "konsep", "definisi", "klasifikasi", "ukuran",
                                      "satuan", "frequency", "period_start", "period_end", "region_code",
                                      "source", "collection_method", "access_level", "priority_year",
                                      "maintainer", "maintainer_email")}
        data["license_id"] = d["license_id"].pk if d.get("license_id") else ""
        data["groups"] = [g.name for g in d.get("groups") or []]
        data["tags"] = [t.strip() for t in (d.get("tags") or "").split(",") if t.strip()]
        data["extras"] = self.initial.get("extras", {})
        return data

    @staticmethod
    def initial_for(dataset):
        initial = {f: getattr(dataset, f) for f in ("title", "name", "notes", "konsep", "definisi", "klasifikasi",
                                                     "ukuran", "satuan", "frequency", "period_start", "period_end",
                                                     "region_code", "source", "collection_method", "access_level",
                                                     "priority_year", "maintainer", "maintainer_email", "extras")}
        initial["license_id"] = dataset.license_id
        initial["groups"] = [g.name for g in dataset.groups.all()]
        initial["tags"] = ", ".join(t.name for t in dataset.tags.all())
        return initial


class ResourceForm(forms.Form):
    mark_optional = True

    name = forms.CharField(label=_("Nama sumber daya"), max_length=200, required=False,
                           help_text=_("Kosong: nama berkas."))
    description = forms.CharField(label=_("Keterangan"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    upload = forms.FileField(label=_("Berkas"), required=False,
                             help_text=_("CSV atau XLSX dimuat ke tabel yang dapat ditelusuri; format lain "
                                         "tersedia sebagai unduhan."))
    url = forms.URLField(label=_("atau tautan"), max_length=1000, required=False, assume_scheme="https")
    sheet = forms.CharField(label=_("Lembar XLSX"), max_length=100, required=False,
                            help_text=_("Kosong: lembar pertama."))


class NewVersionForm(forms.Form):
    upload = forms.FileField(label=_("Berkas versi baru"))
    sheet = forms.CharField(label=_("Lembar XLSX"), max_length=100, required=False)


class SheetForm(forms.Form):
    sheet = forms.CharField(label=_("Muat lembar"), max_length=100)


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Catatan untuk produsen data"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False, max_length=4000)

    def __init__(self, *args, initial_checks=None, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in workflow.PRINCIPLES:
            self.fields[key] = forms.BooleanField(label=label, required=False,
                                                  initial=bool((initial_checks or {}).get(key)))
        self.order_fields([*workflow.PRINCIPLE_KEYS, "note"])

    def checklist(self):
        return {key: bool(self.cleaned_data.get(key)) for key in workflow.PRINCIPLE_KEYS}


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=4000)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Komentar"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
