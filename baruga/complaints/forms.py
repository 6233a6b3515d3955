"""Forms for citizens and staff. They parse input; the actions decide and change."""

from django import forms
from django.conf import settings
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from baruga.complaints.models import ArchiveReason, Kind, Source
from baruga.directory.models import Agency, Category, District, Jurisdiction, Level
from baruga.lib.phones import validate_phone


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        if len(files) > settings.UPLOAD_MAX_FILES:
            raise forms.ValidationError(
                _("Maksimal %(max)d lampiran sekali kirim.") % {"max": settings.UPLOAD_MAX_FILES}
            )
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class DistrictSelect(forms.Select):
    """Each option names its regency/city so the page script can filter; without JS the label says it."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-jurisdiction"] = str(instance.jurisdiction_id)
        return option


class DistrictChoiceField(forms.ModelChoiceField):
    widget = DistrictSelect

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.jurisdiction.name})"


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} › {obj.name}" if obj.parent_id else obj.name


def leaf_categories():
    return Category.objects.filter(is_active=True, children__isnull=True).select_related("parent").order_by(
        "parent__position", "position", "name"
    )


def regencies():
    return Jurisdiction.objects.filter(level__in=[Level.REGENCY, Level.CITY], is_active=True).order_by("name")


# Information requests go to the PPID form (/ppid/mohon/): only there do the UU 14/2008 periods and the
# right of objection apply. The API still accepts the kind (see api_schemas.ReportIn).
FILING_KINDS = [(value, label) for value, label in Kind.choices if value != Kind.INFORMATION]


class FilingKindField(forms.ChoiceField):
    def validate(self, value):
        if value == Kind.INFORMATION:  # an old page, or a hand-made request
            raise forms.ValidationError(_("Permintaan informasi publik diajukan lewat formulir permohonan informasi "
                                          "PPID (/ppid/mohon/), bukan lewat formulir laporan."), code="ppid")
        super().validate(value)


class ReportForm(forms.Form):
    # Labels of optional fields get "(opsional)" from the template (form_fields.html, mark_optional).
    mark_optional = True

    kind = FilingKindField(label=_("Jenis laporan"), choices=FILING_KINDS, widget=forms.RadioSelect,
                           initial=Kind.COMPLAINT)
    title = forms.CharField(label=_("Judul"), max_length=150,
                            help_text=_("Ringkas, misalnya “Jalan berlubang di Jl. Perintis Kemerdekaan”."))
    body = forms.CharField(label=_("Isi laporan"), max_length=5000, min_length=20,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Apa yang terjadi, di mana, sejak kapan. Maksimal 5.000 karakter."))
    category = CategoryChoiceField(label=_("Kategori"), queryset=Category.objects.none(), required=False,
                                   empty_label=_("Tidak tahu — biar admin yang menentukan"))
    location = forms.ModelChoiceField(label=_("Kabupaten/kota"), queryset=Jurisdiction.objects.none(),
                                  empty_label=_("— pilih —"))
    district = DistrictChoiceField(label=_("Kecamatan"), queryset=District.objects.none(),
                                      required=False, empty_label=_("— tidak diisi —"))
    address = forms.CharField(label=_("Alamat atau patokan lokasi"), max_length=255, required=False)
    latitude = forms.DecimalField(label=_("Lintang"), max_digits=9, decimal_places=6, required=False,
                                  min_value=-90, max_value=90)
    longitude = forms.DecimalField(label=_("Bujur"), max_digits=9, decimal_places=6, required=False,
                                   min_value=-180, max_value=180)
    event_date = forms.DateField(label=_("Tanggal kejadian"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    attachments = MultipleFileField(label=_("Lampiran"),
                                    help_text=_("Foto (JPEG, PNG, WebP) atau PDF, maksimal 5 berkas @ 5 MB. "
                                                "Data lokasi (EXIF/GPS) dan nama penulis dihapus otomatis."))
    is_anonymous = forms.BooleanField(label=_("Anonim: sembunyikan identitas saya dari publik dan dari OPD"),
                                      required=False)
    is_confidential = forms.BooleanField(label=_("Rahasia: jangan tampilkan laporan ini di publik"),
                                         required=False)
    contact_name = forms.CharField(label=_("Nama"), max_length=120, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), required=False,
                                     help_text=_("Untuk kabar perkembangan laporan. Tidak pernah ditampilkan."))
    contact_phone = forms.CharField(label=_("Nomor telepon"), validators=[validate_phone], required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = leaf_categories()
        self.fields["location"].queryset = regencies()
        self.fields["district"].queryset = District.objects.select_related("jurisdiction").order_by(
            "jurisdiction__name", "name"
        )
        if user is not None and user.is_authenticated:
            for name in ("contact_name", "contact_email", "contact_phone"):
                del self.fields[name]

    def full_clean(self):
        super().full_clean()
        # A browser never sends a chosen file again: when the page comes back with errors, its file
        # fields are empty. Say so beside the field instead of dropping the photo in silence.
        if self.is_bound and self._errors and "attachments" not in self._errors \
                and any(f.size for f in self.files.getlist("attachments")):
            self.add_error("attachments", _("Berkas yang Anda pilih belum tersimpan karena ada isian lain yang "
                                            "perlu diperbaiki. Pilih berkasnya lagi sebelum mengirim."))

    def clean(self):
        data = super().clean()
        district, location = data.get("district"), data.get("location")
        if district and location and district.jurisdiction_id != location.pk:
            self.add_error("district", _("Kecamatan tidak berada di kabupaten/kota yang dipilih."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Titik peta harus berisi lintang dan bujur."))
        return data


class SimilarForm(forms.Form):
    """What the filing page sends while the citizen types, to find reports of the same matter."""

    title = forms.CharField(label=_("Judul"), max_length=150, required=False)
    body = forms.CharField(label=_("Isi laporan"), max_length=5000, required=False)
    location = forms.ModelChoiceField(label=_("Kabupaten/kota"), queryset=Jurisdiction.objects.none(),
                                      error_messages={"required": _("Pilih kabupaten/kota lebih dulu."),
                                                      "invalid_choice": _("Kabupaten/kota tidak dikenal.")})
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=Category.objects.none(), required=False)
    latitude = forms.DecimalField(label=_("Lintang"), max_digits=9, decimal_places=6, required=False,
                                  min_value=-90, max_value=90)
    longitude = forms.DecimalField(label=_("Bujur"), max_digits=9, decimal_places=6, required=False,
                                   min_value=-180, max_value=180)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = regencies()
        self.fields["category"].queryset = leaf_categories()

    def clean(self):
        data = super().clean()
        if "latitude" not in self.errors and "longitude" not in self.errors \
                and (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Titik peta harus berisi lintang dan bujur."))
        return data


class PrivateLinkEmailForm(forms.Form):
    email = forms.EmailField(label=_("Alamat e-mail Anda"), max_length=254,
                             help_text=_("Kami kirim tautan pribadi sekali ke alamat ini. Alamat ini tidak disimpan "
                                         "bersama laporan dan tidak menerima kabar perkembangan."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class RecordReportForm(ReportForm):
    """A report staff record for a citizen who phoned, wrote, came to the desk or spoke in the media."""

    jurisdiction = forms.ModelChoiceField(label=_("Instansi penerima"), queryset=Jurisdiction.objects.none(),
                                          empty_label=None)
    source = forms.ChoiceField(label=_("Sumber laporan"), choices=Source.choices)
    source_url = forms.CharField(label=_("Tautan sumber"), max_length=500, required=False,
                                 help_text=_("Wajib untuk media sosial; boleh untuk media massa."))
    received_on = forms.DateField(label=_("Tanggal diterima"), widget=forms.DateInput(attrs={"type": "date"}))
    field_order = ["jurisdiction", "source", "source_url", "received_on"]

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, user=None, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions
        # "(opsional)" comes from the template (mark_optional, inherited)
        self.fields["attachments"].label = _("Pindaian atau tangkapan layar asli")
        self.fields["contact_name"].label = _("Nama pelapor")
        self.fields["contact_email"].label = _("E-mail pelapor")
        self.fields["contact_phone"].label = _("Telepon pelapor")
        # Staff record a report once; the coordinates come from the citizen's words (address), if at all.
        for name in ("latitude", "longitude"):
            del self.fields[name]


class TrackForm(forms.Form):
    tracking_id = forms.CharField(label=_("Nomor pelacakan"), max_length=20,
                                  widget=forms.TextInput(attrs={"placeholder": "BRG-XXXX-XXXX",
                                                                "autocapitalize": "characters"}))


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=_("Cari"), max_length=100, required=False)
    category = forms.ModelChoiceField(label=_("Kategori"), required=False, empty_label=_("Semua kategori"),
                                      queryset=Category.objects.filter(parent__isnull=True, is_active=True))
    location = forms.ModelChoiceField(label=_("Kabupaten/kota"), required=False, empty_label=_("Semua wilayah"),
                                      queryset=Jurisdiction.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = regencies()


# Reporter actions
class CompleteForm(forms.Form):
    text = forms.CharField(label=_("Keterangan tambahan"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    attachments = MultipleFileField(label=_("Lampiran tambahan (opsional)"))


class ReopenForm(forms.Form):
    text = forms.CharField(label=_("Mengapa Anda belum puas?"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))


RATING_LABELS = {
    5: _("Sangat puas"), 4: _("Puas"), 3: _("Cukup"), 2: _("Tidak puas"), 1: _("Sangat tidak puas"),
}
RATING_CHOICES = [(i, format_lazy("{} — {}", i, RATING_LABELS[i])) for i in range(5, 0, -1)]


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Penilaian"), coerce=int, widget=forms.RadioSelect,
                                    choices=RATING_CHOICES)
    comment = forms.CharField(label=_("Komentar (opsional)"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


# Staff actions
class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class RevealIdentityForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan membuka identitas"), min_length=10, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib, minimal 10 karakter. Alasan ini dan nama Anda tercatat di jejak audit."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan (opsional)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class EmptyForm(forms.Form):
    pass


class VerifyForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=150)
    category = CategoryChoiceField(label=_("Kategori"), queryset=Category.objects.none(), empty_label=_("— pilih —"))
    tags = forms.CharField(label=_("Tag (pisahkan dengan koma)"), max_length=200, required=False)
    is_anonymous = forms.BooleanField(label=_("Anonim"), required=False)
    is_confidential = forms.BooleanField(label=_("Rahasia"), required=False)

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = leaf_categories()


class DispatchForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("OPD tujuan"), queryset=Agency.objects.none(), empty_label=_("— pilih —"))
    note = forms.CharField(label=_("Catatan untuk OPD (opsional)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(jurisdiction=report.jurisdiction, is_active=True)
        route = report.category.routes.filter(jurisdiction=report.jurisdiction).first() if report.category else None
        if route:
            self.fields["agency"].initial = route.agency_id
            self.fields["agency"].help_text = _("Saran sesuai kategori: %(agency)s") % {"agency": route.agency.name}


class TransferForm(forms.Form):
    to_jurisdiction = forms.ModelChoiceField(label=_("Instansi yang berwenang"), queryset=Jurisdiction.objects.none(),
                                             empty_label=_("— pilih —"))
    reason = forms.CharField(label=_("Alasan (bukan wewenang)"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_jurisdiction"].queryset = Jurisdiction.objects.filter(is_active=True).exclude(
            pk=report.jurisdiction_id
        ).order_by("level", "name")


class ArchiveForm(forms.Form):
    reason = forms.ChoiceField(label=_("Alasan"), choices=[c for c in ArchiveReason.choices if c[0] != "duplicate"])
    note = forms.CharField(label=_("Catatan (opsional)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Nomor pelacakan laporan utama"), max_length=20)


class RespondForm(forms.Form):
    body = forms.CharField(label=_("Tindak lanjut untuk pelapor"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 5}))
    attachments = MultipleFileField(label=_("Lampiran (opsional)"))


class InternalNoteForm(forms.Form):
    body = forms.CharField(label=_("Catatan internal (tidak terlihat pelapor)"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionRequestForm(forms.Form):
    working_days = forms.IntegerField(label=_("Tambahan hari kerja"), min_value=1)
    reason = forms.CharField(label=_("Alasan perpanjangan"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Misalnya: perlu survei lapangan atau koordinasi dengan instansi lain."))

    def __init__(self, *args, max_days=None, ceiling_at=None, **kwargs):
        super().__init__(*args, **kwargs)
        if max_days is not None:
            field = self.fields["working_days"]
            field.widget.attrs["max"] = max(max_days, 1)
            text = _("Paling banyak %(n)d hari kerja: perpanjangan tidak boleh melewati batas akhir 60 hari "
                     "(Perpres 76/2013)") % {"n": max_days}
            if ceiling_at is not None:
                text += _(", yaitu %(date)s") % {"date": date_format(localtime(ceiling_at), "j F Y H:i")}
            field.help_text = text + "."


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), choices=[("approve", _("Setujui")), ("reject", _("Tolak"))],
                                 widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Alasan (wajib jika ditolak)"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ContactCorrectionForm(forms.Form):
    """The reporter corrects the identity they gave (UU 27/2022: the right to correction)."""

    field = forms.ChoiceField(label=_("Data yang dikoreksi"), choices=[
        ("name", _("Nama")), ("email", _("E-mail")), ("phone", _("Nomor telepon")), ("nik", _("NIK")),
        ("address", _("Alamat")),
    ])
    value = forms.CharField(label=_("Nilai yang benar (kosongkan untuk menghapus)"), max_length=255, required=False)
