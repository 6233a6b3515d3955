"""Who may see and do what with program indicators: the one place authorisation lives.

No new role: the existing `accounts.Membership` roles carry it (docs/indicators.md).
- The province's admin (Role.ADMIN over a province) is the evaluator: edits the indicator set,
  sets targets and reporting deadlines, recomputes, enters the province's own values and verifies
  the values of the province and of its regencies/cities — never a value they entered themselves.
- A regency's/city's admin (Role.ADMIN over it) is its reporting unit: enters its own values only.
- Leaders (Role.LEADER) read: a province leader the whole matrix, a regency leader its own row and
  the province's averages, like a regency admin.
"""

from baruga.accounts.models import Role
from baruga.accounts.staff import memberships
from baruga.complaints.permissions import SYSTEM
from baruga.directory.models import Jurisdiction, Level

__all__ = ["SYSTEM"]


def _jurisdictions(user, roles):
    return [m.jurisdiction for m in memberships(user) if m.role in roles and m.jurisdiction_id]


def evaluated_provinces(user):
    """The provinces whose indicators `user` manages and verifies (as their admin)."""
    return [j for j in _jurisdictions(user, (Role.ADMIN,)) if j.level == Level.PROVINCE]


def is_evaluator(user, province=None):
    provinces = evaluated_provinces(user)
    return bool(provinces) if province is None else any(p.pk == province.pk for p in provinces)


def can_enter(user, jurisdiction):
    """Only the jurisdiction's own admin enters its values."""
    return any(j.pk == jurisdiction.pk for j in _jurisdictions(user, (Role.ADMIN,)))


def province_of(jurisdiction):
    return jurisdiction if jurisdiction.level == Level.PROVINCE else jurisdiction.parent


def can_verify(user, value):
    """The admin of the value's province, who did not enter it."""
    province = province_of(value.jurisdiction)
    return (province is not None and is_evaluator(user, province)
            and value.entered_by_id != getattr(user, "pk", None))


def can_view_matrix(user):
    return bool(_jurisdictions(user, (Role.ADMIN, Role.LEADER)))


def matrix_scope(user):
    """(province, ids of the rows `user` may see, sees_all) or None.

    A province admin or leader sees the province and every regency/city below it; anyone else with
    an admin or leader role sees their own row (and the page adds the province's averages)."""
    jurisdictions = _jurisdictions(user, (Role.ADMIN, Role.LEADER))
    provinces = [j for j in jurisdictions if j.level == Level.PROVINCE]
    if provinces:
        province = provinces[0]
        ids = {province.pk, *Jurisdiction.objects.filter(parent=province, is_active=True).values_list("pk", flat=True)}
        return province, ids, True
    for jurisdiction in jurisdictions:
        if jurisdiction.parent_id and jurisdiction.parent.level == Level.PROVINCE:
            own = {j.pk for j in jurisdictions if j.parent_id == jurisdiction.parent_id}
            return jurisdiction.parent, own, False
    return None


def can_view_value(user, value):
    scope = matrix_scope(user)
    return scope is not None and value.jurisdiction_id in scope[1]
