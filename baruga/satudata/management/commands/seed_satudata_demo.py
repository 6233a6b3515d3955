from django.core.management.base import BaseCommand

from baruga.satudata import demo


class Command(BaseCommand):
    help = ("Seed the Satu Data demo (a dozen datasets of the province's and Kota Makassar's OPDs with small "
            "generated tables, marked as demo data, and one login per Satu Data role). Running it again changes "
            "nothing.")

    def handle(self, *args, **options):
        demo.run_as_command(self.stdout)
