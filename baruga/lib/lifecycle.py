"""The shared kit of every lifecycle: a transition table, refusals with a message, checked text.

A lifecycle (complaints, PPID requests, Satu Data reviews, publications, SPBE assessments …) is a
table of `Transition`s held by a `Workflow`, one locked function per transition in the app's
`actions.py`, and `ActionError` for a refusal. The app decides who holds which capacity towards one
object (its `permissions.capacities`); this module only checks the table:

    WORKFLOW = Workflow([
        Transition.of("submit", _("Ajukan"), [DRAFT], SUBMITTED, [PRODUCER]),
        Transition.of("publish", _("Terbitkan"), [SUBMITTED], PUBLISHED, [STEWARD]),
    ])

    def publish(actor, dataset):
        dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
        t = WORKFLOW.check("publish", dataset.state, permissions.capacities(actor, dataset),
                           state_label=dataset.get_state_display(), noun=_("dataset"))
        ...

A refused action raises `ActionError` with a message in Bahasa Indonesia and changes nothing.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ActionError(ValidationError):
    """A refused action; `.messages` are shown to the user."""


def require(condition, message):
    """Refuse with `message` unless `condition` holds."""
    if not condition:
        raise ActionError(message)


def text(value, field_label, *, max_length, required=True, min_length=0):
    """The stripped text of a field, or a refusal naming the field."""
    value = (value or "").strip()
    if required and not value:
        raise ActionError(_("%(field)s wajib diisi.") % {"field": field_label})
    if value and len(value) < min_length:
        raise ActionError(
            _("%(field)s terlalu singkat (minimal %(min)d karakter).") % {"field": field_label, "min": min_length}
        )
    if len(value) > max_length:
        raise ActionError(
            _("%(field)s terlalu panjang (maksimal %(max)d karakter).") % {"field": field_label, "max": max_length}
        )
    return value


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str | None  # None: the action decides (or the state stays: a record, not a move)
    who: frozenset

    @classmethod
    def of(cls, name, label, sources, target, who):
        return cls(name, label, frozenset(sources), target, frozenset(who))


class Workflow:
    """One lifecycle's transition table."""

    def __init__(self, transitions):
        self.transitions = {t.name: t for t in transitions}

    def __getitem__(self, name):
        return self.transitions[name]

    def __iter__(self):
        return iter(self.transitions.values())

    def is_allowed_from(self, name, state):
        return state in self.transitions[name].sources

    def available(self, state, capacities):
        """Names of the transitions someone with these capacities may take from this state."""
        return [t.name for t in self.transitions.values() if state in t.sources and t.who & capacities]

    def check(self, name, state, capacities, *, state_label, noun):
        """The transition `name`, or a refusal: the capacities do not allow it, or not from `state`.

        `noun` names the object in the messages ("laporan", "permohonan", "dataset")."""
        t = self.transitions[name]
        require(
            capacities & t.who,
            _("Anda tidak berwenang melakukan tindakan ini pada %(noun)s ini.") % {"noun": noun},
        )
        require(
            state in t.sources,
            _("Tindakan “%(action)s” tidak dapat dilakukan pada %(noun)s berstatus “%(state)s”.")
            % {"action": t.label, "noun": noun, "state": state_label},
        )
        return t
