"""`sweep_clocks --loop` goes on enqueuing after its database connection is lost (a PostgreSQL restart)."""

import io
import types

import pytest
from django.core.management import call_command

from baruga.clocks import tasks
from baruga.directory.models import Jurisdiction
from baruga.lib.tests.connection_drop import drop_connection


@pytest.mark.django_db(transaction=True)
def test_the_loop_reconnects_and_enqueues_on_the_next_tick(monkeypatch):
    ticks, reached = [], []

    def enqueue():
        ticks.append(1)
        if len(ticks) == 1:
            drop_connection()
        if len(ticks) == 3:
            raise KeyboardInterrupt
        reached.append(Jurisdiction.objects.count())  # a query on the connection the loop has now
        return None

    monkeypatch.setattr(tasks, "sweep", types.SimpleNamespace(enqueue=enqueue))
    err = io.StringIO()
    call_command("sweep_clocks", "--loop", "0.01", stdout=io.StringIO(), stderr=err)
    assert reached == [0]
    assert "koneksi basis data terputus" in err.getvalue()
