"""Our federation signing keys: `list`, `rotate` (new key signs from now on; peers are told first),
`retire KEY_ID` (peers stop accepting it)."""

from django.core.management.base import BaseCommand, CommandError

from baruga.audit import services as audit
from baruga.federation import rotation, signing
from baruga.federation.models import SigningKey


class Command(BaseCommand):
    help = "Kelola kunci penandatangan federasi: list, rotate, retire KEY_ID."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "rotate", "retire"])
        parser.add_argument("key_id", nargs="?")

    def handle(self, *args, action, key_id=None, **options):
        if action == "rotate":
            previous, new = rotation.rotate()
            audit.record(actor=None, action="federation.rotate_key", target=new,
                         details={"previous": previous.key_id, "new": new.key_id})
            self.stdout.write(f"Kunci baru {new.key_id} (menggantikan {previous.key_id} untuk menandatangani); "
                              "mitra diberi tahu lewat pesan federasi.")
        elif action == "retire":
            if not key_id:
                raise CommandError("Sebutkan KEY_ID yang dipensiunkan.")
            try:
                key = rotation.retire(key_id)
            except SigningKey.DoesNotExist:
                raise CommandError(f"Kunci aktif {key_id} tidak ada.") from None
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            audit.record(actor=None, action="federation.retire_key", target=key, details={"key_id": key.key_id})
            self.stdout.write(f"Kunci {key.key_id} dipensiunkan.")
        signing.current_key()
        me = signing.identity()
        self.stdout.write(f"Instansi {me.name} ({me.instance_id})")
        current = signing.current_key().key_id
        for key in SigningKey.objects.all():
            state = "menandatangani" if key.key_id == current else ("aktif" if key.is_active else "pensiun")
            self.stdout.write(f"{key.key_id}\t{state}\t{key.created_at:%Y-%m-%d %H:%M}\t{key.public_key}")
