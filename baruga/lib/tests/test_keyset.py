"""Cursors of baruga/lib/keyset.py: the public API's format, round trips, and what is refused."""

import base64
import datetime as dt
import types

import pytest

from baruga.lib.keyset import Column, CursorError, Keyset

NEWEST = Keyset(Column("created_at", descending=True, kind="datetime"), Column("id", descending=True))
BY_DUE = Keyset(Column("due_at", kind="datetime", nullable=True),
                Column("created_at", descending=True, kind="datetime"), Column("id", descending=True))
STAMP = dt.datetime(2026, 3, 1, 8, 0, 0, 123456, tzinfo=dt.UTC)


def row(**values):
    return types.SimpleNamespace(**values)


def b64(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def test_the_newest_first_cursor_is_the_public_apis_format():
    report = row(created_at=STAMP, pk=4711, due_at=None)
    assert NEWEST.encode(report) == b64("2026-03-01T08:00:00.123456+00:00|4711")
    assert NEWEST.decode(NEWEST.encode(report)) == (STAMP, 4711)


def test_a_null_survives_the_round_trip():
    report = row(created_at=STAMP, pk=5, due_at=None)
    assert BY_DUE.decode(BY_DUE.encode(report)) == (None, STAMP, 5)
    report.due_at = STAMP + dt.timedelta(days=3)
    assert BY_DUE.decode(BY_DUE.encode(report)) == (report.due_at, STAMP, 5)


def test_a_naive_stamp_is_read_as_utc():
    assert NEWEST.decode(b64("2026-03-01T08:00:00|1")) == (STAMP.replace(microsecond=0), 1)


@pytest.mark.parametrize("cursor", [
    "%%%", "", b64("nope"), b64("2026-03-01T08:00:00|x"), b64("|1"), b64("2026-03-01T08:00:00"),
    b64("2026-03-01T08:00:00|1|2"), b64(f"2026-03-01T08:00:00|{2**63}"), b64("2026-02-30T08:00:00|1"),
])
def test_what_is_not_a_cursor_is_refused(cursor):
    with pytest.raises(CursorError):
        NEWEST.decode(cursor)


def test_a_cursor_of_one_order_is_refused_by_the_other():
    report = row(created_at=STAMP, pk=5, due_at=STAMP)
    with pytest.raises(CursorError):
        BY_DUE.decode(NEWEST.encode(report))
    with pytest.raises(CursorError):
        NEWEST.decode(BY_DUE.encode(report))
