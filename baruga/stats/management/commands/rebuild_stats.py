import time

from django.core.management.base import BaseCommand

from baruga.stats import figcache, rollups


class Command(BaseCommand):
    help = "Recompute every statistics rollup from the raw reports and clocks (set-based SQL)."

    def handle(self, *args, **options):
        started = time.monotonic()
        counts = rollups.rebuild()
        figcache.everything_changed()  # the dashboards' kept figures were read from the old rollups
        for table, n in counts.items():
            self.stdout.write(f"{table}: {n} rows")
        if rollups.vacuum():
            self.stdout.write("vacuumed (index-only scans from now on)")
        self.stdout.write(self.style.SUCCESS(f"rebuild_stats done in {time.monotonic() - started:.1f} s"))
