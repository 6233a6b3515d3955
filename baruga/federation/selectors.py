"""Reads of federation state for the pages, the JSON API and the health check."""

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone

from baruga.complaints.models import State
from baruga.federation.models import Direction, FederatedReport, OutboxMessage, OutboxStatus

UNDELIVERED = (OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.FAILED)


def backlog_max_age():
    return float(getattr(settings, "FEDERATION_BACKLOG_MAX_AGE", 3600))


def backlog(now=None):
    """Per active peer with undelivered messages: how many, and how old the oldest is; one query (a
    small partial index), cheap enough for every health check. A peer is `stuck` when its oldest
    message waits longer than FEDERATION_BACKLOG_MAX_AGE (0: never)."""
    now = now or timezone.now()
    limit = backlog_max_age()
    rows = (OutboxMessage.objects.filter(status__in=UNDELIVERED, peer__is_active=True)
            .values("peer_id", "peer__name").annotate(messages=Count("id"), oldest=Min("created_at"))
            .order_by("peer__name", "peer_id"))
    result = []
    for row in rows:
        age = max((now - row["oldest"]).total_seconds(), 0.0)
        result.append({"peer_id": row["peer_id"], "peer": row["peer__name"], "messages": row["messages"],
                       "oldest_at": row["oldest"], "oldest_age_seconds": round(age),
                       "stuck": bool(limit) and age > limit})
    return result


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
