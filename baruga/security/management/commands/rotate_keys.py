"""Re-encrypt every encrypted column with the current data key while the service keeps running.

Procedure (README, "Key rotation"): put a new key first in BARUGA_DATA_KEYS / BARUGA_DATA_KEY_FILE,
keep the old one after it, restart the web server and the worker, run `manage.py rotate_keys`,
check with `manage.py rotate_keys --check`, then remove the old key and restart again.

Rows are taken in primary-key order, `--batch-size` at a time, each batch in its own short
transaction with its rows locked (PostgreSQL: FOR UPDATE; SQLite serialises writers), so a request
waits at most one batch and never for the whole run. A value already under the current key, with
its blind index up to date, is left alone: the command is idempotent, and after an interruption
running it again simply carries on. The blind indexes are recomputed when the index key changed
(it is derived from the current data key).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from baruga.audit import services as audit
from baruga.lib import crypto


class Command(BaseCommand):
    help = "Enkripsi ulang semua data pribadi dengan kunci aktif (yang pertama di BARUGA_DATA_KEYS)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200, help="baris per transaksi (bawaan 200)")
        parser.add_argument("--pause", type=float, default=0.0,
                            help="jeda dalam detik di antara batch, untuk meringankan beban basis data")
        parser.add_argument("--check", action="store_true",
                            help="hanya menghitung nilai yang belum memakai kunci aktif (kode keluar 1 bila ada)")
        parser.add_argument("--generate-key", action="store_true", help="cetak satu kunci baru, lalu selesai")

    def handle(self, *args, batch_size, pause, check, generate_key, **options):
        if generate_key:
            self.stdout.write(crypto.generate_key())
            return
        if batch_size < 1:
            raise CommandError("--batch-size minimal 1.")
        ring = crypto.keyring()
        self.stdout.write(f"Kunci aktif {ring.fingerprint()} ({len(ring.keys)} kunci terpasang, dari {ring.source}).")
        totals = crypto.RotationBatch()
        for model, encrypted, indexes in crypto.encrypted_models():
            self._rotate(model, encrypted, indexes, totals, batch_size=batch_size, pause=pause, check=check)
        if check:
            self.stdout.write(f"{totals.rows} baris diperiksa: {totals.values_reencrypted} nilai belum memakai "
                              f"kunci aktif, {totals.indexes_recomputed} indeks buta perlu dihitung ulang, "
                              f"{len(totals.failures)} tidak dapat dibuka.")
        else:
            self.stdout.write(f"{totals.rows} baris diperiksa: {totals.values_reencrypted} nilai dienkripsi ulang, "
                              f"{totals.indexes_recomputed} indeks buta dihitung ulang, "
                              f"{len(totals.failures)} tidak dapat dibuka.")
            self._audit(ring, totals)
        if totals.failures:
            raise CommandError(
                f"{len(totals.failures)} nilai tidak dapat dibuka dengan kunci mana pun yang terpasang "
                "(kunci lama sudah dihapus, atau nilainya diubah). Pasang kembali kunci lamanya lalu ulangi.")
        if check and totals.rows_changed:
            raise CommandError(f"{totals.rows_changed} baris belum memakai kunci aktif: jalankan rotate_keys "
                               "lagi sebelum menghapus kunci lama.")

    def _rotate(self, model, encrypted, indexes, totals, *, batch_size, pause, check):
        label = model._meta.label
        after, done = None, crypto.RotationBatch()
        while True:
            with transaction.atomic():
                batch = crypto.rotate_batch(model, encrypted, indexes, connection, after=after,
                                            batch_size=batch_size, dry_run=check)
            for name in ("rows", "rows_changed", "values_reencrypted", "indexes_recomputed"):
                setattr(done, name, getattr(done, name) + getattr(batch, name))
            done.failures += [(label, pk, column) for pk, column in batch.failures]
            for pk, column in batch.failures:
                self.stderr.write(f"  {label} id={pk}: kolom {column} tidak dapat didekripsi.")
            if batch.rows:
                self.stdout.write(f"  {label}: {done.rows} baris sampai id {batch.last_pk}, "
                                  f"{done.rows_changed} diubah.")
            if batch.rows < batch_size:
                break
            after = batch.last_pk
            if pause:
                time.sleep(pause)
        self.stdout.write(f"{label}: selesai, {done.rows} baris, {done.values_reencrypted} nilai dienkripsi ulang, "
                          f"{done.indexes_recomputed} indeks buta dihitung ulang.")
        for name in ("rows", "rows_changed", "values_reencrypted", "indexes_recomputed"):
            setattr(totals, name, getattr(totals, name) + getattr(done, name))
        totals.failures += done.failures

    def _audit(self, ring, totals):
        audit.record(actor=None, action="crypto.rotate_keys", details={
            "key": ring.fingerprint(), "keys_configured": len(ring.keys), "rows": totals.rows,
            "rows_changed": totals.rows_changed, "values_reencrypted": totals.values_reencrypted,
            "indexes_recomputed": totals.indexes_recomputed, "failures": len(totals.failures)})
