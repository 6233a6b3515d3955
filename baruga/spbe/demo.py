"""Demo SPBE assessments for `make run` (found by `seed_demo` through the app registry, or `manage.py seed_spbe_demo`):
last year's FINAL assessment and this year's DRAFT for the province, Kota Makassar and Kabupaten Gowa,
walked through the same actions as the pages (Gowa's last year went through one round of changes)."""

import random

from django.db import transaction
from django.utils import timezone

from baruga.accounts.models import Membership, Role
from baruga.directory.models import Jurisdiction
from baruga.spbe import actions
from baruga.spbe.models import Assessment, Review

PLACES = {"73": 2.9, "73.71": 3.3, "73.06": 2.4}  # a typical level around which the demo answers vary
JUSTIFICATIONS = {
    1: "Masih berupa konsep/rintisan; belum ditetapkan dan belum diterapkan di seluruh perangkat daerah.",
    2: "Telah ditetapkan dan dilaksanakan sesuai rencana; dokumentasi tersedia di Diskominfo.",
    3: "Telah diterapkan sesuai standar dan pedoman yang berlaku di seluruh perangkat daerah.",
    4: "Terpadu dengan layanan/unit kerja lain dan kinerjanya diukur setiap triwulan.",
    5: "Dievaluasi berkala dan ditingkatkan terus berdasarkan hasil pengukuran.",
}


def _admin(code):
    m = (Membership.objects.filter(role=Role.ADMIN, jurisdiction__code=code).select_related("user")
         .order_by("-is_lead", "id").first())
    return m.user if m else None


def _level(rng, typical, bonus=0.0):
    return max(1, min(5, round(rng.gauss(typical + bonus, 0.8))))


def seed(*, year=None):
    """Create the demo assessments unless any exists; returns the number created."""
    if Assessment.objects.exists():
        return 0
    year = year or timezone.localdate().year
    province_admin = _admin("73")
    created = 0
    with transaction.atomic():
        for code, typical in PLACES.items():
            jurisdiction = Jurisdiction.objects.filter(code=code).first()
            team = _admin(code)
            if jurisdiction is None or team is None or province_admin is None:
                continue
            rng = random.Random(f"spbe-{code}")
            last = actions.open_assessment(team, jurisdiction=jurisdiction, year=year - 1)
            for indicator in last.instrument.indicators:
                level = _level(rng, typical)
                actions.save_answer(team, last, indicator_code=indicator.code, level=level,
                                    justification=JUSTIFICATIONS[level])
            actions.submit(team, last)
            if code == "73.06":
                actions.review(province_admin, last, indicator_code="I12", decision=Review.CHANGE,
                               note="Peta Rencana SPBE belum ditetapkan kepala daerah; lampirkan Perbup atau turunkan tingkatnya.")
                actions.return_for_changes(province_admin, last)
                actions.save_answer(team, last, indicator_code="I12", level=1, justification=JUSTIFICATIONS[1])
                actions.submit(team, last)
            for answer in last.answers.exclude(review=Review.ACCEPTED):
                actions.review(province_admin, last, indicator_code=answer.indicator_code, decision=Review.ACCEPTED)
            actions.finalise(province_admin, last)
            current = actions.open_assessment(team, jurisdiction=jurisdiction, year=year)
            for n, indicator in enumerate(current.instrument.indicators):
                if n >= 30:  # a draft in progress: the last 17 indicators still to do
                    break
                level = _level(rng, typical, bonus=0.4)
                actions.save_answer(team, current, indicator_code=indicator.code, level=level,
                                    justification=JUSTIFICATIONS[level])
            created += 2
    return created
