"""The dataset review lifecycle (Perpres 39/2019): the produsen drafts and submits, the walidata checks
the four principles and publishes or returns it with notes.

```
 DRAFT ──submit──► SUBMITTED ──publish──► PUBLISHED ──withdraw──► WITHDRAWN
   ▲                 │  return                ▲                      │ republish
   │                 ▼                        └──────────────────────┘
   └───────────── RETURNED ──submit──► SUBMITTED
 DRAFT / RETURNED / WITHDRAWN (produsen, walidata), PUBLISHED (walidata) ──delete──► DELETED
```
"""

from django.utils.translation import gettext_lazy as _

from baruga.lib.lifecycle import Transition, Workflow
from baruga.satudata.models import State

# Capacities towards one dataset (see permissions.capacities).
PRODUCER = "producer"  # produsen data of the dataset's OPD
STEWARD = "steward"  # walidata of the dataset's jurisdiction
ASSISTANT = "assistant"  # walidata pendukung of the dataset's jurisdiction
ADVISOR = "advisor"  # pembina data of the jurisdiction (or of its province)
SYSTEM = "system"  # sweeps, harvests, Baruga's own statistics

DRAFT, SUBMITTED, RETURNED, PUBLISHED, WITHDRAWN, DELETED = (
    State.DRAFT, State.SUBMITTED, State.RETURNED, State.PUBLISHED, State.WITHDRAWN, State.DELETED)
LIVE_STATES = [DRAFT, SUBMITTED, RETURNED, PUBLISHED, WITHDRAWN]

WORKFLOW = Workflow([
    Transition.of("submit", _("Ajukan ke walidata"), [DRAFT, RETURNED], SUBMITTED, [PRODUCER, STEWARD, SYSTEM]),
    Transition.of("return", _("Kembalikan untuk perbaikan"), [SUBMITTED], RETURNED, [STEWARD, ASSISTANT]),
    Transition.of("publish", _("Terbitkan"), [SUBMITTED], PUBLISHED, [STEWARD, SYSTEM]),
    Transition.of("withdraw", _("Tarik dari publikasi"), [PUBLISHED], WITHDRAWN, [STEWARD]),
    Transition.of("republish", _("Terbitkan kembali"), [WITHDRAWN], PUBLISHED, [STEWARD]),
    Transition.of("delete", _("Hapus"), [DRAFT, RETURNED, WITHDRAWN], DELETED, [PRODUCER, STEWARD, SYSTEM]),
    Transition.of("delete_published", _("Hapus"), [PUBLISHED, SUBMITTED], DELETED, [STEWARD, SYSTEM]),
    # Records, not moves (target None).
    Transition.of("edit", _("Ubah metadata"), [DRAFT, RETURNED, PUBLISHED, WITHDRAWN], None,
                  [PRODUCER, STEWARD, SYSTEM]),
    Transition.of("edit_submitted", _("Ubah metadata"), [SUBMITTED], None, [STEWARD, ASSISTANT, SYSTEM]),
    Transition.of("comment", _("Beri komentar"), LIVE_STATES, None, [PRODUCER, STEWARD, ASSISTANT, ADVISOR]),
    Transition.of("recommend", _("Beri rekomendasi"), [SUBMITTED, PUBLISHED, RETURNED], None, [ADVISOR]),
    Transition.of("check", _("Simpan daftar periksa"), [SUBMITTED], None, [STEWARD, ASSISTANT]),
])

# The four principles of Satu Data (Perpres 39/2019 Pasal 5), the walidata's checklist.
PRINCIPLES = [
    ("standard", _("Standar data: konsep, definisi, klasifikasi, ukuran dan satuan sudah diisi dan sesuai")),
    ("metadata", _("Metadata baku: judul, deskripsi, sumber, frekuensi, periode dan cara pengumpulan lengkap")),
    ("interoperability", _("Interoperabilitas: data dalam format terbuka yang dapat dibaca mesin (CSV/XLSX/JSON)")),
    ("reference_codes", _("Kode referensi/data induk: kode wilayah Kemendagri dan klasifikasi baku dipakai")),
]
PRINCIPLE_KEYS = [key for key, _label in PRINCIPLES]
