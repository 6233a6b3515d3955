"""Filing a report hands its e-mails to the worker in the filing's own transaction when the task
queue lives in the database (django-tasks-db): the message rows and their task rows commit together."""

import pytest

from baruga.complaints import actions
from baruga.notifications import outbox
from baruga.notifications.models import Notification, OutboxMessage


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _task_args():
    from django_tasks_db.models import DBTaskResult

    return sorted(row.args_kwargs["args"][0] for row in DBTaskResult.objects.filter(
        task_path="baruga.notifications.tasks.deliver_outbox_message"))


def test_a_filing_writes_its_messages_and_their_tasks_in_one_transaction(
        cast, file_report, database_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        report = file_report()
    messages = list(OutboxMessage.objects.order_by("pk"))
    # The receipt for the reporter and one e-mail per admin of the receiving jurisdiction.
    assert len(messages) == 1 + Notification.objects.filter(report=report).count() >= 2
    assert _task_args() == [m.pk for m in messages]
    assert not [c for c in callbacks if getattr(c, "func", None) is outbox.enqueue_many]


def test_a_failed_filing_leaves_neither_messages_nor_tasks(cast, file_report, database_tasks, monkeypatch):
    from django_tasks.signals import task_enqueued

    def broken(*args, **kwargs):  # fails after the message and task rows were written
        raise RuntimeError("disk full")

    monkeypatch.setattr(task_enqueued, "send", broken)
    with pytest.raises(RuntimeError):
        file_report()
    assert not OutboxMessage.objects.exists() and _task_args() == []
    assert not actions.Report.objects.exists()


def test_with_another_backend_the_tasks_follow_the_commit(cast, file_report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        file_report()
    handed = [c for c in callbacks if getattr(c, "func", None) is outbox.enqueue_many]
    assert [pk for c in handed for pk in c.args[0]] == list(OutboxMessage.objects.order_by("pk").values_list(
        "pk", flat=True))
