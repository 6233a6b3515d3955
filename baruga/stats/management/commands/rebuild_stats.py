import time

from django.core.management.base import BaseCommand

from baruga.stats import rollups


class Command(BaseCommand):
    help = "Recompute every statistics rollup from the raw reports and clocks (set-based SQL)."

    def handle(self, *args, **options):
        started = time.monotonic()
        counts = rollups.rebuild()
        for table, n in counts.items():
            self.stdout.write(f"{table}: {n} rows")
        self.stdout.write(self.style.SUCCESS(f"rebuild_stats done in {time.monotonic() - started:.1f} s"))
