"""Forms for the communications staff and the newsroom. They parse input; the actions decide and change."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baruga.complaints.forms import MultipleFileField
from baruga.directory.models import Agency, Category, Jurisdiction
from baruga.dissemination import actions, permissions
from baruga.dissemination.models import MediaKind, MediaPartner, PublicationKind, Verification
from baruga.ppid.models import InfoCategory, PublicInformation

PROOF_HELP = _("Tangkapan layar (JPEG/PNG/WebP) atau PDF. Isinya diperiksa; metadata (EXIF/GPS, penulis) dihapus.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PartnerForm(forms.Form):
    mark_optional = True
    jurisdiction = forms.ModelChoiceField(label=_("Wilayah"), queryset=Jurisdiction.objects.none(),
                                          empty_label=None)
    name = forms.CharField(label=_("Nama media"), max_length=160)
    kind = forms.ChoiceField(label=_("Jenis media"), choices=MediaKind.choices)
    legal_entity = forms.CharField(label=_("Badan hukum"), max_length=200,
                                   help_text=_("Misalnya: PT Media Sulsel Raya."))
    registration_number = forms.CharField(label=_("Nomor induk berusaha / akta"), max_length=80)
    website = forms.CharField(label=_("Situs"), max_length=500, required=False)
    verification = forms.ChoiceField(label=_("Verifikasi Dewan Pers"), choices=Verification.choices)
    verified_on = forms.DateField(label=_("Tanggal verifikasi"), required=False, widget=DateInput())
    verification_valid_until = forms.DateField(label=_("Verifikasi berlaku sampai"), required=False, widget=DateInput())
    evidence = forms.FileField(label=_("Bukti verifikasi"), required=False, help_text=PROOF_HELP)
    contact_name = forms.CharField(label=_("Nama kontak"), max_length=120, required=False)
    contact_email = forms.CharField(label=_("E-mail kontak"), max_length=254, required=False)
    contact_phone = forms.CharField(label=_("Telepon kontak"), max_length=20, required=False)
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args, user, partner=None, **kwargs):
        if partner is not None:
            kwargs.setdefault("initial", {f: getattr(partner, f) for f in (
                "name", "kind", "legal_entity", "registration_number", "website", "verification", "verified_on",
                "verification_valid_until", "contact_name", "contact_email", "contact_phone", "is_active")})
        super().__init__(*args, **kwargs)
        if partner is not None:
            del self.fields["jurisdiction"]
        else:
            self.fields["jurisdiction"].queryset = Jurisdiction.objects.filter(
                pk__in=permissions.humas_jurisdiction_ids(user)).order_by("name")

    def data_object(self):
        d = self.cleaned_data
        return actions.PartnerInput(**{k: d.get(k) for k in (
            "name", "kind", "legal_entity", "registration_number", "website", "verification", "verified_on",
            "verification_valid_until", "contact_name", "contact_email", "contact_phone", "is_active")},
            evidence=d.get("evidence") or None)


class ContractForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100)
    number = forms.CharField(label=_("Nomor kontrak"), max_length=80)
    starts_on = forms.DateField(label=_("Mulai"), widget=DateInput())
    ends_on = forms.DateField(label=_("Berakhir"), widget=DateInput())
    value = forms.DecimalField(label=_("Nilai kontrak (Rp)"), min_value=0, max_digits=15, decimal_places=0)
    quota = forms.IntegerField(label=_("Kuota penayangan"), min_value=1, max_value=100_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["year"].initial = year
        self.fields["starts_on"].initial = dt.date(year, 1, 1)
        self.fields["ends_on"].initial = dt.date(year, 12, 31)


class PublicationForm(forms.Form):
    mark_optional = True
    jurisdiction = forms.ModelChoiceField(label=_("Wilayah"), queryset=Jurisdiction.objects.none(), empty_label=None)
    agency = forms.ModelChoiceField(label=_("OPD"), queryset=Agency.objects.none(), required=False,
                                    empty_label=_("Unit komunikasi publik (tanpa OPD)"))
    kind = forms.ChoiceField(label=_("Jenis publikasi"), choices=PublicationKind.choices)
    title = forms.CharField(label=_("Judul"), max_length=200)
    summary = forms.CharField(label=_("Ringkasan"), max_length=600, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Satu atau dua kalimat; tampil di daftar, umpan RSS dan e-mail."))
    body = forms.CharField(label=_("Isi"), max_length=actions.MAX_BODY, widget=forms.Textarea(attrs={"rows": 12}))
    scheduled_at = forms.DateTimeField(label=_("Jadwal terbit"), required=False, widget=DateTimeInput(),
                                       help_text=_("Kosongkan untuk terbit segera setelah disetujui."))
    public_information = forms.ModelChoiceField(label=_("Terkait informasi publik (DIP)"), required=False,
                                                queryset=PublicInformation.objects.none(),
                                                empty_label=_("— tidak ada —"))
    category = forms.ModelChoiceField(label=_("Menjawab topik pengaduan"), required=False,
                                      queryset=Category.objects.none(), empty_label=_("— tidak ada —"))
    files = MultipleFileField(label=_("Lampiran (gambar atau PDF)"), help_text=PROOF_HELP)

    def __init__(self, *args, user, publication=None, **kwargs):
        if publication is not None:
            kwargs.setdefault("initial", {
                "agency": publication.agency_id, "kind": publication.kind, "title": publication.title,
                "summary": publication.summary, "body": publication.body,
                "scheduled_at": timezone.localtime(publication.scheduled_at) if publication.scheduled_at else None,
                "public_information": publication.public_information_id, "category": publication.category_id})
        super().__init__(*args, **kwargs)
        humas = permissions.humas_jurisdiction_ids(user)
        agencies = permissions.author_agency_ids(user)
        if publication is not None:
            del self.fields["jurisdiction"]
            jurisdiction_ids = {publication.jurisdiction_id}
        else:
            jurisdiction_ids = humas | set(Agency.objects.filter(pk__in=agencies).values_list("jurisdiction_id",
                                                                                               flat=True))
            self.fields["jurisdiction"].queryset = Jurisdiction.objects.filter(pk__in=jurisdiction_ids).order_by("name")
        agency_qs = Agency.objects.filter(is_active=True, jurisdiction_id__in=jurisdiction_ids & humas) | \
            Agency.objects.filter(pk__in=agencies)
        self.fields["agency"].queryset = agency_qs.distinct().order_by("name")
        if not humas:
            self.fields["agency"].required = True
            self.fields["agency"].empty_label = None
        self.fields["public_information"].queryset = PublicInformation.objects.filter(
            jurisdiction_id__in=jurisdiction_ids, is_published=True).exclude(
            category=InfoCategory.EXEMPT).order_by("title")
        self.fields["category"].queryset = Category.objects.filter(is_active=True).order_by("name")

    def data_object(self):
        d = self.cleaned_data
        return actions.PublicationInput(kind=d["kind"], title=d["title"], summary=d["summary"], body=d["body"],
                                        agency=d.get("agency"), scheduled_at=d.get("scheduled_at"),
                                        public_information=d.get("public_information"), category=d.get("category"),
                                        files=d.get("files") or [])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Catatan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    scheduled_at = forms.DateTimeField(label=_("Jadwal terbit (opsional)"), required=False, widget=DateTimeInput())


class PlacementForm(forms.Form):
    mark_optional = True
    partner = forms.ModelChoiceField(label=_("Mitra media"), queryset=MediaPartner.objects.none(), required=False,
                                     empty_label=_("— kanal sendiri —"))
    own_channel = forms.CharField(label=_("Kanal sendiri"), max_length=120, required=False,
                                  help_text=_("Isi bila tayang di kanal sendiri, misalnya: situs resmi, Instagram "
                                              "@diskominfo.sulsel."))
    url = forms.CharField(label=_("Tautan tayang"), max_length=500, help_text=_("Diawali http:// atau https://."))
    placed_on = forms.DateField(label=_("Tanggal tayang"), widget=DateInput())
    proof = forms.FileField(label=_("Bukti tayang"), required=False, help_text=PROOF_HELP)
    views = forms.IntegerField(label=_("Dilihat"), required=False)
    impressions = forms.IntegerField(label=_("Impresi"), required=False)
    engagement = forms.IntegerField(label=_("Interaksi"), required=False)

    def __init__(self, *args, publication, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = MediaPartner.objects.filter(jurisdiction_id=publication.jurisdiction_id,
                                                                      is_active=True).order_by("name")
        self.fields["placed_on"].initial = timezone.localdate()


class ReachForm(forms.Form):
    views = forms.IntegerField(label=_("Dilihat"), required=False)
    impressions = forms.IntegerField(label=_("Impresi"), required=False)
    engagement = forms.IntegerField(label=_("Interaksi"), required=False)


class ReachImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas CSV"), help_text=_("Kolom: url, dilihat, impresi, interaksi (UTF-8)."))


class ReportForm(forms.Form):
    start = forms.DateField(label=_("Dari tanggal"), widget=DateInput())
    end = forms.DateField(label=_("Sampai tanggal"), widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
        if data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 731:
            raise forms.ValidationError(_("Periode laporan paling lama dua tahun."))
        return data


class SubscribeForm(forms.Form):
    email = forms.CharField(label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    outlet = forms.CharField(label=_("Nama media (opsional)"), max_length=120, required=False)
