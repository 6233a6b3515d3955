"""Background e-mail of the accounts app (run by the worker: `manage.py db_worker`)."""

from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_password_reset(subject, body, to_email):
    """The password-reset link. Queued, so the page answers equally fast whether or not the address
    belongs to an account (no enumeration by timing), and a failing mail server is retried by the
    worker instead of failing the page."""
    EmailMessage(subject, body, to=[to_email]).send()
