"""The national upstream: an interface, chosen by the NATIONAL_CONNECTOR setting (dotted path).

A report transferred to an external jurisdiction of national level that no peer serves directly
goes to `outbox.national_connector().forward(report, event)`, inside the transfer's transaction: a connector
must only write rows there (an outbox) and deliver after commit. `pull_updates()` is called by
every delivery pass, for upstreams that must be polled; it returns how many updates it applied.

`BarugaHubConnector` talks to another Baruga instance acting as the national hub over the same
signed protocol as every peer. docs/federation.md describes how an SP4N-LAPOR! adapter plugs in.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from baruga.federation import outbox
from baruga.federation.models import Peer


class NationalConnector:
    """What the rest of Baruga needs from a national upstream."""

    def problem(self):
        """Why a transfer cannot be handed over now (a message for the admin), or None. Asked by the
        transfer before it changes anything (`outbox.ReportStep.check`), so `forward` is not refused."""
        return None

    def forward(self, report, event):  # pragma: no cover - interface
        """Queue `report` (just moved to TRANSFERRED by `event`) for the upstream, in this transaction."""
        raise NotImplementedError

    def pull_updates(self):
        """Fetch and apply updates the upstream does not push; the number applied."""
        return 0


class BarugaHubConnector(NationalConnector):
    """The national hub is a Baruga instance, paired as a Peer (NATIONAL_HUB_PEER: its name or
    instance id); reports go to its jurisdiction NATIONAL_HUB_JURISDICTION (default: the first
    jurisdiction the hub serves for us, else "00"). Updates arrive pushed, as from any peer."""

    def hub(self):
        ref = getattr(settings, "NATIONAL_HUB_PEER", "")
        peers = Peer.objects.filter(is_active=True)
        if ref:
            peer = peers.filter(name=ref).first()
            if peer is None:
                try:
                    peer = peers.filter(instance_id=ref).first()
                except Exception:
                    peer = None
            return peer
        return None

    def problem(self):
        if self.hub() is None:
            return _("Hub nasional belum terhubung (NATIONAL_HUB_PEER); laporan belum dapat dialihkan.")
        return None

    def forward(self, report, event):
        peer = self.hub()
        if peer is None:  # checked by `problem()` before the transfer; the hub went away since
            raise RuntimeError("The national hub peer is gone (NATIONAL_HUB_PEER).")
        code = getattr(settings, "NATIONAL_HUB_JURISDICTION", "") or (
            peer.jurisdictions.values_list("remote_code", flat=True).first() or "00")
        return outbox.queue_transfer(report, event, peer, code)
