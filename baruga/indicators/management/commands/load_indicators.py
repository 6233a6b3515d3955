from django.core.management.base import BaseCommand

from baruga.indicators.loading import load_programs


class Command(BaseCommand):
    help = ("Load the five programs and their starting indicators (baruga/indicators/data/programs.py). "
            "Existing ones are kept as the province edited them unless --update is given.")

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true", help="Rewrite the shipped fields of existing rows.")

    def handle(self, *args, update=False, **options):
        created, updated = load_programs(update=update)
        self.stdout.write(self.style.SUCCESS(f"Indicators: {created} created, {updated} updated."))
