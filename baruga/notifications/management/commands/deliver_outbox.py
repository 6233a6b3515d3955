from django.core.management.base import BaseCommand

from baruga.notifications import outbox


class Command(BaseCommand):
    help = "Deliver every due outbox message in this process (instead of through the task worker)."

    def handle(self, *args, **options):
        outcome = outbox.deliver_due_messages()
        summary = ", ".join(f"{status}: {count}" for status, count in sorted(outcome.items())) or "nothing due"
        self.stdout.write(summary)
