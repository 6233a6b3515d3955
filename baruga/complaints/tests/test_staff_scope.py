"""`selectors.staff_scope` is `permissions.visible_reports(user).exclude(reporter=user)`, row for row.

The inbox, its counts and its tabs read `staff_scope` because it is written so an index serves it
(bench/README.md); this test keeps it from drifting away from the one place authorisation lives.
"""

import pytest

from baruga.accounts.models import Membership, Role
from baruga.complaints import actions, permissions, selectors
from baruga.complaints.models import Report


@pytest.fixture
def spread(cast, file_report):
    """Reports in several jurisdictions and states, some filed by staff members themselves."""
    at_makassar = file_report(category=cast.city_road)
    actions.verify(actor=cast.citra, report=at_makassar, title=at_makassar.title, category=cast.city_road)
    actions.dispatch(actor=cast.citra, report=at_makassar, agency=cast.pupr)
    file_report(category=cast.city_road)  # waits for verification at Makassar
    file_report(category=cast.city_road, location=cast.gowa, district=cast.somba_opu)
    file_report(category=cast.province_road)  # the province receives it
    handed = file_report(category=cast.city_road)
    actions.verify(actor=cast.citra, report=handed, title=handed.title, category=cast.city_road)
    actions.dispatch(actor=cast.citra, report=handed, agency=cast.pupr)
    actions.hand_back(actor=cast.eko, report=handed, reason="Bukan kewenangan kami, mohon dialihkan.")
    for staff in (cast.citra, cast.eko, cast.indah):
        file_report(reporter=staff, category=cast.city_road)  # a staff member files as a citizen
    # Someone with two roles at once.
    Membership.objects.create(user=cast.gita, role=Role.LEADER, jurisdiction=cast.gowa)
    return cast


@pytest.mark.parametrize("who", ["ayu", "budi", "indah", "citra", "hadi", "dewi", "eko", "fajar", "gita", "joko"])
def test_the_staff_scope_is_the_visible_reports_without_ones_own(spread, who):
    user = getattr(spread, who)
    user = type(user).objects.get(pk=user.pk)  # fresh: memberships are cached per user object
    expected = set(permissions.visible_reports(user).exclude(reporter=user).values_list("pk", flat=True))
    assert set(selectors.staff_scope(user).values_list("pk", flat=True)) == expected
    assert Report.objects.count() > len(expected) or who == "indah"


def test_a_citizen_without_a_role_has_an_empty_staff_scope(spread):
    assert not selectors.staff_scope(spread.ayu).exists()
