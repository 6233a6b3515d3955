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

What no chain can show by itself: a forger who rebuilds the chain consistently after the last
checkpoint. That is why checkpoints are also written to the log, and why the log and the
checkpoints belong outside the reach of the database's users.
"""

import itertools
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from baruga.audit.models import HASHED_FIELDS, AuditCheckpoint, AuditEntry
from baruga.audit.services import GENESIS_HASH, chain_head, compute_hash

ALTERED, REMOVED, INSERTED = "ALTERED", "REMOVED", "INSERTED"
ROW_FIELDS = HASHED_FIELDS + ("entry_hash", "report_id", "report__tracking_id")
VIEWER_LIMIT = 10_000


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
        return f"{self.kind} {' '.join(where)}: {self.message}"


class ChainVerifier:
    """`findings()` yields Finding objects; afterwards the counters describe what was walked.

    `last`: check only the last `last` entries (linked to the entry just before them).
    """

    def __init__(self, *, last=None, chunk_size=2000):
        self.last = last
        self.chunk_size = chunk_size
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
        self._checkpoints = _Peekable(
            AuditCheckpoint.objects.filter(seq__gte=start).order_by("seq", "id")
            .values_list("id", "seq", "entry_hash").iterator(chunk_size=self.chunk_size)
        )
        rows = (AuditEntry.objects.filter(seq__gte=start).order_by("seq", "id").values(*ROW_FIELDS)
                .iterator(chunk_size=self.chunk_size))
        pending = None
        for group in itertools.chain(_groups(rows), [None]):
            if pending is not None:
                yield from self._resolve(*pending, following=group)
            pending = group
        yield from self._tail()
        yield from self._stray()

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
            row["problem"] = _problem(row)
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
        while self._checkpoints.peek() is not None and self._checkpoints.peek()[1] <= seq:
            cp_id, cp_seq, cp_hash = next(self._checkpoints)
            # Checkpoints inside a gap are covered by the gap's finding.
            if cp_seq == seq and cp_hash != genuine["entry_hash"] and not flagged:
                yield Finding(REMOVED, _("entri asli diganti (berbeda dari titik periksa #%(id)s)") % {"id": cp_id},
                              seq=seq, entry_id=genuine["id"])
                flagged = True
        self._prev_seq, self._prev_id = seq, genuine["id"]
        self._expected, self._prev_flagged = genuine["entry_hash"], flagged

    def _tail(self):
        beyond = None
        for checkpoint in self._checkpoints:
            beyond = checkpoint
        if beyond is not None and beyond[1] > self._prev_seq:
            yield Finding(REMOVED, _("ekor rantai hilang (titik periksa #%(id)s mencatat seq %(seq)s)")
                          % {"id": beyond[0], "seq": beyond[1]}, seq=self._prev_seq + 1, seq_to=beyond[1])

    def _stray(self):
        unsealed = AuditEntry.objects.filter(seq__isnull=True)
        claiming = unsealed.filter(~Q(prev_hash="") | ~Q(entry_hash="") | Q(sealed_at__isnull=False))
        for entry_id in claiming.order_by("id").values_list("id", flat=True).iterator(chunk_size=self.chunk_size):
            yield Finding(INSERTED, _("mengaku sudah disegel tetapi tidak ada di rantai"), entry_id=entry_id)
        self.unsealed = unsealed.count()


def _problem(row):
    if compute_hash(row) != row["entry_hash"]:
        return _("isi tidak cocok dengan hash-nya")
    if row["report_id"] is not None and row["report__tracking_id"] != row["report_ref"]:
        return _("menunjuk laporan lain daripada yang tercatat (%(ref)s)") % {"ref": row["report_ref"]}
    return None


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


def verify_chain(*, last=None, keep=500):
    """Run the verifier to the end; at most `keep` findings are kept, all are counted."""
    verifier = ChainVerifier(last=last)
    kept = []
    for finding in verifier.findings():
        if len(kept) < keep:
            kept.append(finding)
    return VerifyReport(findings=kept, total_findings=verifier.found, checked=verifier.checked,
                        first_seq=verifier.first_seq, last_seq=verifier.last_seq, bounded=verifier.bounded,
                        unsealed=verifier.unsealed)
