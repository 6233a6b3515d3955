from django.core.management.base import BaseCommand

from baruga.directory.models import Agency, Category, Jurisdiction
from baruga.directory.reference import load_reference_data


class Command(BaseCommand):
    help = "Load (or refresh) South Sulawesi's jurisdictions, agencies, districts and categories."

    def handle(self, *args, **options):
        load_reference_data()
        self.stdout.write(
            f"{Jurisdiction.objects.count()} jurisdictions, {Agency.objects.count()} agencies, "
            f"{Category.objects.count()} categories."
        )
