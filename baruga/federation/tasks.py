"""Background delivery of federation messages (run by the worker: `manage.py db_worker`)."""

from django_tasks import task

from baruga.federation import delivery


@task()
def deliver_to_peer(peer_id):
    """Deliver what is due for one peer, in order; enqueued after a message is written.

    Safe to run twice or beside `federation_deliver`: one deliverer per peer holds its lease.
    """
    outcome = delivery.deliver_peer(peer_id)
    return {str(k): v for k, v in outcome.items()}
