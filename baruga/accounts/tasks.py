"""Background e-mail of the accounts app (run by the worker: `manage.py db_worker`)."""

import json

from django.core.mail import EmailMessage
from django_tasks import task

from baruga.lib.crypto import decrypt


@task()
def send_password_reset(payload):
    """The password-reset link. Queued, so the page answers equally fast whether or not the address
    belongs to an account (no enumeration by timing), and a failing mail server is retried by the
    worker instead of failing the page.

    `payload` is the subject, body and address as JSON encrypted with the data key
    (`baruga.lib.crypto`): the task queue is a database table, and neither the address nor the link
    may be read from a copy of it."""
    message = json.loads(decrypt(payload, label="email reset kata sandi"))
    EmailMessage(message["subject"], message["body"], to=[message["to"]]).send()
