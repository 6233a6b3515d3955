"""manage.py apikey create|revoke|list: API keys from the command line (audited as the system)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from baruga.apikeys import services
from baruga.apikeys.models import ApiKey, Scope


class Command(BaseCommand):
    help = "Create, revoke or list API keys. The secret is printed once, at creation."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create", help="create a key and print its secret once")
        create.add_argument("--owner", required=True, help="username the key acts as")
        create.add_argument("--name", required=True, help="what the key is for")
        create.add_argument("--scope", action="append", required=True, choices=Scope.values, dest="scopes",
                            help="repeat for several scopes")
        create.add_argument("--expires-days", type=int, default=None, help="days until the key expires")
        create.add_argument("--rate", default="", help="own rate limit, e.g. 600/m")
        revoke = sub.add_parser("revoke", help="revoke a key by its prefix (bk_…) or id")
        revoke.add_argument("key")
        listing = sub.add_parser("list", help="list keys (never their secrets)")
        listing.add_argument("--all", action="store_true", help="include revoked and expired keys")

    def handle(self, *args, **options):
        getattr(self, f"_{options['subcommand']}")(options)

    def _create(self, options):
        owner = get_user_model().objects.filter(username=options["owner"]).first()
        if owner is None:
            raise CommandError(f"No user named {options['owner']!r}.")
        if options["expires_days"] is not None and options["expires_days"] < 1:
            raise CommandError("--expires-days must be at least 1.")
        expires = timezone.now() + timedelta(days=options["expires_days"]) if options["expires_days"] else None
        try:
            key, secret = services.create_key(owner=owner, name=options["name"], scopes=options["scopes"],
                                              expires_at=expires, rate_limit=options["rate"])
        except (ValueError, ValidationError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from None
        self.stdout.write(f"Created key {key.prefix}… (id {key.pk}) for {owner.username}: {', '.join(key.scopes)}")
        self.stdout.write("Secret (shown once, store it now):")
        self.stdout.write(secret)

    def _find(self, ref):
        qs = ApiKey.objects.all()
        key = qs.filter(pk=int(ref)).first() if ref.isdigit() else qs.filter(prefix=ref.rstrip("…")[:11]).first()
        if key is None:
            raise CommandError(f"No API key {ref!r}.")
        return key

    def _revoke(self, options):
        key = self._find(options["key"])
        if key.revoked_at is not None:
            self.stdout.write(f"Key {key.prefix}… was already revoked at {key.revoked_at:%Y-%m-%d %H:%M}.")
            return
        services.revoke_key(key=key)
        self.stdout.write(f"Revoked key {key.prefix}… ({key.name}).")

    def _list(self, options):
        now = timezone.now()
        for key in ApiKey.objects.select_related("owner"):
            status = "active" if key.is_active(now) else ("revoked" if key.revoked_at else "expired")
            if status != "active" and not options["all"]:
                continue
            used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
            expires = f"{key.expires_at:%Y-%m-%d}" if key.expires_at else "-"
            self.stdout.write(f"{key.pk}\t{key.prefix}…\t{status}\t{key.owner.username}\t{','.join(key.scopes)}\t"
                              f"expires {expires}\tused {used}\t{key.name}")
