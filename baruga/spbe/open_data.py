"""The SPBE index published as open data by Satu Data (contract: `baruga.lib.open_data`).

Only final assessments (the evaluator's result); a draft, submitted or returned one is never published.
"""

from django.utils import timezone

from baruga.lib.open_data import Column, OpenDataset, Table
from baruga.spbe.models import Assessment, State


def index_rows(jurisdiction):
    return [[a.year, a.index, a.predikat, a.instrument_code,
             timezone.localtime(a.finalised_at).date() if a.finalised_at else None]
            for a in Assessment.objects.filter(jurisdiction=jurisdiction, state=State.FINAL).order_by("year")]


DATASETS = [
    OpenDataset(
        key="indeks-spbe",
        title="Indeks SPBE %(jurisdiction)s",
        notes="Indeks Sistem Pemerintahan Berbasis Elektronik (PermenPANRB 59/2020) hasil evaluasi final per "
              "tahun. Diperbarui otomatis setiap hari.",
        konsep="Indeks SPBE: ukuran kematangan penerapan SPBE (skala 1–5).",
        definisi="Indeks hasil evaluasi final tahun itu, dengan predikatnya.",
        klasifikasi="Tahun; instrumen evaluasi", ukuran="Indeks", satuan="Indeks (1–5)", frequency="annual",
        tags=("spbe", "pemerintahan digital"),
        tables=(Table(
            key="indeks", title="Indeks SPBE per tahun",
            description="Satu baris per tahun dengan evaluasi final.",
            columns=(
                Column("tahun", "Tahun evaluasi", "int"),
                Column("indeks", "Indeks SPBE", "numeric"),
                Column("predikat", "Predikat"),
                Column("instrumen", "Instrumen evaluasi"),
                Column("tanggal_final", "Tanggal difinalkan", "date"),
            ),
            rows=index_rows,
            period="tahun",
        ),),
    ),
]
