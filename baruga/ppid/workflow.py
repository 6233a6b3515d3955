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

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from baruga.ppid.models import RequestState

PPID = "ppid"
ASSISTANT = "assistant"
SUPERIOR = "superior"
LEADER = "leader"
REQUESTER = "requester"
SYSTEM = "system"

# Capacities that act for the PPID on a request (the PPID pembantu for its own OPD's requests).
OFFICERS = frozenset({PPID, ASSISTANT})


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str | None  # None: the state stays as it is (a record, not a move)
    who: frozenset


S = RequestState


def _t(name, label, sources, target, who):
    return Transition(name, label, frozenset(sources), target, frozenset(who))


TRANSITIONS = {
    t.name: t
    for t in [
        _t("extend", _("Perpanjang waktu (sekali, 7 hari kerja)"), [S.REGISTERED], S.EXTENDED, OFFICERS),
        _t("decide", _("Putuskan permohonan"), [S.REGISTERED, S.EXTENDED], S.DECIDED, OFFICERS),
        # The PPID may register an objection handed in at the desk (it is filed "through the PPID").
        _t("file_objection", _("Ajukan keberatan"), [S.REGISTERED, S.EXTENDED, S.DECIDED], S.OBJECTED,
           [REQUESTER, PPID]),
        _t("answer_objection", _("Tanggapi keberatan"), [S.OBJECTED], S.OBJECTION_ANSWERED, [SUPERIOR]),
        _t("record_dispute", _("Catat sengketa di Komisi Informasi"), [S.OBJECTED, S.OBJECTION_ANSWERED],
           None, [PPID, SUPERIOR]),
    ]
}

OPEN_STATES = frozenset({S.REGISTERED, S.EXTENDED})


def transition(name):
    return TRANSITIONS[name]


def available(state, capacities):
    return [t.name for t in TRANSITIONS.values() if state in t.sources and t.who & capacities]


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
