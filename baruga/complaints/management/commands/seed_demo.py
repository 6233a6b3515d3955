from django.core.management.base import BaseCommand, CommandError

from baruga.complaints import demo
from baruga.lib.appmodules import app_modules
from baruga.lib.siteurl import site_url


class Command(BaseCommand):
    help = (
        "Make a ready-to-try demo on an empty database: South Sulawesi reference data, one login per "
        f"role (password {demo.PASSWORD}) and about forty reports in every state. Running it again "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true",
            help="Keep every timestamp at the current time instead of spreading them over the last 60 days.",
        )
        parser.add_argument(
            "--force", action="store_true",
            help="Seed even though the database already has users or reports (never on a live installation: "
                 "the demo accounts share a published password).",
        )

    def handle(self, *args, now=False, force=False, **options):
        existing = demo.existing_demo_users()
        if existing:
            self.stdout.write(f"Demo data already present (users {', '.join(sorted(existing))}); nothing changed.")
            self.stdout.write("A staff login without an authenticator app yet needs an enrolment code: "
                              "manage.py issue_enrolment_code <username>")
            return
        if not force and not demo.database_is_empty():
            raise CommandError(
                "The database already has users or reports. seed_demo is for an empty database; "
                "pass --force to seed anyway."
            )
        result = demo.seed(backdate=not now)
        extra_codes = []
        for extra in demo_extensions():
            outcome = extra.seed()
            if isinstance(outcome, dict):
                extra_codes += outcome.get("enrolment_codes", [])
        self.stdout.write(self.style.SUCCESS("Baruga demo ready."))
        for line in demo.summary_lines(result, site_url()):
            self.stdout.write(line)
        for username, code in extra_codes:  # staff of the apps above complaints (e.g. dissemination's humas)
            self.stdout.write(f"  {username}  enrolment code {code}")


def demo_extensions():
    """The `demo` modules of the apps above complaints (e.g. indicators), found through the app registry
    so that complaints imports none of them; each has `seed()`."""
    return [module for module in app_modules("demo") if module.__name__.startswith("baruga.")
            and module.__name__ != "baruga.complaints.demo" and callable(getattr(module, "seed", None))]
