"""The request lifecycle as one explicit transition table.

```
 REGISTERED ──extend (once)──► EXTENDED
     │                            │
     └────────── decide ──────────┴──► DECIDED
 REGISTERED / EXTENDED (deadline missed) / DECIDED ──file_objection──► OBJECTED
 OBJECTED ──answer_objection──► OBJECTION_ANSWERED ──record_dispute (record only)──► same state
```

Who ("capacity") is decided per request by `baruga.ppid.permissions.capacities`: the PPID of the
request's jurisdiction, the PPID pembantu (ASSISTANT) of its OPD, the atasan PPID (SUPERIOR), the
jurisdiction's LEADER (read-only), the REQUESTER (account owner or guest with the private link),
SYSTEM (sweeps). `baruga.ppid.actions` holds one function per transition; nothing else changes
`InformationRequest.state`.
"""

from django.utils.translation import gettext_lazy as _

from baruga.lib.lifecycle import Transition, Workflow
from baruga.ppid.models import RequestState

PPID = "ppid"
ASSISTANT = "assistant"
SUPERIOR = "superior"
LEADER = "leader"
REQUESTER = "requester"
SYSTEM = "system"

# Capacities that act for the PPID on a request (the PPID pembantu for its own OPD's requests).
OFFICERS = frozenset({PPID, ASSISTANT})


S = RequestState
_t = Transition.of
# A transition whose target is None keeps the state as it is (a record, not a move).
WORKFLOW = Workflow([
    _t("extend", _("Perpanjang waktu (sekali, 7 hari kerja)"), [S.REGISTERED], S.EXTENDED, OFFICERS),
    _t("decide", _("Putuskan permohonan"), [S.REGISTERED, S.EXTENDED], S.DECIDED, OFFICERS),
    # The PPID may register an objection handed in at the desk (it is filed "through the PPID").
    _t("file_objection", _("Ajukan keberatan"), [S.REGISTERED, S.EXTENDED, S.DECIDED], S.OBJECTED,
       [REQUESTER, PPID]),
    _t("answer_objection", _("Tanggapi keberatan"), [S.OBJECTED], S.OBJECTION_ANSWERED, [SUPERIOR]),
    _t("record_dispute", _("Catat sengketa di Komisi Informasi"), [S.OBJECTED, S.OBJECTION_ANSWERED],
       None, [PPID, SUPERIOR]),
])
TRANSITIONS = WORKFLOW.transitions

OPEN_STATES = frozenset({S.REGISTERED, S.EXTENDED})


# The table's questions, as callers ask them (`lib.lifecycle.Workflow`).
transition = WORKFLOW.__getitem__
available = WORKFLOW.available


# How each history entry reads to the requester, in plain words.
HISTORY_LABELS = {
    "register": _("Permohonan diterima dan diregistrasi"),
    "convert": _("Laporan Baruga dijadikan permohonan informasi"),
    "extend": _("Jangka waktu diperpanjang 7 hari kerja"),
    "decide": _("PPID memberikan keputusan"),
    "add_documents": _("Dokumen diserahkan kepada pemohon"),
    "file_objection": _("Keberatan diajukan kepada atasan PPID"),
    "answer_objection": _("Atasan PPID menanggapi keberatan"),
    "record_dispute": _("Sengketa informasi di Komisi Informasi dicatat"),
}
