"""Train the category and OPD suggestion models now (the worker retrains them daily)."""

from django.core.management.base import BaseCommand, CommandError

from baruga.complaints import suggest
from baruga.directory.models import Jurisdiction


class Command(BaseCommand):
    help = "Latih ulang model saran kategori dan OPD untuk setiap instansi (atau satu instansi: --instansi KODE)."

    def add_arguments(self, parser):
        parser.add_argument("--instansi", help="kode Kemendagri satu instansi, mis. 73.71")

    def handle(self, *args, instansi=None, **options):
        jurisdictions = Jurisdiction.objects.order_by("code")
        if instansi:
            jurisdictions = jurisdictions.filter(code=instansi)
            if not jurisdictions.exists():
                raise CommandError(f"Instansi dengan kode {instansi} tidak ditemukan.")
        for jurisdiction in jurisdictions:
            for target in (suggest.CATEGORY, suggest.AGENCY):
                model = suggest.train(jurisdiction, target)
                if model is None:
                    continue
                top1 = "—" if model.holdout_top1 is None else f"{model.holdout_top1:.0%}"
                top3 = "—" if model.holdout_top3 is None else f"{model.holdout_top3:.0%}"
                self.stdout.write(f"{jurisdiction.code} {jurisdiction.name} · {target}: {model.documents} laporan, "
                                  f"{model.classes} kelas, uji tepat pertama {top1}, dalam 3 saran {top3}")
