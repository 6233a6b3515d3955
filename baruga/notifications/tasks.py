"""Background delivery of outbox messages (run by the worker: `manage.py worker`)."""

from django_tasks import task

from baruga.notifications import delivery


@task()
def deliver_outbox_message(message_id):
    """Deliver one message; enqueued after the transaction that wrote it commits.

    Safe to run twice or on two workers at once: only the one that claims the row sends.
    """
    status = delivery.deliver(message_id)
    return str(status) if status else None
