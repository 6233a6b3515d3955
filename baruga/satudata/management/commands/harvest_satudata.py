"""Harvest the Satu Data harvest sources now: `manage.py harvest_satudata [--source <id>] [--full]`."""

from django.core.management.base import BaseCommand, CommandError

from baruga.satudata import harvest
from baruga.satudata.models import HarvestSource


class Command(BaseCommand):
    help = "Harvest active Satu Data sources (CKAN action API), incrementally unless --full."

    def add_arguments(self, parser):
        parser.add_argument("--source", help="id of one HarvestSource (default: every active one)")
        parser.add_argument("--full", action="store_true", help="ignore the last run: read the whole catalogue")

    def handle(self, *args, source=None, full=False, **options):
        sources = HarvestSource.objects.filter(is_active=True)
        if source:
            sources = HarvestSource.objects.filter(pk=source)
            if not sources.exists():
                raise CommandError(f"Unknown harvest source {source}")
        for item in sources:
            try:
                counts = harvest.harvest(item, full=full)
            except harvest.HarvestError as e:
                self.stderr.write(f"{item.title}: {e}")
                continue
            self.stdout.write(f"{item.title}: {counts}")
