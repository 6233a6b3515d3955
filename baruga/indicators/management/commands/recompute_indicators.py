from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from baruga.indicators import actions, permissions, selectors
from baruga.lib.lifecycle import ActionError


class Command(BaseCommand):
    help = "Recompute every computed indicator of the province and its regencies/cities for a period."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--semester", type=int, default=0, choices=[0, 1, 2])

    def handle(self, *args, year=None, semester=0, **options):
        province = selectors.home_province()
        if province is None:
            raise CommandError("No province: load the reference data first.")
        try:
            done = actions.recompute_all(actor=permissions.SYSTEM, province=province,
                                         year=year or timezone.localdate().year, semester=semester)
        except ActionError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"{done} values computed."))
