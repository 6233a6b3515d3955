"""Load a year's SKB of national holidays and cuti bersama from a CSV file (as the admin page does).

    manage.py load_holiday_decree --year 2027 --reference "SKB … Tahun 2026" skb-2027.csv

Columns date, name, kind ("libur nasional" / "cuti bersama"). Any bad row: every problem is
printed and nothing changes. Audited as the system (the command has no signed-in user).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from baruga.clocks import decrees, services


class Command(BaseCommand):
    help = "Muat SKB hari libur nasional dan cuti bersama satu tahun dari berkas CSV (kolom date, name, kind)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas CSV: date,name,kind; kind 'libur nasional' atau 'cuti bersama'.")
        parser.add_argument("--year", type=int, required=True, help="Tahun yang ditetapkan SKB ini.")
        parser.add_argument("--reference", required=True, help="Nomor SKB, dicatat pada setiap hari yang dimuat.")

    def handle(self, *args, file, year, reference, **options):
        reference = reference.strip()
        if not reference or len(reference) > 120:
            raise CommandError("--reference wajib diisi, paling panjang 120 karakter.")
        if not 2000 <= year <= 2100:
            raise CommandError("--year harus antara 2000 dan 2100.")
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Berkas {file} tidak dapat dibaca: {exc.strerror}.") from None
        days, errors = decrees.read_decree_csv(data, year=year)
        if errors:
            for error in errors:
                self.stderr.write(error)
            raise CommandError(f"{len(errors)} masalah; tidak ada yang diubah.")
        summary = services.load_holiday_decree(actor=None, year=year, reference=reference, days=days)
        self.stdout.write(self.style.SUCCESS(
            f"SKB tahun {year} dimuat: {summary['holidays']} libur nasional, {summary['collective_leave']} cuti "
            f"bersama, {summary['workday_corrections']} koreksi hari kerja; {summary['clocks_moved']} batas waktu "
            "yang sedang berjalan disesuaikan."))
