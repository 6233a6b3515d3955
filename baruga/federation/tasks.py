"""Background delivery of federation messages (run by the worker: `manage.py worker`)."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from baruga.federation import delivery


@task()
def deliver_to_peer(peer_id):
    """Deliver what is due for one peer, in order; enqueued after a message is written.

    Safe to run twice or beside `federation_deliver`: one deliverer per peer holds its lease.
    When the line stops at a failed message, the task queues itself for the moment that message is
    due again, so a retry does not wait for new traffic to the peer (backends that cannot defer a
    task leave it to `federation_deliver --loop`).
    """
    outcome = delivery.deliver_peer(peer_id)
    schedule_retry(peer_id)
    return {str(k): v for k, v in outcome.items()}


def schedule_retry(peer_id):
    if not deliver_to_peer.get_backend().supports_defer:
        return None
    with transaction.atomic():  # the claim and the queued task (a row, with the database backend) together
        due = delivery.next_retry(peer_id, timezone.now())
        if due is not None:
            deliver_to_peer.using(run_after=due).enqueue(peer_id)
    return due
