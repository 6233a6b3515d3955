"""Sealing links the entries into a hash chain; the verifier recomputes it and names every tampered entry."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from baruga.audit import keys, services
from baruga.audit.models import AuditCheckpoint, AuditEntry
from baruga.audit.verify import ChainVerifier

TABLE = AuditEntry._meta.db_table


def _trail(cast, n=6, **extra):
    for i in range(n):
        services.record(actor=cast.citra, action="membership.grant", reason=f"alasan {i}", details={"i": i}, **extra)
    return services.seal_pending()


def _findings(**kwargs):
    verifier = ChainVerifier(**kwargs)
    return [str(f) for f in verifier.findings()], verifier


def _by_seq(seq):
    return AuditEntry.objects.get(seq=seq)


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement.replace("{table}", TABLE), params)


def _verify_command():
    out = io.StringIO()
    try:
        call_command("audit_verify", stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue().splitlines(), str(exc)
    return 0, out.getvalue().splitlines(), ""


# --- sealing -----------------------------------------------------------------------------------


def test_sealing_links_the_entries_in_order_and_writes_a_checkpoint(cast):
    result = _trail(cast, 6)
    assert (result.sealed, result.head_seq) == (6, 6)
    chain = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5, 6]
    assert chain[0].prev_hash == services.GENESIS_HASH
    assert all(later.prev_hash == earlier.entry_hash for earlier, later in zip(chain, chain[1:]))
    assert all(services.compute_hash(e) == e.entry_hash for e in chain)
    checkpoint = AuditCheckpoint.objects.get()
    assert (checkpoint.seq, checkpoint.entry_hash) == (6, chain[-1].entry_hash)
    assert _verify_command() == (0, ["Rantai audit utuh: 6 entri"], "")


def test_sealing_again_continues_the_chain_and_nothing_pending_is_a_no_op(cast):
    _trail(cast, 3)
    assert services.seal_pending().sealed == 0
    assert AuditCheckpoint.objects.count() == 1  # no work, no new checkpoint
    _trail(cast, 2)
    assert _by_seq(4).prev_hash == _by_seq(3).entry_hash
    assert AuditCheckpoint.objects.count() == 2
    assert _findings()[0] == []


def test_sealing_in_small_batches_gives_the_same_chain(cast):
    for i in range(5):
        services.record(actor=cast.citra, action="membership.grant", reason=f"alasan {i}")
    result = services.seal_pending(batch_size=2)
    assert (result.sealed, result.head_seq) == (5, 5)
    assert AuditCheckpoint.objects.get().seq == 5
    assert _findings()[0] == []


def test_an_entry_committed_late_with_a_smaller_id_is_sealed_after_the_head(cast):
    """Transactions commit in any order: the chain order is seq, not id."""
    first, late, third = (services.record(actor=cast.citra, action="report.verify", reason=r) for r in "abc")
    late_values = {f.attname: getattr(late, f.attname) for f in AuditEntry._meta.concrete_fields}
    late.delete()  # not yet committed when the sealer runs
    services.seal_pending()
    AuditEntry.objects.create(**late_values)  # ... and now it is, with its smaller id
    services.seal_pending()
    assert list(AuditEntry.objects.order_by("seq").values_list("id", flat=True)) == [first.pk, third.pk, late_values["id"]]
    assert late_values["id"] < third.pk
    assert _findings()[0] == []


def test_the_worker_seals_after_each_sweep(cast):
    from baruga.clocks import tasks

    services.record(actor=cast.citra, action="report.verify")
    tasks.sweep.enqueue()  # the immediate backend in tests
    assert AuditEntry.objects.get().seq == 1


def test_the_seal_command_reports_what_it_did(cast):
    services.record(actor=cast.citra, action="report.verify")
    out = io.StringIO()
    call_command("audit_seal", stdout=out)
    assert out.getvalue().strip() == "Disegel: 1 entri; kepala rantai: seq 1."


# --- tampering ---------------------------------------------------------------------------------


def test_an_altered_reason_is_reported_as_altered_with_its_seq(cast):
    _trail(cast, 6)
    target = _by_seq(3)
    _sql("UPDATE {table} SET reason = %s WHERE id = %s", ["alasan yang dipalsukan", target.pk])
    code, lines, error = _verify_command()
    assert code == 1 and "1 temuan" in error
    assert lines == [f"ALTERED seq=3 id={target.pk}: isi tidak cocok dengan hash-nya"]


def test_an_entry_rewritten_with_a_recomputed_hash_is_reported_as_altered(cast):
    _trail(cast, 6)
    target = _by_seq(3)
    target.reason = "ditulis ulang"
    forged_hash = services.compute_hash(target)
    _sql("UPDATE {table} SET reason = %s, entry_hash = %s WHERE id = %s", ["ditulis ulang", forged_hash, target.pk])
    assert _findings()[0] == [
        f"ALTERED seq=3 id={target.pk}: ditulis ulang beserta hash-nya (entri berikutnya menunjuk hash aslinya)"]


def test_a_deleted_entry_is_reported_as_removed(cast):
    _trail(cast, 6)
    _sql("DELETE FROM {table} WHERE seq = 4")
    assert _findings()[0] == ["REMOVED seq=4: entri hilang dari rantai (celah urutan)"]


def test_deleting_the_first_entries_is_reported_as_removed(cast):
    _trail(cast, 6)
    _sql("DELETE FROM {table} WHERE seq <= 2")
    assert _findings()[0] == ["REMOVED seq=1..2: entri hilang dari rantai (celah urutan)"]


def test_a_forged_entry_is_reported_as_inserted(cast):
    _trail(cast, 6)
    forged = AuditEntry(id=999, created_at=timezone.now(), actor_label="citra", action="report.verify",
                        reason="tidak pernah terjadi", details={}, seq=7, prev_hash="ab" * 32, sealed_at=timezone.now(),
                        key_id=keys.keyring().current_id)
    forged.entry_hash = services.compute_hash(forged)  # self-consistent, but linked to nothing
    _sql("INSERT INTO {table} (id, created_at, actor_label, action, target_type, target_id, report_ref, "
         "jurisdiction_ref, reason, details, ip, seq, prev_hash, entry_hash, sealed_at, key_id) "
         "VALUES (%s, %s, %s, %s, '', '', '', '', %s, %s, '', %s, %s, %s, %s, %s)",
         [forged.pk, forged.created_at, forged.actor_label, forged.action, forged.reason, "{}", forged.seq,
          forged.prev_hash, forged.entry_hash, forged.sealed_at, forged.key_id])
    findings, verifier = _findings()
    assert findings == ["INSERTED seq=7 id=999: tidak menunjuk hash entri sebelumnya"]
    assert verifier.checked == 7


def test_an_entry_claiming_to_be_sealed_outside_the_chain_is_reported_as_inserted(cast):
    _trail(cast, 3)
    stray = services.record(actor=cast.citra, action="report.verify")
    _sql("UPDATE {table} SET entry_hash = %s, sealed_at = %s WHERE id = %s", ["cd" * 32, timezone.now(), stray.pk])
    assert _findings()[0] == [f"INSERTED id={stray.pk}: mengaku sudah disegel tetapi tidak ada di rantai"]


def test_a_cut_off_tail_is_detected_through_the_checkpoint(cast):
    _trail(cast, 6)
    _sql("DELETE FROM {table} WHERE seq >= 5")
    checkpoint = AuditCheckpoint.objects.get()
    assert _findings()[0] == [
        f"REMOVED seq=5..6: ekor rantai hilang (titik periksa #{checkpoint.pk} mencatat seq 6)"]


def test_a_replaced_head_is_detected_through_the_checkpoint(cast):
    _trail(cast, 6)
    head = _by_seq(6)
    head.reason = "diganti"
    _sql("UPDATE {table} SET reason = %s, entry_hash = %s WHERE id = %s",
         ["diganti", services.compute_hash(head), head.pk])
    checkpoint = AuditCheckpoint.objects.get()
    assert _findings()[0] == [
        f"REMOVED seq=6 id={head.pk}: entri asli diganti (berbeda dari titik periksa #{checkpoint.pk})"]


def test_an_entry_moved_to_another_report_is_reported_as_altered(cast, file_report):
    first, second = file_report(), file_report()
    services.record(actor=cast.citra, action="report.verify", report=first)
    services.seal_pending()
    _sql("UPDATE {table} SET report_id = %s", [second.pk])
    assert _findings()[0] == [f"ALTERED seq=1 id={AuditEntry.objects.get().pk}: menunjuk laporan lain daripada "
                              f"yang tercatat ({first.tracking_id})"]


def test_a_deleted_report_does_not_break_the_chain(cast, file_report):
    report = file_report()
    services.record(actor=cast.citra, action="report.verify", report=report)
    services.seal_pending()
    report.delete()
    assert AuditEntry.objects.get().report_id is None
    assert _findings()[0] == []


def test_the_bounded_check_reads_only_the_newest_entries(cast):
    _trail(cast, 6)
    _sql("UPDATE {table} SET reason = 'x' WHERE seq = 2")
    findings, verifier = _findings(last=3)
    assert findings == [] and verifier.bounded and (verifier.first_seq, verifier.last_seq, verifier.checked) == (4, 6, 3)
    _sql("UPDATE {table} SET reason = 'x' WHERE seq = 4")
    assert [f.split(":")[0] for f in _findings(last=3)[0]] == [f"ALTERED seq=4 id={_by_seq(4).pk}"]
    assert len(_findings()[0]) == 2


def test_several_findings_are_each_reported(cast):
    _trail(cast, 8)
    _sql("UPDATE {table} SET reason = 'x' WHERE seq = 2")
    _sql("DELETE FROM {table} WHERE seq = 5")
    kinds = [f.split(" ")[0] + " " + f.split(" ")[1].rstrip(":") for f in _findings()[0]]
    assert kinds == ["ALTERED seq=2", "REMOVED seq=5"]


@pytest.mark.parametrize("last", ["0", "-3"])
def test_the_command_refuses_a_bad_window(cast, last):
    with pytest.raises(CommandError):
        call_command("audit_verify", "--last", last)
