from django.core.management.base import BaseCommand

from baruga.dissemination import demo


class Command(BaseCommand):
    help = ("Demo data for dissemination (media partners, contracts, published releases with placements) on a "
            "database seeded by seed_demo. Running it again changes nothing.")

    def handle(self, *args, **options):
        result = demo.seed()
        if result is None:
            self.stdout.write("Dissemination demo data already present; nothing changed.")
            return
        self.stdout.write(self.style.SUCCESS(
            f"Dissemination demo ready: {result['partners']} media partners; logins {', '.join(result['users'])} "
            f"(password {demo.PASSWORD}). Newsroom: /siaran-pers/, staff: /humas/."))
        for username, code in result["enrolment_codes"]:
            self.stdout.write(f"  {username}  enrolment code {code}")
