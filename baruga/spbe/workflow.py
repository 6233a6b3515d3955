"""The assessment lifecycle.

```
 DRAFT ──submit──► SUBMITTED ──finalise (every answer accepted)──► FINAL
                     │   ▲
   return_for_changes│   │submit (the returned answers corrected)
                     ▼   │
                   RETURNED
```

Capacities (`permissions.capacities`): TEAM — the admin of the assessment's jurisdiction;
EVALUATOR — the admin of its province (the regency's parent, or the province itself); VIEWER —
leaders of the jurisdiction or its province (read only). Beside the moves, two records that keep the
state: `save_answer` (TEAM; any answer in DRAFT, only the answers returned for change in RETURNED)
and `review` (EVALUATOR, in SUBMITTED: accept or ask for change with a note, per indicator).
"""

from django.utils.translation import gettext_lazy as _

from baruga.lib.lifecycle import Transition, Workflow
from baruga.spbe.models import State

TEAM = "team"
EVALUATOR = "evaluator"
VIEWER = "viewer"

WORKFLOW = Workflow([
    Transition.of("save_answer", _("Isi jawaban"), [State.DRAFT, State.RETURNED], None, [TEAM]),
    Transition.of("submit", _("Ajukan untuk reviu"), [State.DRAFT, State.RETURNED], State.SUBMITTED, [TEAM]),
    Transition.of("review", _("Reviu indikator"), [State.SUBMITTED], None, [EVALUATOR]),
    Transition.of("return_for_changes", _("Kembalikan untuk perbaikan"), [State.SUBMITTED], State.RETURNED,
                  [EVALUATOR]),
    Transition.of("finalise", _("Tetapkan hasil final"), [State.SUBMITTED], State.FINAL, [EVALUATOR]),
])

HISTORY_LABELS = {
    "open": _("Evaluasi mandiri dibuka"),
    "save_answer": _("Jawaban diisi"),
    "add_evidence": _("Data dukung diunggah"),
    "submit": _("Diajukan untuk reviu"),
    "review_accept": _("Indikator diterima evaluator"),
    "review_change": _("Evaluator meminta perbaikan"),
    "return_for_changes": _("Dikembalikan untuk perbaikan"),
    "finalise": _("Ditetapkan final"),
}
