from django.core.management.base import BaseCommand

from baruga.intake import dialogue


class Command(BaseCommand):
    help = "Close WhatsApp/SMS report dialogues left unanswered past INTAKE_DIALOGUE_TIMEOUT_HOURS, politely."

    def handle(self, *args, **options):
        self.stdout.write(f"{dialogue.expire_stale()} dialogue(s) closed")
