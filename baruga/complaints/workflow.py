"""The report lifecycle as one explicit transition table.

Each transition names the states it may start from, the state it leads to and who may
take it. `baruga.complaints.actions` holds one function per transition; nothing else
changes `Report.state`.

Who ("capacity") is decided per report by `baruga.complaints.permissions.capacities`:
ADMIN of the report's jurisdiction, AGENCY staff (sub-admin or head) of its OPD, HEAD of
its OPD, the REPORTER (account owner or guest holding the private link), SYSTEM (sweeps).
"""

from django.utils.translation import gettext_lazy as _

from baruga.complaints.models import EventAction, State
from baruga.lib.lifecycle import Transition, Workflow

ADMIN = "admin"
AGENCY = "agency"
HEAD = "head"
REPORTER = "reporter"
LEADER = "leader"
SYSTEM = "system"


S = State
_t = Transition.of
WORKFLOW = Workflow([
    _t("verify", _("Verifikasi"), [S.SUBMITTED], S.VERIFIED, [ADMIN]),
    _t("request_info", _("Minta kelengkapan ke pelapor"), [S.SUBMITTED], S.NEEDS_INFO, [ADMIN]),
    _t("complete", _("Lengkapi laporan"), [S.NEEDS_INFO], S.SUBMITTED, [REPORTER]),
    _t("dispatch", _("Disposisi ke OPD"), [S.VERIFIED], S.DISPATCHED, [ADMIN]),
    _t("transfer", _("Alihkan (bukan wewenang)"), [S.SUBMITTED, S.VERIFIED], None, [ADMIN]),
    _t("defer", _("Tunda"), [S.SUBMITTED, S.VERIFIED], S.DEFERRED, [ADMIN]),
    _t("resume", _("Lanjutkan"), [S.DEFERRED], None, [ADMIN]),
    _t("archive", _("Arsipkan"), [S.SUBMITTED, S.NEEDS_INFO, S.VERIFIED, S.DEFERRED], S.ARCHIVED,
       [ADMIN, SYSTEM]),
    _t("merge", _("Gabungkan ke laporan lain"), [S.SUBMITTED, S.NEEDS_INFO, S.VERIFIED, S.DEFERRED],
       S.ARCHIVED, [ADMIN]),
    _t("accept", _("Terima dan proses"), [S.DISPATCHED], S.IN_PROGRESS, [AGENCY]),
    _t("hand_back", _("Kembalikan ke admin (salah disposisi)"), [S.DISPATCHED, S.IN_PROGRESS], S.VERIFIED,
       [AGENCY]),
    _t("respond", _("Kirim tindak lanjut"), [S.DISPATCHED, S.IN_PROGRESS], None, [AGENCY]),
    _t("approve_response", _("Setujui tindak lanjut"), [S.IN_PROGRESS], S.RESPONDED, [HEAD]),
    _t("reject_response", _("Kembalikan tindak lanjut"), [S.IN_PROGRESS], S.IN_PROGRESS, [HEAD]),
    _t("reopen", _("Belum puas, kembalikan ke OPD"), [S.RESPONDED], S.IN_PROGRESS, [REPORTER]),
    _t("rate", _("Beri penilaian"), [S.RESPONDED, S.FINISHED], S.FINISHED, [REPORTER]),
    _t("finish", _("Selesaikan"), [S.RESPONDED], S.FINISHED, [ADMIN, SYSTEM]),
])
TRANSITIONS = WORKFLOW.transitions

# States in which the report is still someone's work.
OPEN_STATES = frozenset({S.SUBMITTED, S.NEEDS_INFO, S.VERIFIED, S.DISPATCHED, S.IN_PROGRESS, S.RESPONDED, S.DEFERRED})
# States in which handling has ended: finished, archived, transferred (Open311's "closed"; the start of
# the retention period for the reporter's identity).
CLOSED_STATES = frozenset(S) - OPEN_STATES
# States an OPD sees the report in.
AGENCY_STATES = frozenset({S.DISPATCHED, S.IN_PROGRESS, S.RESPONDED, S.FINISHED})
# States in which a non-confidential report is shown to the public.
PUBLIC_STATES = frozenset({S.VERIFIED, S.DISPATCHED, S.IN_PROGRESS, S.RESPONDED, S.FINISHED})
# States in which the reporter may still add attachments (`actions.add_attachments`): before verification.
ATTACHMENT_STATES = frozenset({S.SUBMITTED, S.NEEDS_INFO})

# History entries that are not transitions.
ADD_ATTACHMENTS = EventAction.ADD_ATTACHMENTS
# The reporter writes to the report outside a request for information (a reply by e-mail).
REPORTER_REPLY = EventAction.REPORTER_REPLY
# A report handed to another installation stays TRANSFERRED here; its progress there is recorded as this entry.
REMOTE_UPDATE = EventAction.REMOTE_UPDATE


# The table's questions, as callers ask them (`lib.lifecycle.Workflow`).
transition = WORKFLOW.__getitem__
is_allowed_from = WORKFLOW.is_allowed_from
available = WORKFLOW.available  # names of the transitions these capacities may take from this state


# How each history entry reads to the reporter and the public, in plain words (`EventAction`'s labels).
HISTORY_LABELS = dict(EventAction.choices)
# Entries only staff see.
INTERNAL_EVENTS = frozenset({"draft_response", "reject_response", "request_extension", "reject_extension",
                             ADD_ATTACHMENTS})
# Entries whose reason the reporter sees (the public never sees reasons).
REASONS_SHOWN_TO_REPORTER = frozenset({"request_info", "complete", "transfer", "defer", "archive", "merge", "reopen",
                                       REMOTE_UPDATE, REPORTER_REPLY})
