"""Admin for the business calendar, clock durations and escalation chains.

Bad configuration is refused or flagged here, with a message in plain Indonesian, so that the
sweep never has to guess: duplicate calendar dates, durations outside 1–60 working days,
escalation steps that reach nobody somewhere (saved, with a warning and a list column).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.clocks import calendar, decrees, services
from baruga.clocks.escalation import DEFAULT_CHAIN, GapFinder, describe_places
from baruga.clocks.models import (
    MAX_ESCALATION_DAYS,
    MAX_ESCALATION_LEVEL,
    CalendarDay,
    ClockKind,
    ClockPolicy,
    Escalation,
    EscalationStep,
    EscalationTarget,
)


def _ranged_integer(label, low, high, message, help_text=""):
    """An integer field whose every out-of-range value gets the same plain message."""

    class RangedIntegerField(forms.IntegerField):
        def validate(self, value):
            super().validate(value)
            if value is not None and not low <= value <= high:
                raise forms.ValidationError(message)

    return RangedIntegerField(label=label, help_text=help_text)


# --- Business calendar ------------------------------------------------------------------------------

class YearFilter(admin.SimpleListFilter):
    title = gettext_lazy("tahun")
    parameter_name = "tahun"

    def lookups(self, request, model_admin):
        return [(str(day.year), str(day.year)) for day in CalendarDay.objects.dates("date", "year", order="DESC")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "name", "kind", "jurisdiction", "decree"]
    list_filter = [YearFilter, "kind", ("jurisdiction", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    date_hierarchy = "date"
    list_select_related = ["jurisdiction"]
    ordering = ["date"]

    def get_urls(self):
        load = self.admin_site.admin_view(self.load_decree_view)
        return [path("muat-skb/", load, name="clocks_calendarday_load_decree"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "calendar_status": calendar.calendar_status(),
                         "can_load_decree": self._can_load(request)}
        return super().changelist_view(request, extra_context)

    def _can_load(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request) and \
            self.has_delete_permission(request)

    def load_decree_view(self, request):
        """One step: a year's SKB from a CSV file; any bad row and nothing changes."""
        if not self._can_load(request):
            raise PermissionDenied
        errors = []
        if request.method == "POST":
            form = DecreeUploadForm(request.POST, request.FILES)
            if form.is_valid():
                year, upload = form.cleaned_data["year"], form.cleaned_data["file"]
                days, errors = decrees.read_decree_csv(upload.read(decrees.MAX_BYTES + 1), year=year)
                if not errors:
                    summary = services.load_holiday_decree(actor=request.user, year=year, days=days, request=request,
                                                           reference=form.cleaned_data["reference"])
                    messages.success(request, _(
                        "SKB tahun %(year)d dimuat: %(holidays)d libur nasional, %(leave)d cuti bersama, "
                        "%(corrections)d koreksi hari kerja; %(moved)d batas waktu yang sedang berjalan disesuaikan.")
                        % {"year": year, "holidays": summary["holidays"], "leave": summary["collective_leave"],
                           "corrections": summary["workday_corrections"], "moved": summary["clocks_moved"]})
                    return redirect(reverse("admin:clocks_calendarday_changelist") + f"?tahun={year}")
        else:
            form = DecreeUploadForm(initial={"year": timezone.localdate().year + 1})
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "errors": errors, "title": _("Muat SKB hari libur nasional dan cuti bersama")}
        return TemplateResponse(request, "admin/clocks/calendarday/load_decree.html", context)

    @admin.display(description=gettext_lazy("hari"))
    def weekday(self, day):
        return [_("Senin"), _("Selasa"), _("Rabu"), _("Kamis"), _("Jumat"), _("Sabtu"), _("Minggu")][
            day.date.weekday()]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in calendar_day_warnings(obj):
            messages.warning(request, warning)
        days = {obj.date, form.initial.get("date")} - {None}
        self._move_deadlines(request, days, {obj.jurisdiction_id, form.initial.get("jurisdiction")})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._move_deadlines(request, {obj.date}, {obj.jurisdiction_id})

    def delete_queryset(self, request, queryset):
        entries = list(queryset.values_list("date", "jurisdiction_id"))
        super().delete_queryset(request, queryset)
        self._move_deadlines(request, {d for d, _j in entries}, {j for _d, j in entries})

    def _move_deadlines(self, request, days, jurisdiction_ids):
        # An instance-wide entry (jurisdiction None) moves every jurisdiction's clocks.
        scope = [None] if None in jurisdiction_ids else sorted(jurisdiction_ids)
        moved = sum(services.recompute_open_clocks(day=day, jurisdiction_id=j) for day in days for j in scope)
        if moved:
            messages.info(request, _("%(n)d batas waktu yang sedang berjalan disesuaikan dengan kalender baru.")
                          % {"n": moved})


class DecreeUploadForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Tahun"), min_value=2000, max_value=2100,
                              error_messages={"min_value": gettext_lazy("Tahun harus antara 2000 dan 2100."),
                                              "max_value": gettext_lazy("Tahun harus antara 2000 dan 2100.")})
    reference = forms.CharField(
        label=gettext_lazy("Nomor SKB"), max_length=120,
        help_text=gettext_lazy("Dicatat pada setiap hari yang dimuat. Misalnya, untuk tahun 2026: "
                               "SKB Nomor 1497, 2, 5 Tahun 2025."))
    file = forms.FileField(
        label=gettext_lazy("Berkas CSV"),
        help_text=gettext_lazy("Kolom: date, name, kind (tanggal, nama, jenis); jenis “libur nasional” atau "
                               "“cuti bersama”. Satu baris per hari."))


def calendar_day_warnings(day):
    """Entries that are allowed but probably not what the administrator meant."""
    warnings = []
    national = calendar.holiday_name(day.date)
    weekend = day.date.weekday() >= 5
    if day.kind != CalendarDay.Kind.WORKDAY:
        if weekend:
            warnings.append(_("%(date)s jatuh pada akhir pekan; entri ini tidak mengubah hitungan hari kerja.")
                            % {"date": f"{day.date:%d-%m-%Y}"})
        elif national:
            warnings.append(_("%(date)s sudah libur nasional (%(name)s); entri ini tidak mengubah hitungan.")
                            % {"date": f"{day.date:%d-%m-%Y}", "name": national})
    elif not weekend and not national:
        warnings.append(_("%(date)s sudah hari kerja; koreksi ini tidak mengubah hitungan.")
                        % {"date": f"{day.date:%d-%m-%Y}"})
    if day.jurisdiction_id:
        instance_entry = CalendarDay.objects.filter(date=day.date, jurisdiction__isnull=True).first()
        if instance_entry is not None:
            warnings.append(_("Tanggal ini juga ada di kalender instansi (%(name)s); untuk %(place)s entri wilayah "
                              "ini yang berlaku.") % {"name": instance_entry.name, "place": day.jurisdiction})
    return warnings


# --- Durations --------------------------------------------------------------------------------------

class ClockPolicyForm(forms.ModelForm):
    working_days = _ranged_integer(gettext_lazy("hari kerja"), 1, 60,
                                   gettext_lazy("Durasi harus antara 1 dan 60 hari kerja."),
                                   gettext_lazy("1 sampai 60 hari kerja (batas Perpres 76/2013)."))

    class Meta:
        model = ClockPolicy
        fields = ["clock", "jurisdiction", "category", "working_days"]


@admin.register(ClockPolicy)
class ClockPolicyAdmin(admin.ModelAdmin):
    form = ClockPolicyForm
    list_display = ["clock", "jurisdiction", "category", "working_days"]
    list_filter = ["clock", ("jurisdiction", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["jurisdiction", "category"]
    autocomplete_fields = ["jurisdiction", "category"]


# --- Escalation chains ------------------------------------------------------------------------------

class EscalationStepForm(forms.ModelForm):
    level = _ranged_integer(gettext_lazy("tingkat"), 1, MAX_ESCALATION_LEVEL,
                            gettext_lazy("Tingkat eskalasi harus antara 1 dan 5."),
                            gettext_lazy("1 sampai 5; tingkat 1 lebih dulu."))
    after_working_days = _ranged_integer(
        gettext_lazy("setelah (hari kerja)"), 0, MAX_ESCALATION_DAYS,
        gettext_lazy("Jeda eskalasi harus antara 0 dan 60 hari kerja."),
        gettext_lazy("Dihitung dari batas waktu; 0 berarti tepat saat batas waktu terlewati."))

    class Meta:
        model = EscalationStep
        fields = ["clock", "level", "after_working_days", "target", "jurisdiction"]


def _describe_step(level, target, days):
    when = (_("saat batas waktu terlewati") if days == 0
            else _("%(n)d hari kerja setelah batas waktu") % {"n": days})
    return _("tingkat %(level)d: %(target)s, %(when)s") % {
        "level": level, "target": EscalationTarget(target).label, "when": when}


def _gap_text(places):
    return _("tanpa penerima di: %(places)s") % {"places": describe_places(places)}


@admin.register(EscalationStep)
class EscalationStepAdmin(admin.ModelAdmin):
    form = EscalationStepForm
    list_filter = ["clock", "target", ("jurisdiction", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["jurisdiction"]
    autocomplete_fields = ["jurisdiction"]

    def get_list_display(self, request):
        # One GapFinder per page: a handful of aggregate queries, whatever the number of steps.
        finder = GapFinder()

        @admin.display(description=_("penerima yang belum ada"))
        def unreached(step):
            places = finder.places_without_people(clock=step.clock, target=step.target,
                                                  jurisdiction_id=step.jurisdiction_id)
            return _gap_text(places) if places else "—"

        return ["clock", "level", "after_working_days", "target", "scope", unreached]

    @admin.display(description=gettext_lazy("wilayah"), ordering="jurisdiction__name")
    def scope(self, step):
        return step.jurisdiction or _("Semua wilayah (bawaan)")

    def changelist_view(self, request, extra_context=None):
        configured = set(EscalationStep.objects.filter(jurisdiction__isnull=True).values_list("clock", flat=True))
        for kind, chain in DEFAULT_CHAIN.items():
            if kind in configured:
                continue
            steps = "; ".join(_describe_step(s.level, s.target, s.after_working_days) for s in chain)
            messages.info(request, _("%(clock)s memakai rantai bawaan: %(steps)s.")
                          % {"clock": ClockKind(kind).label, "steps": steps})
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        places = GapFinder().places_without_people(clock=obj.clock, target=obj.target,
                                                   jurisdiction_id=obj.jurisdiction_id)
        if places:
            messages.warning(request, _(
                "Langkah ini belum punya penerima di: %(places)s. Eskalasi ke sana tetap dicatat, tetapi tidak ada "
                "yang diberi tahu sampai peran itu diisi (Keanggotaan staf).") % {"places": describe_places(places, 5)})
        if obj.jurisdiction_id and not change:
            others = EscalationStep.objects.filter(clock=obj.clock, jurisdiction=obj.jurisdiction).count()
            if others == 1:
                messages.info(request, _(
                    "%(place)s kini memakai rantai eskalasi “%(clock)s” sendiri; rantai bawaan tidak berlaku "
                    "lagi di sana. Tambahkan semua tingkat yang diperlukan.") % {
                    "place": obj.jurisdiction, "clock": obj.get_clock_display()})


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    """What the sweep escalated, read-only: an audit trail, including steps that reached nobody."""

    list_display = ["created_at", "report", "clock_kind", "level", "target", "recipients_count", "note"]
    list_filter = ["level", "target", "clock__kind"]
    list_select_related = ["clock__report"]
    search_fields = ["clock__report__tracking_id"]
    date_hierarchy = "created_at"

    @admin.display(description=gettext_lazy("laporan"), ordering="clock__report__tracking_id")
    def report(self, escalation):
        return escalation.clock.report.tracking_id

    @admin.display(description=gettext_lazy("tahap"), ordering="clock__kind")
    def clock_kind(self, escalation):
        return escalation.clock.get_kind_display()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
