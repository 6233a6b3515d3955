"""What federation delivery is doing, per peer: the backlog, its oldest message, dead letters, the lease.

    manage.py federation_status

Exits with an error when a peer's oldest undelivered message is older than
FEDERATION_BACKLOG_MAX_AGE (as /api/v1/health answers 503), so cron or a monitoring check can run it.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q
from django.utils import timezone

from baruga.federation import selectors
from baruga.federation.models import OutboxMessage, OutboxStatus, Peer


def _age(seconds):
    if seconds < 120:
        return f"{seconds} detik"
    if seconds < 7200:
        return f"{seconds // 60} menit"
    return f"{seconds // 3600} jam"


class Command(BaseCommand):
    help = "Tampilkan antrean pesan federasi per mitra; gagal bila ada antrean yang macet."

    def handle(self, *args, **options):
        now = timezone.now()
        backlog = {row["peer_id"]: row for row in selectors.backlog(now)}
        peers = Peer.objects.filter(is_active=True).annotate(
            dead=Count("outbox", filter=Q(outbox__status=OutboxStatus.DEAD))).order_by("name", "pk")
        stuck = []
        for peer in peers:
            row = backlog.get(peer.pk)
            line = f"{peer.name}: "
            if row is None:
                line += "antrean kosong"
            else:
                line += f"{row['messages']} pesan belum terkirim, tertua {_age(row['oldest_age_seconds'])}"
                head = (OutboxMessage.objects.filter(peer=peer, status__in=selectors.UNDELIVERED).order_by("id")
                        .values("status", "attempts", "next_attempt_at", "last_error").first())
                if head and head["last_error"]:
                    line += (f"; terdepan {head['status']} ({head['attempts']} percobaan, berikutnya "
                             f"{timezone.localtime(head['next_attempt_at']):%d-%m-%Y %H:%M}): "
                             f"{head['last_error'].splitlines()[0][:200]}")
                if row["stuck"]:
                    stuck.append(peer.name)
            if peer.dead:
                line += f"; {peer.dead} pesan gagal permanen"
            if peer.lease_until and peer.lease_until > now:
                line += f"; sedang dikirim oleh {peer.lease_owner} sampai {timezone.localtime(peer.lease_until):%H:%M:%S}"
            self.stdout.write(line)
        if not peers:
            self.stdout.write("Belum ada mitra federasi aktif.")
        if stuck:
            raise CommandError(f"Antrean macet (lebih dari {selectors.backlog_max_age():g} detik): "
                               + ", ".join(stuck))
