from django.core.management.base import BaseCommand

from baruga.spbe import demo


class Command(BaseCommand):
    help = ("Add the SPBE demo (last year's final assessment and this year's draft for the province, Kota Makassar "
            "and Kabupaten Gowa) to a demo database seeded before SPBE existed. Does nothing if any assessment exists.")

    def handle(self, *args, **options):
        created = demo.seed()
        self.stdout.write(f"{created} SPBE assessments created." if created else
                          "SPBE assessments already present (or no demo admins); nothing changed.")
