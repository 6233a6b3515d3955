"""The sweep's expected fallback from a bulk batch to clock by clock is one log line, not a traceback."""

import logging

from django.db import IntegrityError

from baruga.complaints import sweep
from baruga.clocks.tests.test_sweep import _everything, sweep_at, wita


def test_a_batch_another_sweeper_claimed_first_falls_back_with_one_line(cast, file_report, monkeypatch, caplog):
    _everything(cast, file_report)
    real_bulk = sweep.notify_staff_bulk

    def bulk(causes):  # a batch of several clocks meets another sweeper's row; one clock at a time does not
        created = real_bulk(causes)
        if len(causes) == 1:
            return created
        raise IntegrityError('duplicate key value violates unique constraint "clocks_escalation_once"\nDETAIL: …')

    monkeypatch.setattr(sweep, "notify_staff_bulk", bulk)
    with caplog.at_level(logging.INFO, logger="baruga.clocks.sweep"):
        result = sweep_at(wita(10, 20, 8))
    fallbacks = [r for r in caplog.records if "goes clock by clock" in r.getMessage()]
    assert fallbacks and all(r.exc_info is None and r.levelno == logging.INFO for r in fallbacks)
    assert all("\n" not in r.getMessage() for r in fallbacks)
    assert result.counts["overdue"] == 2 and result.counts["errors"] == 0  # done clock by clock
