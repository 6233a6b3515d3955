"""Demo data for program indicators, run by `manage.py seed_demo` after the complaints demo.

The province's admin (admin.sulsel) sets targets for the province and every regency/city; Makassar's
and Gowa's admins enter last year's and this year's reported values with a small evidence image,
which the province verifies (one of Makassar's is left waiting, to show the queue). Regencies without a
demo login get values written directly, as verified, so the matrix shows lights across the province.
Computed indicators are recomputed from the demo reports. A reporting deadline is set 8 working days
ahead so that the reminders appear.
"""

import datetime as dt
import io
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from baruga.accounts.models import User
from baruga.directory.models import Jurisdiction
from baruga.indicators import actions, permissions
from baruga.indicators.loading import load_programs
from baruga.indicators.models import Indicator, Kind, ReportingRound, Value, ValueStatus

TARGETS = {"spbe-indeks": 3.5, "spbe-layanan-terintegrasi": 80, "spbe-sdm-tik": 20, "ppid-permohonan-terlayani": 95,
           "ppid-dip-mutakhir": 90, "ikp-verifikasi-tepat-waktu": 90, "ikp-tindak-lanjut-tepat-waktu": 85,
           "ikp-laporan-selesai": 80, "ikp-kepuasan": 75, "sandi-uji-pemulihan": 2, "sandi-opd-tte": 70,
           "sandi-insiden-3x24": 100}
TYPICAL = {"spbe-layanan-terintegrasi": (45, 95), "spbe-sdm-tik": (4, 30), "ppid-dip-mutakhir": (40, 100),
           "sandi-uji-pemulihan": (0, 3), "sandi-opd-tte": (20, 95)}


def _evidence():
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(out, "PNG")
    return SimpleUploadedFile("berita-acara.png", out.getvalue(), content_type="image/png")


def _number(indicator, rng, scale=1.0):
    low, high = TYPICAL[indicator.code]
    value = rng.uniform(low, high) * scale
    value = min(max(value, 0), 100 if indicator.unit == "persen" else value)
    return Decimal(round(value)) if indicator.unit == "jumlah" else Decimal(str(round(value, 1)))


def seed(random_seed=2026):
    load_programs()
    rng = random.Random(random_seed)
    province = Jurisdiction.objects.filter(level="province").order_by("code").first()
    users = {u.username: u for u in User.objects.filter(username__in=["admin.sulsel", "admin.makassar", "admin.gowa"])}
    if province is None or "admin.sulsel" not in users:
        return 0
    evaluator = users["admin.sulsel"]
    year = timezone.localdate().year
    regencies = list(Jurisdiction.objects.filter(parent=province, is_active=True).order_by("code"))
    indicators = {i.code: i for i in Indicator.objects.all()}
    reported = [i for i in indicators.values() if i.kind == Kind.REPORTED]
    with transaction.atomic():
        for code, target in TARGETS.items():
            for jurisdiction in [province, *regencies]:
                actions.set_target(actor=evaluator, indicator=indicators[code], jurisdiction=jurisdiction,
                                   year=year, semester=0, value=str(target))
        by_login = {j.pk: users[name] for name, j in
                    (("admin.makassar", next((r for r in regencies if r.code == "73.71"), None)),
                     ("admin.gowa", next((r for r in regencies if r.code == "73.06"), None)))
                    if j is not None and name in users}
        # A dozen regencies/cities report, Makassar and Gowa through their demo admins; the rest have not yet.
        reporting = [r for r in regencies if r.pk in by_login] + [r for r in regencies if r.pk not in by_login][:12]
        for jurisdiction in reporting:
            for indicator in reported:
                for period_year, scale in ((year - 1, 0.85), (year, 1.0)):
                    number = _number(indicator, rng, scale)
                    who = by_login.get(jurisdiction.pk)
                    if who is not None:
                        value = actions.enter_value(actor=who, indicator=indicator, jurisdiction=jurisdiction,
                                                    year=period_year, semester=0, value=number,
                                                    source="Laporan kinerja Diskominfo", evidence=_evidence())
                        if not (period_year == year and indicator.code == "spbe-sdm-tik"):
                            actions.verify_value(actor=evaluator, value=value)
                    else:
                        Value.objects.create(indicator=indicator, jurisdiction=jurisdiction, year=period_year,
                                             semester=0, value=number, status=ValueStatus.VERIFIED,
                                             source="Laporan kinerja (data demo)", entered_at=timezone.now(),
                                             verified_by=evaluator, verified_at=timezone.now())
        for indicator in reported[:3]:  # the province's own, waiting for a second province admin
            actions.enter_value(actor=evaluator, indicator=indicator, jurisdiction=province, year=year, semester=0,
                                value=_number(indicator, rng), source="Laporan kinerja Diskominfo Sulsel",
                                evidence=_evidence())
        due = timezone.localdate()
        for _n in range(8):
            due += dt.timedelta(days=1)
            while due.weekday() >= 5:
                due += dt.timedelta(days=1)
        ReportingRound.objects.update_or_create(year=year, semester=0, defaults={
            "due_on": due, "remind_working_days": 10})
    for period_year in (year - 1, year):
        actions.recompute_all(actor=permissions.SYSTEM, province=province, year=period_year, semester=0)
    return Value.objects.count()
