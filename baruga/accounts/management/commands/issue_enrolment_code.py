from django.core.management.base import BaseCommand, CommandError

from baruga.accounts import enrolment
from baruga.accounts.models import User


class Command(BaseCommand):
    help = ("Issue a single-use second-factor enrolment code for staff accounts and print it once (earlier "
            "unused codes of the account stop working). With --reset, remove the account's authenticator and "
            "recovery codes first (a lost phone).")

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+")
        parser.add_argument("--reset", action="store_true", help="Remove the current authenticator first.")

    def handle(self, *args, usernames, reset=False, **options):
        users = {u.username: u for u in User.objects.filter(username__in=usernames)}
        missing = [name for name in usernames if name not in users]
        if missing:
            raise CommandError(f"No such user: {', '.join(missing)}")
        for name in usernames:
            user = users[name]
            try:
                if reset:
                    enrolment.reset(actor=None, user=user, command_line=True)
                code = enrolment.issue(actor=None, user=user, command_line=True)
            except enrolment.EnrolmentRefused as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"{name}: {code}")
