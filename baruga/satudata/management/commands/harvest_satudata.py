"""Harvest the Satu Data harvest sources (docs/satudata.md, "Harvesting").

    manage.py harvest_satudata                  # every active source now, in this process
    manage.py harvest_satudata --source <id> --full
    manage.py harvest_satudata --due --loop 300 # the periodic job: every 5 minutes, enqueue one background
                                                # task (satudata.harvest.harvest_source_task) per source whose
                                                # last run is older than SATUDATA_HARVEST_INTERVAL (3600 s)
"""

import time

from django.core.management.base import BaseCommand, CommandError

from baruga.satudata import harvest
from baruga.satudata.models import HarvestSource


class Command(BaseCommand):
    help = "Harvest active Satu Data sources (CKAN action API), incrementally unless --full."

    def add_arguments(self, parser):
        parser.add_argument("--source", help="id of one HarvestSource (default: every active one)")
        parser.add_argument("--full", action="store_true", help="ignore the last run: read the whole catalogue")
        parser.add_argument("--due", action="store_true",
                            help="only enqueue background tasks for the sources that are due (for the worker)")
        parser.add_argument("--loop", type=int, default=0, metavar="SECONDS",
                            help="with --due: repeat every SECONDS, forever")

    def handle(self, *args, source=None, full=False, due=False, loop=0, **options):
        if due:
            while True:
                n = harvest.enqueue_due()
                if n or not loop:
                    self.stdout.write(f"harvest tasks enqueued: {n}")
                if not loop:
                    return
                time.sleep(loop)
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
