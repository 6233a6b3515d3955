from django.core.management.base import BaseCommand

from baruga.notifications import digests


class Command(BaseCommand):
    help = "Queue today's daily notification digests (once per user and day; safe to run often)."

    def handle(self, *args, **options):
        count = digests.send_daily_digests()
        self.stdout.write(f"{count} digest(s) queued")
