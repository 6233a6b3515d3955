"""Pair this instance with another one.

    manage.py federation_pair --offer                  # prints a one-time code (valid 30 minutes)
    manage.py federation_pair --accept URL CODE        # on the other instance: pair with URL
"""

from django.core.management.base import BaseCommand, CommandError

from baruga.federation import pairing


class Command(BaseCommand):
    help = "Pasangkan instansi ini dengan instansi Baruga lain (kode sekali pakai)."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--offer", action="store_true", help="Buat kode pasangan sekali pakai.")
        group.add_argument("--accept", nargs=2, metavar=("URL", "CODE"), help="Pasangkan dengan instansi di URL.")

    def handle(self, *args, offer=False, accept=None, **options):
        if offer:
            code = pairing.offer()
            self.stdout.write(f"Alamat instansi ini: {pairing.base_url()}")
            self.stdout.write(f"Kode pasangan (30 menit, sekali pakai): {code}")
            return
        url, code = accept
        try:
            peer = pairing.accept(url, code)
        except pairing.PairingError as exc:
            raise CommandError(str(exc)) from None
        served = ", ".join(f"{r.jurisdiction.code}→{r.remote_code}" for r in peer.jurisdictions.select_related(
            "jurisdiction")) or "-"
        self.stdout.write(f"Terpasang dengan {peer.name} ({peer.instance_id}) di {peer.base_url}; wilayah: {served}")
