from django.core.management.base import BaseCommand, CommandError

from baruga.stats import rollups


class Command(BaseCommand):
    help = "Compare the live statistics rollups with a recomputation from raw data; exit 1 on any difference."

    def handle(self, *args, **options):
        differences = rollups.verify()
        for table, key, live, expected in differences:
            described = " ".join(f"{k}={v}" for k, v in key.items())
            self.stdout.write(f"DIFFERENT {table} {described}: live {live}, recomputed {expected}")
        if differences:
            raise CommandError(f"{len(differences)} difference(s); run `manage.py rebuild_stats` to repair.",
                               returncode=1)
        self.stdout.write(self.style.SUCCESS("statistics rollups match the raw data"))
