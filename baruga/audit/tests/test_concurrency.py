"""On PostgreSQL: appends never wait for each other or for the sealer, and the chain comes out whole."""

import threading

import pytest
from django.db import connection, connections, transaction

from baruga.audit import services
from baruga.audit.models import AuditEntry
from baruga.audit.verify import ChainVerifier

pytestmark = pytest.mark.django_db(transaction=True)
TIMEOUT = 20


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is a PostgreSQL matter; SQLite serialises every write")


def _in_thread(target, errors):
    def run():
        try:
            target()
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _assert_whole_chain(expected):
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, expected + 1))
    assert [str(f) for f in ChainVerifier().findings()] == []


def test_an_open_transaction_holding_an_entry_blocks_neither_appends_nor_the_sealer(cast):
    citra, eko = cast.citra, cast.eko
    inserted, released = threading.Event(), threading.Event()
    errors = []

    def slow_action():  # an action that wrote its audit entry and is still busy
        with transaction.atomic():
            services.record(actor=citra, action="report.verify", reason="lambat")
            inserted.set()
            assert released.wait(TIMEOUT)

    def quick_actions():
        assert inserted.wait(TIMEOUT)
        for i in range(3):
            with transaction.atomic():
                services.record(actor=eko, action="report.accept", reason=f"cepat {i}")
        assert services.seal_pending().sealed == 3  # the open transaction's entry is not visible yet
        released.set()

    slow = _in_thread(slow_action, errors)
    quick = _in_thread(quick_actions, errors)
    quick.join(TIMEOUT)
    slow.join(TIMEOUT)
    assert not quick.is_alive() and not slow.is_alive(), "an append or the sealer waited for another transaction"
    assert errors == []

    late = AuditEntry.objects.get(reason="lambat")
    assert late.seq is None and late.pk < AuditEntry.objects.get(seq=3).pk  # smaller id, committed later
    services.seal_pending()
    assert AuditEntry.objects.get(pk=late.pk).seq == 4
    _assert_whole_chain(4)


def test_two_threads_appending_and_sealing_at_once_leave_a_chain_without_gaps(cast):
    users = [cast.citra, cast.eko]
    errors = []
    start = threading.Barrier(2)

    def worker(user):
        start.wait(TIMEOUT)
        for i in range(25):
            with transaction.atomic():
                services.record(actor=user, action="report.verify", reason=f"{user.username} {i}")
            if i % 5 == 4:
                services.seal_pending()  # two sealers at once: one seals, the other skips or follows

    threads = [_in_thread(lambda u=u: worker(u), errors) for u in users]
    for thread in threads:
        thread.join(TIMEOUT * 3)
    assert errors == []
    services.seal_pending()
    _assert_whole_chain(50)


def test_a_second_sealer_skips_while_the_first_holds_the_lock(cast):
    services.record(actor=cast.citra, action="report.verify")
    holding, release = threading.Event(), threading.Event()
    errors = []

    def first_sealer():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [services.SEAL_LOCK_KEY])
            holding.set()
            assert release.wait(TIMEOUT)

    thread = _in_thread(first_sealer, errors)
    assert holding.wait(TIMEOUT)
    try:
        result = services.seal_pending()
    finally:
        release.set()
        thread.join(TIMEOUT)
    assert result.busy and result.sealed == 0 and errors == []
    assert services.seal_pending().sealed == 1
