"""Escalation chains: which steps apply to a clock, and who the people of a step are.

The chain of a clock kind comes from `EscalationStep` rows: a jurisdiction's own steps if it has
any for that kind, else the steps without a jurisdiction, else `DEFAULT_CHAIN` (domain.md:
overdue follow-up → head of the OPD, then the leaders; overdue verification → the admin lead).
Used by the sweep (`baruga.clocks.sweep`) and by the admin, which warns about steps that reach
nobody somewhere.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from baruga.accounts.models import Role
from baruga.clocks.models import AGENCY_TARGETS, ClockKind, EscalationStep, EscalationTarget
from baruga.directory.models import Agency, Jurisdiction
from baruga.notifications import staff as notifications

T = EscalationTarget


@dataclass(frozen=True)
class Step:
    level: int
    after_working_days: int
    target: str


DEFAULT_CHAIN = {
    ClockKind.FOLLOW_UP: (Step(1, 0, T.AGENCY_HEAD), Step(2, 2, T.LEADERS)),
    ClockKind.VERIFICATION: (Step(1, 0, T.ADMIN_LEAD), Step(2, 2, T.LEADERS)),
}


class Chains:
    """All configured chains, read once (one query) per sweep."""

    def __init__(self):
        self.configured = {}
        for row in EscalationStep.objects.order_by("level"):
            step = Step(row.level, row.after_working_days, row.target)
            self.configured.setdefault((row.clock, row.jurisdiction_id), []).append(step)

    def for_clock(self, kind, jurisdiction_id):
        own = self.configured.get((kind, jurisdiction_id))
        if own is not None:
            return tuple(own)
        default = self.configured.get((kind, None))
        if default is not None:
            return tuple(default)
        return DEFAULT_CHAIN.get(kind, ())

    def longest(self):
        lengths = [len(steps) for steps in self.configured.values()] + [len(s) for s in DEFAULT_CHAIN.values()]
        return max(lengths)


class Recipients:
    """Who a target means for one clock, memoised for the length of a sweep.

    Returns (users, note): the note explains a fallback or why nobody was found.
    """

    def __init__(self):
        self._cache = {}

    def _memo(self, key, fetch):
        if key not in self._cache:
            self._cache[key] = fetch()
        return self._cache[key]

    def for_target(self, target, *, jurisdiction_id, agency_id):
        if target in AGENCY_TARGETS:
            if agency_id is None:
                return [], _("Laporan belum punya OPD.")
            if target == T.AGENCY_HEAD:
                users = self._memo(("head", agency_id), lambda: notifications.agency_heads(agency_id))
                return users, "" if users else _("OPD ini belum punya kepala OPD terdaftar.")
            users = self._memo(("staff", agency_id), lambda: notifications.agency_staff(agency_id))
            return users, "" if users else _("OPD ini belum punya staf terdaftar.")
        if target == T.LEADERS:
            users = self._memo(("leaders", jurisdiction_id),
                               lambda: notifications.jurisdiction_leaders(jurisdiction_id))
            return users, "" if users else _("Wilayah ini belum punya pimpinan daerah terdaftar.")
        admins = self._memo(("admins", jurisdiction_id), lambda: notifications.jurisdiction_admins(jurisdiction_id))
        if target == T.ADMIN_LEAD:
            leads = self._memo(("leads", jurisdiction_id),
                               lambda: notifications.jurisdiction_admins(jurisdiction_id, lead_only=True))
            if leads:
                return leads, ""
            if admins:
                return admins, _("Belum ada admin koordinator; dikirim ke semua admin.")
        if target in (T.ADMIN_LEAD, T.ADMINS):
            return admins, "" if admins else _("Wilayah ini belum punya admin terdaftar.")
        return [], _("Penerima eskalasi tidak dikenal: %(target)s.") % {"target": target}

    def responsible(self, clock):
        """The people who hold the clock: OPD staff for a follow-up, the admins for verification."""
        if clock.kind == ClockKind.FOLLOW_UP:
            return self.for_target(T.AGENCY_STAFF, jurisdiction_id=clock.jurisdiction_id, agency_id=clock.agency_id)
        return self.for_target(T.ADMINS, jurisdiction_id=clock.jurisdiction_id, agency_id=clock.agency_id)


# --- Configuration checks for the admin -------------------------------------------------------------

def _units_without_people(target):
    """Active units (jurisdictions or OPDs) where `target` finds nobody: {jurisdiction_id: [label, ...]}.

    One query per target, so the admin's list can show gaps for every step cheaply.
    """
    active = Q(memberships__user__is_active=True)
    if target in AGENCY_TARGETS:
        roles = [Role.HEAD] if target == T.AGENCY_HEAD else [Role.HEAD, Role.SUBADMIN]
        rows = (Agency.objects.filter(is_active=True, jurisdiction__is_active=True, jurisdiction__is_external=False)
                .annotate(n=Count("memberships", filter=active & Q(memberships__role__in=roles)))
                .filter(n=0).values_list("jurisdiction_id", "jurisdiction__name", "short_name", "name"))
        gaps = {}
        for jurisdiction_id, jurisdiction_name, short_name, name in rows:
            gaps.setdefault(jurisdiction_id, []).append(f"{jurisdiction_name} ({short_name or name})")
        return gaps
    role = Role.LEADER if target == T.LEADERS else Role.ADMIN
    # admin_lead falls back to every admin, so it only misses where there is no admin at all.
    rows = (Jurisdiction.objects.filter(is_active=True, is_external=False)
            .annotate(n=Count("memberships", filter=active & Q(memberships__role=role)))
            .filter(n=0).values_list("pk", "name"))
    return {pk: [name] for pk, name in rows}


class GapFinder:
    """Where each escalation step reaches nobody; computed once per admin page."""

    def __init__(self):
        self._by_target = {}
        self._own_chains = None

    def _gaps(self, target):
        if target not in self._by_target:
            self._by_target[target] = _units_without_people(target)
        return self._by_target[target]

    def _jurisdictions_with_own_chain(self, clock):
        if self._own_chains is None:
            self._own_chains = set(EscalationStep.objects.filter(jurisdiction__isnull=False)
                                   .values_list("clock", "jurisdiction_id").distinct())
        return {j for kind, j in self._own_chains if kind == clock}

    def places_without_people(self, *, clock, target, jurisdiction_id):
        """Labels of the places where this step would be recorded with no recipient."""
        gaps = self._gaps(target)
        if jurisdiction_id is not None:
            return list(gaps.get(jurisdiction_id, []))
        own = self._jurisdictions_with_own_chain(clock)
        return [label for j, labels in sorted(gaps.items(), key=lambda item: item[1]) if j not in own
                for label in labels]


def describe_places(labels, limit=3):
    if len(labels) <= limit:
        return ", ".join(labels)
    return _("%(first)s dan %(n)d lainnya") % {"first": ", ".join(labels[:limit]), "n": len(labels) - limit}
