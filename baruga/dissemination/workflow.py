"""The publication lifecycle: draft → review → approved (head of the communications unit) → published.

    DRAFT ──submit──► REVIEW ──approve──► APPROVED ──publish (now, or the sweep at `scheduled_at`)──► PUBLISHED
      ▲                 │                    │                                                       │
      └──return_to_draft┴────────────────────┘                                          withdraw ──► WITHDRAWN

Capacities (see `permissions.capacities`): AUTHOR (sub-admin or head of the publication's OPD),
HUMAS (communications staff of its jurisdiction), APPROVER (head of the communications unit of its
jurisdiction), SYSTEM (the sweep, for scheduled publishing).
"""

from django.utils.translation import gettext_lazy as _

from baruga.dissemination.models import PublicationState as S
from baruga.lib.lifecycle import Transition, Workflow

AUTHOR = "author"
HUMAS = "humas"
APPROVER = "approver"
SYSTEM = "system"

EDITORS = frozenset({AUTHOR, HUMAS, APPROVER})

WORKFLOW = Workflow([
    Transition.of("submit", _("Ajukan untuk ditinjau"), [S.DRAFT], S.REVIEW, [AUTHOR, HUMAS, APPROVER]),
    Transition.of("return_to_draft", _("Kembalikan ke draf"), [S.REVIEW, S.APPROVED], S.DRAFT, [HUMAS, APPROVER]),
    Transition.of("approve", _("Setujui"), [S.REVIEW], S.APPROVED, [APPROVER]),
    Transition.of("publish", _("Terbitkan"), [S.APPROVED], S.PUBLISHED, [HUMAS, APPROVER, SYSTEM]),
    Transition.of("withdraw", _("Tarik dari publikasi"), [S.PUBLISHED], S.WITHDRAWN, [APPROVER]),
])

EDITABLE_STATES = frozenset({S.DRAFT})

HISTORY_LABELS = {
    "create": _("Draf dibuat"),
    "update": _("Draf diubah"),
    "add_attachments": _("Lampiran ditambahkan"),
    **{t.name: t.label for t in WORKFLOW},
    "publish_scheduled": _("Terbit sesuai jadwal"),
}
