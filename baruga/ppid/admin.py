"""The DIP is kept in the admin by the PPID; requests are shown read-only (they change only
through `baruga.ppid.actions`)."""

from django import forms
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baruga.lib.uploads import clean_upload
from baruga.ppid import permissions, selectors
from baruga.ppid.models import InformationRequest, PublicInformation, PublicInformationDocument, RequestEvent


def _scope(request, queryset):
    """Superusers see everything; a PPID its jurisdictions, a PPID pembantu its OPDs."""
    if request.user.is_superuser:
        return queryset
    jurisdictions = permissions.ppid_jurisdiction_ids(request.user)
    agencies = permissions.assistant_agency_ids(request.user)
    return queryset.filter(Q(jurisdiction_id__in=jurisdictions) | Q(agency_id__in=agencies))


class DocumentForm(forms.ModelForm):
    upload = forms.FileField(label=_("Berkas (PDF atau gambar)"), required=False,
                             help_text=_("Diperiksa isinya; metadata (EXIF/GPS, penulis) dihapus."))
    url = forms.URLField(label=_("tautan luar"), required=False, assume_scheme="https",
                         help_text=_("Isi jika dokumen sudah terbit di situs lain; kosongkan jika mengunggah berkas."))

    class Meta:
        model = PublicInformationDocument
        fields = ["upload", "url"]

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload:
            self.cleaned_file = clean_upload(upload)  # ValidationError shows on the form
        elif not data.get("url") and not self.instance.file:
            raise forms.ValidationError(_("Unggah berkas atau isi tautan luar."))
        return data

    def save(self, commit=True):
        document = super().save(commit=False)
        cleaned = getattr(self, "cleaned_file", None)
        if document.created_at is None:
            document.created_at = timezone.now()
        if cleaned is not None:
            document.original_name = cleaned.original_name
            document.content_type = cleaned.content_type
            document.size = len(cleaned.content)
            document.sha256 = cleaned.sha256
            document.file.save("upload", ContentFile(cleaned.content), save=False)
        elif document.url and not document.original_name:
            document.original_name = document.url[:120]
        if commit:
            document.save()
        return document


class DocumentInline(admin.TabularInline):
    model = PublicInformationDocument
    form = DocumentForm
    extra = 1
    fields = ["upload", "url", "original_name", "size", "created_at"]
    readonly_fields = ["original_name", "size", "created_at"]


class StaleFilter(admin.SimpleListFilter):
    title = _("pembaruan")
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", _("Berkala, belum diperbarui > 6 bulan"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_stale=True)
        return queryset


@admin.register(PublicInformation)
class PublicInformationAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "jurisdiction", "agency", "last_updated_on", "next_review_on", "stale",
                    "is_published"]
    list_filter = ["category", StaleFilter, "is_published", "jurisdiction"]
    search_fields = ["title", "summary"]
    list_select_related = ["jurisdiction", "agency"]
    autocomplete_fields = ["jurisdiction", "agency"]
    inlines = [DocumentInline]
    fieldsets = [
        (None, {"fields": ["jurisdiction", "agency", "title", "summary", "category", "is_published"]}),
        (_("Pengecualian (hanya untuk informasi dikecualikan)"),
         {"fields": ["exemption_ground", "consequence_test", "exempt_until"]}),
        (_("Pengelolaan"), {"fields": ["responsible", "form", "retention", "year", "last_updated_on",
                                       "next_review_on"]}),
    ]

    def get_queryset(self, request):
        return _scope(request, selectors.with_staleness(super().get_queryset(request)))

    @admin.display(boolean=True, description=_("perlu diperbarui"))
    def stale(self, obj):
        return obj.is_stale


class EventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "from_state", "to_state", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(InformationRequest)
class InformationRequestAdmin(admin.ModelAdmin):
    """Read-only, and without the requester's identity: the PPID pages are where requests are handled."""

    list_display = ["registration_number", "state", "outcome", "jurisdiction", "agency", "registered_at", "due_at"]
    list_filter = ["state", "outcome", "jurisdiction"]
    search_fields = ["registration_number"]
    list_select_related = ["jurisdiction", "agency"]
    inlines = [EventInline]
    exclude = ["guest_secret_hash", "submission_token", "requester"]

    def get_queryset(self, request):
        return _scope(request, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
