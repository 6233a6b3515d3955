"""Reads of federation state for the pages and the JSON API."""

from baruga.complaints.models import State
from baruga.federation.models import Direction, FederatedReport


def remote_progress(report, *, with_responses):
    """The progress of a report transferred to other instances, one entry per peer it went to.

    The state is shown to whoever may see the report's status (as the track page does); the
    responses of the receiving instance only to the reporter and staff (`with_responses`).
    """
    links = FederatedReport.objects.filter(report=report, direction=Direction.OUTGOING).select_related("peer")
    return [
        {
            "peer": link.peer.name,
            "handler": link.remote_handler or link.peer.name,
            "remote_tracking_id": link.remote_tracking_id or None,
            "state": link.remote_state if link.remote_state in State.values else None,
            "state_label": str(State(link.remote_state).label) if link.remote_state in State.values else None,
            "finished_at": link.remote_finished_at,
            "updated_at": link.updated_at,
            "responses": ([{"agency": r.get("agency", ""), "body": r.get("body", ""),
                            "published_at": r.get("published_at") or None} for r in link.remote_responses]
                          if with_responses else None),
        }
        for link in links.order_by("created_at")
    ]
