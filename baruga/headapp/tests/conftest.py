import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from baruga.clocks.models import Escalation
from baruga.clocks.sweep import run_sweep
from baruga.complaints import actions
from baruga.complaints.models import State
from baruga.complaints.tests.builders import bring_to


@pytest.fixture
def desk(cast, file_report):
    """Dinas PUPR Makassar (head fajar, sub-admin eko) requires approval of follow-ups:

    - two drafts waiting for fajar (`first`, `second`), one extension request (`stretched`);
    - `late`: dispatched 40 days ago, overdue and escalated by the clock sweep (head, then leaders);
    - `elsewhere`: Disdik's draft (another OPD) waiting for its own head.
    """
    d = cast
    d.pupr.requires_response_approval = True
    d.pupr.save()
    d.disdik.requires_response_approval = True
    d.disdik.save()
    with time_machine.travel(timezone.now() - dt.timedelta(days=40), tick=False):
        d.late = bring_to(file_report(category=d.city_road, title="Got mampet di Jl. Sungai Saddang"), State.DISPATCHED,
                          agency=d.pupr)
    d.first = file_report(category=d.city_road, title="Jalan berlubang depan SD Inpres")
    bring_to(d.first, State.DISPATCHED, agency=d.pupr)
    actions.respond(actor=d.eko, report=d.first, body="Lubang akan ditambal tim UPTD pada hari Kamis.")
    d.second = file_report(category=d.city_road, title="Trotoar rusak di Jl. Pettarani")
    bring_to(d.second, State.DISPATCHED, agency=d.pupr)
    actions.respond(actor=d.eko, report=d.second, body="Sudah dicek.")
    d.stretched = file_report(category=d.city_road, title="Drainase tersumbat di Pasar Terong")
    bring_to(d.stretched, State.DISPATCHED, agency=d.pupr)
    actions.accept(actor=d.eko, report=d.stretched)
    d.extension = actions.request_extension(actor=d.eko, report=d.stretched, working_days=3,
                                            reason="Menunggu alat berat dari provinsi.")
    d.elsewhere = file_report(category=d.city_road, title="Atap sekolah bocor")
    bring_to(d.elsewhere, State.DISPATCHED, agency=d.disdik)
    actions.respond(actor=d.gita, report=d.elsewhere, body="Akan diperbaiki.")
    run_sweep()
    assert Escalation.objects.filter(clock__report=d.late).count() >= 1
    for report in (d.late, d.first, d.second, d.stretched, d.elsewhere):
        report.refresh_from_db()
    return d
