import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baruga.security.models import Incident, SecurityEvent

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
OFFERED_EVENTS = 100


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class IncidentForm(forms.ModelForm):
    note = forms.CharField(label=_("Catatan untuk linimasa"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Apa yang dilihat atau dilakukan; disimpan dengan nama dan waktu Anda."))

    class Meta:
        model = Incident
        fields = ["title", "description", "severity", "status", "detected_at", "personal_data_breach",
                  "subjects_notified_at", "authority_notified_at", "events"]
        widgets = {
            "detected_at": LocalDateTimeInput(),
            "subjects_notified_at": LocalDateTimeInput(),
            "authority_notified_at": LocalDateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "events": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("detected_at", "subjects_notified_at", "authority_notified_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        # Offer the latest events of the last week, plus those already linked or proposed.
        recent = SecurityEvent.objects.filter(created_at__gte=timezone.now() - dt.timedelta(days=7))
        ids = set(recent.order_by("-created_at").values_list("pk", flat=True)[:OFFERED_EVENTS])
        ids |= {getattr(e, "pk", e) for e in self.initial.get("events") or []}
        if self.instance.pk:
            ids |= set(self.instance.events.values_list("pk", flat=True))
        self.fields["events"].queryset = SecurityEvent.objects.filter(pk__in=ids).order_by("-created_at")
        self.fields["events"].label_from_instance = lambda e: (
            f"{timezone.localtime(e.created_at):%d-%m-%Y %H:%M} · {e.get_kind_display()} · "
            f"{e.get_severity_display()} · {e.ip or '-'}")
