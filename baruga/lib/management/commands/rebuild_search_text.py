"""Recompute the stored search terms (`search_text`) of reports and DIP entries.

Run after changing the normalisation (baruga/lib/textnorm.py, textnorm_words.py): the queries use the
new rules at once, the stored rows only once rebuilt. Rows go in primary-key batches, each written
only if its terms changed; running it again after an interruption simply carries on (docs/search.md).
"""

from django.apps import apps
from django.core.management.base import BaseCommand

from baruga.lib import textsearch


class Command(BaseCommand):
    help = "Hitung ulang teks pencarian (istilah ternormalisasi) laporan dan Daftar Informasi Publik."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000, help="baris per batch (bawaan 2000)")

    def handle(self, *args, batch_size, **options):
        for label, fields in textsearch.SEARCHABLE.items():
            changed = textsearch.rebuild(apps.get_model(label), fields, batch=max(1, batch_size))
            self.stdout.write(f"{label}: {changed}")
