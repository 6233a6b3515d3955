"""Checking the audit chain: which entries were altered, removed or inserted.

The verifier walks the sealed entries in `seq` order, streaming (a million rows never sit in
memory), with one step of look-ahead, and compares each entry with its own hash, with its
predecessor's hash and with the checkpoints:

- ALTERED: the content no longer matches the entry's own hash; or the entry was rewritten
  together with a recomputed hash, which shows because its successor still points at the
  original hash while the successor itself is intact; or its report link was moved to another
  report than the one it names.
- REMOVED: a gap in `seq`; a checkpoint whose entry now has another hash (the original was
  replaced); checkpoints beyond the end of the chain (the tail was cut off).
- INSERTED: an entry that is self-consistent but does not point at its predecessor (and nothing
  points at it); a second entry with the same `seq`; an entry that carries chain fields
  without having a place in the chain.

What no chain can show by itself: a forger who rebuilds the chain consistently. Two things stop
one who writes to the database but holds no audit key (docs/audit.md):

- keyed hashes: every entry sealed since the cut-over is an HMAC under an audit key kept outside
  the database; an entry without a key id after the cut-over, with an unknown key id, or whose
  HMAC does not match, is ALTERED. Checkpoints are signed the same way; an unsigned or forged one
  is reported (ANCHOR) and not trusted.
- anchors: the signed checkpoints appended to `AUDIT_ANCHOR_FILE`, out of the writer's reach, are
  compared like the database's own: a wiped or cut-off chain shows as REMOVED up to the anchor's
  seq, a rebuilt one as differing from the anchor, each naming the anchor's line.

An entry created before the previous sealing run but sealed later than it (beyond a grace for
long transactions) was slipped in afterwards: INSERTED.
"""

import datetime as dt
import heapq
import itertools
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from baruga.audit import anchors
from baruga.audit.models import HASHED_FIELDS, AuditCheckpoint, AuditEntry
from baruga.audit.services import GENESIS_HASH, chain_head, compute_hash

ALTERED, REMOVED, INSERTED, ANCHOR = "ALTERED", "REMOVED", "INSERTED", "ANCHOR"
ROW_FIELDS = HASHED_FIELDS + ("entry_hash", "key_id", "report_id", "report__tracking_id")
VIEWER_LIMIT = 10_000
# An honest entry can miss a sealing run only while its transaction is still open: seconds, or
# minutes for a long one. Missing one by more than this is an entry inserted afterwards.
LATE_ENTRY_GRACE = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Finding:
    kind: str
    message: str
    seq: int | None = None
    seq_to: int | None = None  # a range of missing entries ends here
    entry_id: int | None = None

    def __str__(self):
        where = []
        if self.seq is not None:
            where.append(f"seq={self.seq}" if self.seq_to in (None, self.seq) else f"seq={self.seq}..{self.seq_to}")
        if self.entry_id is not None:
            where.append(f"id={self.entry_id}")
        return f"{' '.join([self.kind, *where])}: {self.message}"


class ChainVerifier:
    """`findings()` yields Finding objects; afterwards the counters describe what was walked.

    `last`: check only the last `last` entries (linked to the entry just before them).
    """

    def __init__(self, *, last=None, chunk_size=2000, anchor_file=None):
        self.last = last
        self.chunk_size = chunk_size
        if anchor_file is None and "file" in settings.AUDIT_ANCHORS:
            anchor_file = settings.AUDIT_ANCHOR_FILE
        self.anchor_file = anchor_file or ""
        self.anchors_read = 0
        self.checked = 0
        self.first_seq = None
        self.last_seq = None
        self.bounded = False
        self.unsealed = 0
        self.found = 0

    def findings(self):
        for finding in self._findings():
            self.found += 1
            yield finding

    def _findings(self):
        start, expected = 1, GENESIS_HASH
        if self.last:
            head_seq, _head_hash = chain_head()
            start = max(1, head_seq - self.last + 1)
            if start > 1:
                self.bounded = True
                # The link into the window; unknown (not checked) if that entry is gone.
                expected = AuditEntry.objects.filter(seq=start - 1).values_list("entry_hash", flat=True).first()
        self._prev_seq, self._prev_id, self._expected, self._prev_flagged = start - 1, None, expected, False
        self._prev_sealed_at, self._agreed_seq, self._anchor_problems = None, None, []
        self._legacy_through = self._cut_over()
        self._checkpoints = _Peekable(heapq.merge(self._database_points(start), self._file_points(start),
                                                  key=lambda point: point[0]))
        rows = (AuditEntry.objects.filter(seq__gte=start).order_by("seq", "id").values(*ROW_FIELDS)
                .iterator(chunk_size=self.chunk_size))
        pending = None
        for group in itertools.chain(_groups(rows), [None]):
            if pending is not None:
                yield from self._resolve(*pending, following=group)
            pending = group
        yield from self._tail()
        yield from self._anchor_problems
        if self.anchor_file and not self.anchors_read and AuditCheckpoint.objects.exclude(signature="").exists():
            yield Finding(ANCHOR, _("berkas jangkar %(path)s kosong atau tidak ada, padahal rantai sudah punya titik "
                                    "periksa bertanda tangan") % {"path": self.anchor_file})
        yield from self._stray()

    # The reference points: (seq, entry_hash, where) from signed checkpoints and anchor lines.

    def _cut_over(self):
        """The last seq allowed without a key: from the first valid anchor line, else the first
        validly signed checkpoint, else the entries before the first keyed one."""
        for anchor in anchors.read_file(self.anchor_file) if self.anchor_file else ():
            if anchor.problem is None:
                return anchor.legacy_through or 0
        for checkpoint in AuditCheckpoint.objects.exclude(signature="").order_by("seq", "id").iterator():
            if anchors.signature_problem(anchors.checkpoint_values(checkpoint), checkpoint.signature) is None:
                return checkpoint.legacy_through or 0
        first_keyed = (AuditEntry.objects.filter(seq__isnull=False).exclude(key_id="").order_by("seq")
                       .values_list("seq", flat=True).first())
        return (first_keyed - 1) if first_keyed else None  # None: no keyed entry at all, all legacy

    def _database_points(self, start):
        rows = AuditCheckpoint.objects.filter(seq__gte=start).order_by("seq", "id").iterator(chunk_size=self.chunk_size)
        for checkpoint in rows:
            where = _("titik periksa #%(id)s") % {"id": checkpoint.pk}
            if checkpoint.signature or (self._legacy_through is not None and checkpoint.seq > self._legacy_through):
                problem = anchors.signature_problem(anchors.checkpoint_values(checkpoint), checkpoint.signature)
                if problem is not None:
                    self._anchor_problems.append(Finding(ANCHOR, _ignored(where, problem), seq=checkpoint.seq))
                    continue
            yield checkpoint.seq, checkpoint.entry_hash, where

    def _file_points(self, start):
        if not self.anchor_file:
            return
        for anchor in anchors.read_file(self.anchor_file):
            self.anchors_read += 1
            if anchor.problem is not None:
                self._anchor_problems.append(Finding(ANCHOR, _ignored(anchor.label, anchor.problem), seq=anchor.seq))
                continue
            if anchor.seq >= start:
                yield anchor.seq, anchor.entry_hash, anchor.label

    def _resolve(self, seq, rows, *, following):
        self.checked += len(rows)
        self.first_seq = seq if self.first_seq is None else self.first_seq
        self.last_seq = seq
        gap = seq > self._prev_seq + 1
        if gap:
            yield Finding(REMOVED, _("entri hilang dari rantai (celah urutan)"), seq=self._prev_seq + 1, seq_to=seq - 1)
        expected = None if gap else self._expected
        successors = {r["prev_hash"] for r in following[1]} if following and following[0] == seq + 1 else set()
        for row in rows:
            row["problem"] = _problem(row, self._legacy_through)
        genuine = max(rows, key=lambda r: (r["problem"] is None, r["prev_hash"] == expected,
                                           r["entry_hash"] in successors, -r["id"]))
        for row in rows:
            if row is not genuine:
                yield Finding(INSERTED, _("urutan ganda; bukan bagian rantai asli"), seq=seq, entry_id=row["id"])
        flagged = False
        if genuine["problem"] is not None:
            yield Finding(ALTERED, genuine["problem"], seq=seq, entry_id=genuine["id"])
            flagged = True
        elif expected is not None and genuine["prev_hash"] != expected and not self._prev_flagged:
            if genuine["entry_hash"] in successors:
                # Intact and linked to by its successor: the predecessor was rewritten with a new hash.
                yield Finding(ALTERED, _("ditulis ulang beserta hash-nya (entri berikutnya menunjuk hash aslinya)"),
                              seq=self._prev_seq, entry_id=self._prev_id)
            else:
                yield Finding(INSERTED, _("tidak menunjuk hash entri sebelumnya"), seq=seq, entry_id=genuine["id"])
                flagged = True
        elif self._slipped_in(genuine):
            yield Finding(INSERTED, _("dibuat %(created)s, sebelum entri sebelumnya disegel (%(sealed)s), tetapi "
                                      "disegel sesudahnya: disisipkan belakangan")
                          % {"created": _moment(genuine["created_at"]), "sealed": _moment(self._prev_sealed_at)},
                          seq=seq, entry_id=genuine["id"])
            flagged = True
        agrees = differs = False
        while self._checkpoints.peek() is not None and self._checkpoints.peek()[0] <= seq:
            cp_seq, cp_hash, where = next(self._checkpoints)
            # Checkpoints inside a gap are covered by the gap's finding.
            if cp_seq != seq:
                continue
            if cp_hash == genuine["entry_hash"]:
                agrees = True
                continue
            differs = True
            if not flagged:
                message = _("entri asli diganti (berbeda dari %(where)s)") % {"where": where}
                if self._agreed_seq is not None:
                    # The change lies between that seq and this one.
                    message += _("; rantai masih cocok pada seq %(seq)s") % {"seq": self._agreed_seq}
                yield Finding(REMOVED, message, seq=seq, entry_id=genuine["id"])
                flagged = True
        if agrees and not differs:
            self._agreed_seq = seq
        self._prev_seq, self._prev_id = seq, genuine["id"]
        self._expected, self._prev_flagged = genuine["entry_hash"], flagged
        self._prev_sealed_at = genuine["sealed_at"]

    def _slipped_in(self, row):
        previous = self._prev_sealed_at
        return bool(row["key_id"] and previous is not None and row["sealed_at"] is not None
                    and previous < row["sealed_at"] and row["created_at"] < previous - LATE_ENTRY_GRACE)

    def _tail(self):
        beyond = None
        for point in self._checkpoints:
            beyond = point if beyond is None or point[0] > beyond[0] else beyond
        if beyond is not None and beyond[0] > self._prev_seq:
            yield Finding(REMOVED, _("ekor rantai hilang (%(where)s mencatat seq %(seq)s)")
                          % {"where": beyond[2], "seq": beyond[0]}, seq=self._prev_seq + 1, seq_to=beyond[0])

    def _stray(self):
        unsealed = AuditEntry.objects.filter(seq__isnull=True)
        claiming = unsealed.filter(~Q(prev_hash="") | ~Q(entry_hash="") | Q(sealed_at__isnull=False))
        for entry_id in claiming.order_by("id").values_list("id", flat=True).iterator(chunk_size=self.chunk_size):
            yield Finding(INSERTED, _("mengaku sudah disegel tetapi tidak ada di rantai"), entry_id=entry_id)
        self.unsealed = unsealed.count()


def _problem(row, legacy_through):
    if not row["key_id"] and legacy_through is not None and row["seq"] > legacy_through:
        return _("disegel tanpa kunci audit sesudah peralihan (entri tanpa kunci hanya sah sampai seq %(seq)s)") % {
            "seq": legacy_through}
    expected = compute_hash(row)
    if expected is None:
        return _("ditandatangani dengan kunci %(key)s yang tidak ada di BARUGA_AUDIT_KEYS") % {"key": row["key_id"]}
    if expected != row["entry_hash"]:
        return _("isi tidak cocok dengan hash-nya")
    if row["report_id"] is not None and row["report__tracking_id"] != row["report_ref"]:
        return _("menunjuk laporan lain daripada yang tercatat (%(ref)s)") % {"ref": row["report_ref"]}
    return None


def _ignored(where, problem):
    return _("%(where)s: %(problem)s; diabaikan") % {"where": where, "problem": problem}


def _moment(value):
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if value else "-"


def _groups(rows):
    for seq, group in itertools.groupby(rows, key=lambda row: row["seq"]):
        yield seq, list(group)


class _Peekable:
    def __init__(self, iterator):
        self._iterator = iterator
        self._next = None
        self._peeked = False

    def peek(self):
        if not self._peeked:
            self._next = next(self._iterator, None)
            self._peeked = True
        return self._next

    def __iter__(self):
        return self

    def __next__(self):
        value = self.peek()
        self._peeked = False
        if value is None:
            raise StopIteration
        return value


@dataclass
class VerifyReport:
    findings: list
    total_findings: int
    checked: int
    first_seq: int | None
    last_seq: int | None
    bounded: bool
    unsealed: int

    @property
    def ok(self):
        return self.total_findings == 0


def verify_chain(*, last=None, keep=500, anchor_file=None):
    """Run the verifier to the end; at most `keep` findings are kept, all are counted."""
    verifier = ChainVerifier(last=last, anchor_file=anchor_file)
    kept = []
    for finding in verifier.findings():
        if len(kept) < keep:
            kept.append(finding)
    return VerifyReport(findings=kept, total_findings=verifier.found, checked=verifier.checked,
                        first_seq=verifier.first_seq, last_seq=verifier.last_seq, bounded=verifier.bounded,
                        unsealed=verifier.unsealed)
