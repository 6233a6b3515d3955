"""Writing the audit trail: `record()` appends, `seal_pending()` chains.

Why two steps
-------------
A hash chain needs a total order: entry n carries the hash of entry n-1. The obvious way,
taking a lock on the chain head inside every action, would make every report transition in
the installation wait for every other one (and hold that lock for the whole action). So:

1. `record()` only INSERTs an *unsealed* row (`seq`, `prev_hash`, `entry_hash` empty) inside the
   caller's transaction. No lock, no read of the head: actions on different reports never wait
   for each other, and if the action rolls back its audit row rolls back with it.
2. `seal_pending()` (run by the worker after every clock sweep, and by `manage.py audit_seal`)
   takes a lock that only sealers contend for (PostgreSQL: `pg_try_advisory_xact_lock`, released
   at commit; a second sealer skips instead of queueing. SQLite: no lock needed, its writes are
   serialised anyway), reads the head, and links the committed unsealed rows in `id` order:
   seq = head seq + 1, prev_hash = head's entry_hash, entry_hash = SHA-256 of the canonical JSON
   of the row's content plus those chain fields.

The chain order is `seq`, not `id`. Ids are handed out when a transaction INSERTs, but
transactions commit in any order: a row with id 41 may become visible after row 42 was
already sealed. The sealer never sees uncommitted rows, so row 41 is simply sealed in the next
run, after 42 (seq 42 → id 42, seq 43 → id 41). Nothing is lost or reordered once sealed, and
the verifier walks `seq` only. A row is unsealed for at most one sealing interval.

After each run that sealed something the head is copied into an `AuditCheckpoint` (and the
log), so cutting off the tail of the chain shows up as missing entries; see
`baruga.audit.verify` for what is detected and how it is reported.

Personal data: `details` holds identifiers and codes only; the reporter of a report is never
named (that would undo anonymity), and the client's address is kept as its network only.
"""

import datetime as dt
import hashlib
import ipaddress
import json
import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baruga.audit import anchors, keys
from baruga.audit.models import HASHED_FIELDS, AuditCheckpoint, AuditEntry

logger = logging.getLogger(__name__)

HASH_VERSION = 1  # legacy entries: plain SHA-256
KEYED_VERSION = 2  # HMAC-SHA256 under the audit key named by the entry's key_id
GENESIS_HASH = "0" * 64
SYSTEM_LABEL = "SYSTEM"
GUEST_LABEL = "guest"
REPORTER_LABEL = "reporter"
MAX_REASON = 4000
SEAL_BATCH = 1000
# Any fixed 64-bit number, the same in every process: only sealers take this lock.
SEAL_LOCK_KEY = 7371_0000_0001

# Human labels of the action codes, for the viewer's filter; unknown codes are shown as they are.
ACTIONS = {
    "report.verify": _("Laporan diverifikasi"),
    "report.request_info": _("Minta kelengkapan"),
    "report.complete": _("Pelapor melengkapi"),
    "report.reporter_reply": _("Pelapor mengirim tanggapan"),
    "report.dispatch": _("Disposisi ke OPD"),
    "report.transfer": _("Dialihkan"),
    "report.defer": _("Ditunda"),
    "report.resume": _("Dilanjutkan"),
    "report.archive": _("Diarsipkan"),
    "report.merge": _("Digabungkan"),
    "report.accept": _("Diterima OPD"),
    "report.hand_back": _("Dikembalikan ke admin"),
    "report.draft_response": _("Draf tindak lanjut"),
    "report.respond": _("Tindak lanjut"),
    "report.approve_response": _("Tindak lanjut disetujui"),
    "report.reject_response": _("Tindak lanjut dikembalikan"),
    "report.reopen": _("Dibuka kembali"),
    "report.rate": _("Dinilai"),
    "report.finish": _("Diselesaikan"),
    "report.add_note": _("Catatan internal"),
    "report.add_attachments": _("Lampiran ditambahkan pelapor"),
    "report.request_extension": _("Minta perpanjangan"),
    "report.approve_extension": _("Perpanjangan disetujui"),
    "report.reject_extension": _("Perpanjangan ditolak"),
    "report.reveal_identity": _("Identitas pelapor anonim dibuka"),
    "report.export": _("Daftar laporan diekspor"),
    "ppid.export": _("Daftar permohonan informasi diekspor"),
    "spbe.open": _("Evaluasi mandiri SPBE dibuka"),
    "spbe.save_answer": _("Jawaban indikator SPBE diisi"),
    "spbe.submit": _("Evaluasi SPBE diajukan untuk reviu"),
    "spbe.review_accept": _("Indikator SPBE diterima evaluator"),
    "spbe.review_change": _("Evaluator SPBE meminta perbaikan"),
    "spbe.return_for_changes": _("Evaluasi SPBE dikembalikan untuk perbaikan"),
    "spbe.finalise": _("Evaluasi SPBE ditetapkan final"),
    "spbe.export": _("Evaluasi SPBE diekspor"),
    "indicator.enter_value": _("Nilai indikator kinerja diisi"),
    "indicator.verify_value": _("Nilai indikator kinerja diverifikasi"),
    "indicator.return_value": _("Nilai indikator kinerja dikembalikan"),
    "indicator.recompute": _("Indikator kinerja dihitung ulang"),
    "indicator.set_target": _("Target indikator kinerja ditetapkan"),
    "indicator.set_round": _("Batas pelaporan indikator ditetapkan"),
    "indicator.edit": _("Indikator kinerja diubah"),
    "indicator.export": _("Matriks indikator kinerja diekspor"),
    "satudata.create": _("Dataset dibuat"),
    "satudata.harvest": _("Katalog sumber dipanen"),
    "satudata.update": _("Metadata dataset diubah"),
    "satudata.submit": _("Dataset diajukan ke walidata"),
    "satudata.check": _("Daftar periksa dataset disimpan"),
    "satudata.publish": _("Dataset diterbitkan"),
    "satudata.return": _("Dataset dikembalikan ke produsen"),
    "satudata.withdraw": _("Dataset ditarik dari publikasi"),
    "satudata.republish": _("Dataset diterbitkan kembali"),
    "satudata.delete": _("Dataset dihapus"),
    "satudata.comment": _("Komentar pada dataset"),
    "satudata.recommend": _("Rekomendasi pembina data"),
    "satudata.add_resource": _("Sumber daya ditambahkan"),
    "satudata.update_resource": _("Sumber daya diubah"),
    "satudata.delete_resource": _("Sumber daya dihapus"),
    "satudata.reload": _("Datastore dimuat ulang"),
    "satudata.remind": _("Pengingat Satu Data dikirim"),
    "membership.grant": _("Peran staf diberikan"),
    "membership.change": _("Peran staf diubah"),
    "membership.revoke": _("Peran staf dicabut"),
    "user.create": _("Pengguna dibuat"),
    "user.privilege_change": _("Hak istimewa pengguna diubah"),
    "user.permissions_change": _("Izin/grup pengguna diubah"),
    "user.password_set": _("Kata sandi diatur admin"),
    "group.permissions_change": _("Izin grup diubah"),
    "login.failed": _("Gagal masuk"),
    "audit.verify": _("Verifikasi rantai audit"),
    "privacy.export": _("Data pribadi diekspor (UU PDP)"),
    "privacy.correct": _("Identitas pelapor dikoreksi"),
    "privacy.erase": _("Data pribadi dihapus/dianonimkan"),
    "privacy.erase_request": _("Permintaan penghapusan data pribadi"),
    "privacy.refuse_request": _("Permintaan subjek data ditolak"),
    "crypto.rotate_keys": _("Kunci enkripsi data dirotasi"),
    "apikey.create": _("Kunci API dibuat"),
    "apikey.revoke": _("Kunci API dicabut"),
    "federation.pair": _("Instansi federasi dipasangkan"),
    "federation.peer_change": _("Mitra federasi diubah"),
    "federation.retry": _("Pesan federasi dikirim ulang"),
    "federation.rotate_key": _("Kunci federasi dirotasi"),
    "federation.retire_key": _("Kunci federasi dipensiunkan"),
    "dissemination.partner_create": _("Mitra media ditambahkan"),
    "dissemination.partner_update": _("Data mitra media diubah"),
    "dissemination.contract_add": _("Kontrak media ditambahkan"),
    "dissemination.publication_create": _("Draf publikasi dibuat"),
    "dissemination.publication_update": _("Draf publikasi diubah"),
    "dissemination.submit": _("Publikasi diajukan untuk ditinjau"),
    "dissemination.return_to_draft": _("Publikasi dikembalikan ke draf"),
    "dissemination.approve": _("Publikasi disetujui"),
    "dissemination.publish": _("Publikasi diterbitkan"),
    "dissemination.publication_publish_scheduled": _("Publikasi terbit sesuai jadwal"),
    "dissemination.withdraw": _("Publikasi ditarik"),
    "dissemination.placement_record": _("Penayangan dicatat"),
    "dissemination.reach_update": _("Jangkauan penayangan diubah"),
    "dissemination.reach_import": _("Jangkauan penayangan diimpor (CSV)"),
    "dissemination.report_export": _("Laporan penayangan mitra diunduh"),
}


# --- appending ---------------------------------------------------------------------------------


def record(*, actor, action, target=None, report=None, reason="", details=None, request=None, jurisdiction=None):
    """Append one unsealed entry, in the caller's transaction; returns it.

    `actor`: a user, None or the SYSTEM actor (sweeps), or a guest/anonymous visitor. When the
    actor is the report's own reporter (account or private link) the entry says "reporter" and
    keeps neither the account nor the reporter's free text: naming them would undo anonymity, and
    the report's history keeps both for those allowed to see them.
    `target`: the object acted on (default: the report). `jurisdiction` defaults to the report's.
    `details`: JSON-able identifiers and codes only — never personal data in clear.
    """
    user, label = _actor(actor, report)
    if label == REPORTER_LABEL:
        reason = ""
    target = report if target is None else target
    if jurisdiction is None and report is not None:
        jurisdiction = report.jurisdiction
    return AuditEntry.objects.create(
        created_at=timezone.now(),
        actor=user,
        actor_label=label,
        action=action[:64],
        target_type=_target_type(target),
        target_id="" if target is None else str(target.pk)[:64],
        report=report,
        report_ref=report.tracking_id if report is not None else "",
        jurisdiction=jurisdiction,
        jurisdiction_ref=jurisdiction.code if jurisdiction is not None else "",
        reason=(reason or "").strip()[:MAX_REASON],
        details=_json_safe(details or {}),
        ip=client_network(request),
    )


class ReportStep:
    """The audit step of a report's history entry (`complaints.events`, first of REPORT_EVENT_STEPS):
    `report.<action>` when the action asked for an entry (`change.audit`), in its transaction."""

    def run(self, change):
        spec, event = change.audit, change.event
        if spec is None:
            return
        details = {"event_id": event.pk, **spec.details} if spec.with_event else dict(spec.details)
        record(actor=change.actor, action=f"report.{event.action}", report=change.report, target=spec.target,
               reason=spec.reason, jurisdiction=spec.jurisdiction, details=details)


def _actor(actor, report):
    if getattr(actor, "is_authenticated", False):
        if report is not None and report.filer_id == actor.pk:
            return None, REPORTER_LABEL
        return actor, actor.get_username()
    if actor is None or repr(actor) == SYSTEM_LABEL:
        return None, SYSTEM_LABEL
    if report is not None and getattr(actor, "report_id", None) == report.pk:
        return None, REPORTER_LABEL  # a guest holding the report's private link
    return None, GUEST_LABEL


def _target_type(target):
    if target is None:
        return ""
    meta = target._meta
    return f"{meta.app_label}.{meta.model_name}"


def _json_safe(value):
    """What the database will hand back: plain JSON (dates and lazy strings become text)."""
    return json.loads(json.dumps(value, default=str))


def client_network(request):
    """The client's network, not its address: enough to see "all from one place", not who."""
    address = (request.META.get("REMOTE_ADDR") or "") if request is not None else ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


# --- hashing -----------------------------------------------------------------------------------


def _canonical_value(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return value


def _canonical(values, version):
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    payload = {name: _canonical_value(get(name)) for name in HASHED_FIELDS}
    payload["v"] = version
    if version >= KEYED_VERSION:
        payload["key_id"] = get("key_id")
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def compute_hash(values):
    """An entry's hash (hex), from its hashed fields (a dict or an entry).

    Keyed entries (`key_id` set): HMAC-SHA256 under the audit key of that id, over the canonical
    JSON including the key id; None when no configured key has that id. Legacy entries (no key
    id, sealed before the cut-over): SHA-256 of the canonical JSON, as version 1 computed it.
    """
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    wanted = get("key_id")
    if not wanted:
        return hashlib.sha256(_canonical(values, HASH_VERSION)).hexdigest()
    return keys.keyring().sign(_canonical(values, KEYED_VERSION), wanted)


# --- sealing -----------------------------------------------------------------------------------


@dataclass
class SealResult:
    sealed: int = 0
    head_seq: int | None = None
    head_hash: str = ""
    busy: bool = False  # another sealer held the lock; it seals what we would have
    checkpoint: AuditCheckpoint | None = None

    def __str__(self):
        if self.busy:
            return "Penyegel lain sedang berjalan; dilewati."
        head = f"seq {self.head_seq}" if self.head_seq else "kosong"
        return f"Disegel: {self.sealed} entri; kepala rantai: {head}."


def _take_seal_lock():
    if connection.vendor != "postgresql":
        return True  # SQLite serialises writers; a second sealer simply waits its turn
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SEAL_LOCK_KEY])
        return cursor.fetchone()[0]


def chain_head():
    """(seq, entry_hash) of the last sealed entry, or (0, GENESIS_HASH) for an empty chain."""
    head = AuditEntry.objects.filter(seq__isnull=False).order_by("-seq").values_list("seq", "entry_hash").first()
    return head or (0, GENESIS_HASH)


def seal_pending(*, batch_size=SEAL_BATCH, checkpoint=True):
    """Link every committed unsealed entry into the chain; safe to run anywhere, any time.

    Each entry is signed with the current audit key. After the last batch a signed checkpoint is
    stored and published to the anchors (`baruga.audit.anchors`), once the batch has committed.
    The first run after the upgrade to keyed chaining anchors the legacy chain even when nothing
    is waiting (the cut-over, docs/audit.md).
    """
    result = SealResult()
    signing_id = keys.keyring().current_id
    while True:
        with transaction.atomic():
            if not _take_seal_lock():
                result.busy = True
                return result
            seq, prev_hash = chain_head()
            batch = list(AuditEntry.objects.filter(seq__isnull=True).order_by("id")[:batch_size])
            now = timezone.now()
            for entry in batch:
                seq += 1
                entry.seq, entry.prev_hash, entry.sealed_at, entry.key_id = seq, prev_hash, now, signing_id
                entry.entry_hash = prev_hash = compute_hash(entry)
            if batch:
                AuditEntry.objects.bulk_update(batch, ["seq", "prev_hash", "entry_hash", "sealed_at", "key_id"])
            result.sealed += len(batch)
            result.head_seq, result.head_hash = (seq or None), (prev_hash if seq else "")
            done = len(batch) < batch_size
            if done and checkpoint and (result.sealed or _cut_over_pending(seq)):
                result.checkpoint = _checkpoint(seq, prev_hash)
        if done:
            if result.checkpoint is not None:
                anchors.publish(result.checkpoint)  # after commit: an anchor never names an uncommitted head
            return result


def legacy_through():
    """The cut-over: the last seq sealed without a key, as the first signed checkpoint recorded it."""
    first = (AuditCheckpoint.objects.exclude(signature="").order_by("seq", "id")
             .values_list("legacy_through", flat=True).first())
    if first is not None:
        return first
    last_legacy = AuditEntry.objects.filter(seq__isnull=False, key_id="").order_by("-seq").values_list("seq", flat=True)
    return last_legacy.first() or 0


def _cut_over_pending(seq):
    """A chain sealed before keyed chaining, never anchored since: anchor it now."""
    return seq > 0 and not AuditCheckpoint.objects.exclude(signature="").exists()


def _checkpoint(seq, entry_hash):
    checkpoint = AuditCheckpoint(seq=seq, entry_hash=entry_hash, count=seq, legacy_through=legacy_through(),
                                 created_at=timezone.now())
    anchors.sign_checkpoint(checkpoint)
    checkpoint.save()
    logger.info("audit checkpoint %s", anchors.anchor_line(checkpoint))
    return checkpoint


def seal_quietly():
    """The worker's call after each sweep: a failure is logged, never the end of the sweep."""
    try:
        return seal_pending()
    except Exception:
        logger.exception("audit: sealing failed")
        return None
