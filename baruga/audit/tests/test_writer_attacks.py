"""Someone who can write to the database, but holds no audit key and cannot reach the anchor file,
can no longer wipe, rebuild or extend the trail unseen: `audit_verify` names where it happened."""

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
import os
import stat

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from baruga.audit import services
from baruga.audit.models import HASHED_FIELDS, AuditCheckpoint, AuditEntry

GENESIS = "0" * 64


def trail(cast, n, start=0):
    for i in range(start, start + n):
        services.record(actor=cast.citra, action="membership.grant", reason=f"alasan {i}", details={"i": i})
    call_command("audit_seal", stdout=io.StringIO())


def verify(*args):
    out = io.StringIO()
    try:
        call_command("audit_verify", *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue().splitlines(), str(exc)
    return 0, out.getvalue().splitlines(), ""


def _canonical(row):
    payload = {}
    for name in HASHED_FIELDS:
        value = row[name]
        payload[name] = value.astimezone(dt.UTC).isoformat(timespec="microseconds") if isinstance(
            value, dt.datetime) else value
    payload["v"] = 1
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def plain_sha256(row):
    """What anyone can compute: the chain's hash before keyed chaining."""
    return hashlib.sha256(_canonical(row)).hexdigest()


def rebuild_forward(from_seq, hasher, **changes):
    """The forger's rewrite: recompute every hash from `from_seq` on, and drop the checkpoints."""
    rows = list(AuditEntry.objects.filter(seq__isnull=False).order_by("seq").values(*HASHED_FIELDS, "id"))
    previous = GENESIS
    for row in rows:
        if row["seq"] >= from_seq:
            row["prev_hash"] = previous
            row["entry_hash"] = hasher(row)
            AuditEntry.objects.filter(pk=row["id"]).update(prev_hash=row["prev_hash"], entry_hash=row["entry_hash"],
                                                           **changes)
        previous = row["entry_hash"] if row["seq"] >= from_seq else AuditEntry.objects.get(pk=row["id"]).entry_hash
    AuditCheckpoint.objects.all().delete()


# --- a wipe and a truncation -------------------------------------------------------------------


def test_deleting_the_whole_trail_is_reported_up_to_the_anchored_seq(cast):
    trail(cast, 6)
    AuditEntry.objects.all().delete()
    AuditCheckpoint.objects.all().delete()

    code, lines, error = verify()

    assert code == 1 and "Rantai audit rusak" in error
    assert "REMOVED seq=1..6: ekor rantai hilang (jangkar berkas baris 1 mencatat seq 6)" in lines


def test_cutting_off_the_tail_and_its_checkpoints_is_reported_from_the_anchor(cast):
    trail(cast, 3)
    trail(cast, 3, start=3)
    AuditEntry.objects.filter(seq__gte=4).delete()
    AuditCheckpoint.objects.filter(seq__gte=4).delete()

    code, lines, _error = verify()

    assert code == 1
    assert lines == ["REMOVED seq=4..6: ekor rantai hilang (jangkar berkas baris 2 mencatat seq 6)"]


# --- a rebuilt chain ---------------------------------------------------------------------------


def test_an_edit_with_the_chain_recomputed_forward_is_reported_entry_by_entry(cast):
    trail(cast, 6)
    target = AuditEntry.objects.get(seq=3)
    AuditEntry.objects.filter(pk=target.pk).update(reason="alasan yang dipalsukan")
    rebuild_forward(3, plain_sha256)

    code, lines, _error = verify()

    assert code == 1
    assert lines[0] == f"ALTERED seq=3 id={target.pk}: isi tidak cocok dengan hash-nya"
    assert [line.split(":")[0] for line in lines[:4]] == [
        f"ALTERED seq={seq} id={AuditEntry.objects.get(seq=seq).pk}" for seq in (3, 4, 5, 6)]


def test_a_chain_rebuilt_as_legacy_entries_after_the_cut_over_is_reported(cast):
    trail(cast, 4)
    AuditEntry.objects.filter(seq=2).update(reason="dipalsukan")
    rebuild_forward(1, plain_sha256, key_id="")  # as if it had all been sealed before keyed chaining

    code, lines, _error = verify()

    assert code == 1
    assert lines[0] == (f"ALTERED seq=1 id={AuditEntry.objects.get(seq=1).pk}: disegel tanpa kunci audit sesudah "
                        "peralihan (entri tanpa kunci hanya sah sampai seq 0)")
    assert len([line for line in lines if line.startswith("ALTERED")]) == 4


def test_a_chain_rebuilt_with_another_key_and_re_signed_checkpoints_is_reported(cast):
    trail(cast, 3)
    trail(cast, 3, start=3)
    wrong = b"k" * 32
    key_id = AuditEntry.objects.get(seq=1).key_id  # public: stored beside every entry

    def forged_hmac(row):
        row = {**row, "key_id": key_id}
        payload = json.loads(_canonical(row))
        payload["v"], payload["key_id"] = 2, key_id
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        return hmac.new(wrong, text, hashlib.sha256).hexdigest()

    AuditEntry.objects.filter(seq=5).update(reason="dipalsukan")
    rebuild_forward(5, forged_hmac)
    head = AuditEntry.objects.get(seq=6)
    forged = AuditCheckpoint.objects.create(seq=6, entry_hash=head.entry_hash, count=6, legacy_through=0,
                                            key_id=key_id, signature="ab" * 32)

    code, lines, _error = verify()

    assert code == 1
    assert f"ALTERED seq=5 id={AuditEntry.objects.get(seq=5).pk}: isi tidak cocok dengan hash-nya" in lines
    assert f"ANCHOR seq=6: titik periksa #{forged.pk}: tanda tangan tidak sah (bukan dari kunci audit); diabaikan" \
        in lines


# --- forgeries sealed in by audit_seal ---------------------------------------------------------


def test_a_backdated_entry_sealed_in_later_is_reported_as_inserted(cast):
    trail(cast, 4)
    days_ago = timezone.now() - dt.timedelta(days=3)
    forged = AuditEntry.objects.create(created_at=days_ago, actor_label="budi", action="report.approve_response",
                                       reason="tidak pernah terjadi")
    call_command("audit_seal", stdout=io.StringIO())  # the sealer takes it for a late honest row

    code, lines, _error = verify()

    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"INSERTED seq=5 id={forged.pk}: dibuat {days_ago.astimezone(dt.UTC):%Y-%m-%d %H:%M}")
    assert lines[0].endswith("tetapi disegel sesudahnya: disisipkan belakangan")


def test_an_entry_spliced_into_the_middle_and_resealed_is_reported_against_the_anchor(cast):
    trail(cast, 3)
    trail(cast, 3, start=3)
    # Unseal the tail, slip a forged row in before it, drop the checkpoints, let the sealer rebuild it.
    tail = list(AuditEntry.objects.filter(seq__gte=4).order_by("seq"))
    AuditEntry.objects.filter(seq__gte=4).update(seq=None, prev_hash="", entry_hash="", sealed_at=None)
    AuditEntry.objects.filter(pk=tail[0].pk).update(reason="alasan yang dipalsukan")
    AuditCheckpoint.objects.all().delete()
    call_command("audit_seal", stdout=io.StringIO())
    assert AuditEntry.objects.filter(seq__isnull=True).count() == 0

    code, lines, _error = verify()

    assert code == 1
    head = AuditEntry.objects.get(seq=6)
    assert (f"REMOVED seq=6 id={head.pk}: entri asli diganti (berbeda dari jangkar berkas baris 2); "
            "rantai masih cocok pada seq 3") in lines


# --- the anchors themselves --------------------------------------------------------------------


def test_each_checkpoint_is_appended_to_the_anchor_file_signed_and_private(cast, anchor_file):
    trail(cast, 2)
    trail(cast, 1, start=2)
    lines = [json.loads(line) for line in anchor_file.read_text().splitlines()]
    checkpoints = list(AuditCheckpoint.objects.order_by("seq"))
    assert [(line["seq"], line["hash"], line["count"]) for line in lines] == [(2, checkpoints[0].entry_hash, 2),
                                                                            (3, checkpoints[1].entry_hash, 3)]
    assert all(line["mac"] == c.signature and line["key_id"] == c.key_id for line, c in zip(lines, checkpoints))
    assert stat.S_IMODE(os.stat(anchor_file).st_mode) == 0o600
    assert verify() == (0, ["Rantai audit utuh: 3 entri"], "")


def test_a_line_appended_without_the_key_is_reported_and_ignored(cast, anchor_file):
    trail(cast, 2)
    with open(anchor_file, "a") as handle:
        handle.write(json.dumps({"seq": 9, "hash": "cd" * 32, "count": 9, "time": "2026-01-01T00:00:00+00:00",
                                 "legacy_through": 0, "key_id": AuditEntry.objects.get(seq=1).key_id,
                                 "mac": "00" * 32}) + "\n")
    code, lines, _error = verify()
    assert code == 1
    assert lines == ["ANCHOR seq=9: jangkar berkas baris 2: tanda tangan tidak sah (bukan dari kunci audit); diabaikan"]


def test_each_checkpoint_is_e_mailed_to_the_security_officers(cast, officer):
    from baruga.notifications.models import OutboxMessage

    trail(cast, 2)
    checkpoint = AuditCheckpoint.objects.get()
    [message] = OutboxMessage.objects.filter(dedupe_key__startswith="audit-anchor:")
    assert message.to_address == "surya@contoh.id"
    assert message.subject == "Titik periksa audit seq 2"
    assert checkpoint.signature in message.body and checkpoint.entry_hash in message.body


def test_the_e_mail_anchor_sends_one_checkpoint_a_period_not_one_a_sealing(cast, officer, settings):
    import time_machine

    from baruga.notifications.models import OutboxMessage

    settings.AUDIT_ANCHOR_EMAIL_HOURS = 24
    with time_machine.travel("2026-12-07 01:00 +00:00", tick=True):
        trail(cast, 2)
        trail(cast, 2)
    with time_machine.travel("2026-12-08 01:00 +00:00", tick=True):
        trail(cast, 2)
    assert AuditCheckpoint.objects.count() == 3
    subjects = sorted(OutboxMessage.objects.filter(dedupe_key__startswith="audit-anchor:")
                      .values_list("subject", flat=True))
    assert subjects == ["Titik periksa audit seq 2", "Titik periksa audit seq 6"]


def test_anchors_are_configurable(cast, officer, settings, anchor_file):
    from baruga.notifications.models import OutboxMessage

    settings.AUDIT_ANCHORS = ["file"]
    trail(cast, 2)
    assert not OutboxMessage.objects.filter(dedupe_key__startswith="audit-anchor:").exists()
    assert anchor_file.exists()


def test_an_unwritable_anchor_file_fails_the_seal_command_with_a_clear_message(cast, settings, tmp_path):
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "tidak-ada" / "anchors.jsonl")
    services.record(actor=cast.citra, action="report.verify")
    with pytest.raises(CommandError) as failed:
        call_command("audit_seal", stdout=io.StringIO())
    assert "titik periksa tidak dapat dijangkarkan" in str(failed.value)
    assert AuditEntry.objects.get().seq == 1  # sealed all the same; the next checkpoint is anchored


# --- keys --------------------------------------------------------------------------------------


def test_the_chain_is_keyed_with_the_configured_key_and_a_rotation_keeps_it_verifiable(cast, settings):
    old = base64.urlsafe_b64encode(b"o" * 32).decode()
    new = base64.urlsafe_b64encode(b"n" * 32).decode()
    settings.BARUGA_AUDIT_KEYS = old
    trail(cast, 2)
    settings.BARUGA_AUDIT_KEYS = f"{new},{old}"
    trail(cast, 2, start=2)
    assert len(set(AuditEntry.objects.values_list("key_id", flat=True))) == 2
    assert verify() == (0, ["Rantai audit utuh: 4 entri"], "")

    settings.BARUGA_AUDIT_KEYS = new  # the old key dropped too early
    code, lines, _error = verify()
    assert code == 1
    old_id = AuditEntry.objects.get(seq=1).key_id
    assert lines[0] == (f"ALTERED seq=1 id={AuditEntry.objects.get(seq=1).pk}: ditandatangani dengan kunci {old_id} "
                        "yang tidak ada di BARUGA_AUDIT_KEYS")


def test_the_seal_command_generates_a_key():
    out = io.StringIO()
    call_command("audit_seal", "--generate-key", stdout=out)
    assert len(base64.urlsafe_b64decode(out.getvalue().strip())) == 32


# --- the cut-over from the unkeyed chain -------------------------------------------------------


def make_legacy(anchor_file):
    """The trail as the previous version left it: plain SHA-256, unsigned checkpoints, no anchors."""
    rebuild_forward(1, plain_sha256, key_id="")
    head = AuditEntry.objects.order_by("-seq").first()
    AuditCheckpoint.objects.create(seq=head.seq, entry_hash=head.entry_hash)
    anchor_file.unlink()


def test_the_first_seal_after_the_upgrade_anchors_the_legacy_chain_which_still_verifies(cast, anchor_file):
    trail(cast, 3)
    make_legacy(anchor_file)

    out = io.StringIO()
    call_command("audit_seal", stdout=out)  # nothing waiting: the cut-over checkpoint all the same

    signed = AuditCheckpoint.objects.exclude(signature="").get()
    assert (signed.seq, signed.legacy_through) == (3, 3)
    assert json.loads(anchor_file.read_text())["legacy_through"] == 3
    assert verify() == (0, ["Rantai audit utuh: 3 entri"], "")
    trail(cast, 2, start=3)
    assert list(AuditEntry.objects.order_by("seq").values_list("key_id", flat=True))[2:4] == ["", signed.key_id]
    assert verify() == (0, ["Rantai audit utuh: 5 entri"], "")


def test_an_unkeyed_entry_after_the_cut_over_is_reported(cast, anchor_file):
    trail(cast, 3)
    make_legacy(anchor_file)
    call_command("audit_seal", stdout=io.StringIO())
    trail(cast, 2, start=3)
    rebuild_forward(5, plain_sha256, key_id="")  # the newest entry passed off as legacy

    code, lines, _error = verify()

    assert code == 1
    assert lines[0] == (f"ALTERED seq=5 id={AuditEntry.objects.get(seq=5).pk}: disegel tanpa kunci audit sesudah "
                        "peralihan (entri tanpa kunci hanya sah sampai seq 3)")


def test_an_unreadable_anchor_file_is_a_finding_not_a_crash(cast, anchor_file):
    trail(cast, 2)
    anchor_file.chmod(0o000)
    if os.access(anchor_file, os.R_OK):  # root reads anything: make it a directory instead
        anchor_file.chmod(0o600)
        anchor_file.unlink()
        anchor_file.mkdir()
    code, lines, _error = verify()
    assert code == 1
    assert lines[0].startswith(f"ANCHOR: {anchor_file}: tidak dapat dibaca: ")
