"""Print everything Baruga holds about one person as JSON (UU 27/2022 right of access).

    manage.py privacy_export --email warga@contoh.id [--phone ...] [--nik ...] [--username ...]

For the operator answering a request made outside the site (a letter, a guest reporter): check
the requester's identity first. The export is audited (`privacy.export`, actor SYSTEM).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from baruga.accounts import privacy
from baruga.accounts.models import User


class Command(BaseCommand):
    help = "Cetak semua data pribadi seseorang sebagai JSON (hak akses subjek data, UU 27/2022)."

    def add_arguments(self, parser):
        parser.add_argument("--email")
        parser.add_argument("--phone")
        parser.add_argument("--nik")
        parser.add_argument("--username", help="akun warga")
        parser.add_argument("--reason", default="", help="dasar permintaan (dicatat di jejak audit)")

    def handle(self, *args, email, phone, nik, username, reason, **options):
        user = None
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"Akun {username!r} tidak ditemukan.")
        if not (email or phone or nik or user):
            raise CommandError("Sebutkan --email, --phone, --nik atau --username.")
        try:
            data = privacy.export_subject(actor=privacy.OPERATOR, email=email, phone=phone, nik=nik, user=user,
                                          reason=reason or "manage.py privacy_export")
        except privacy.PrivacyError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
