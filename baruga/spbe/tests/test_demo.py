"""The demo for `make run`: last year's final assessment and this year's draft per place, once."""

import pytest

from baruga.spbe import demo
from baruga.spbe.models import Assessment, State

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_a_final_and_a_draft_per_place_once(cast):
    assert demo.seed(year=2026) == 6
    finals = Assessment.objects.filter(year=2025, state=State.FINAL)
    assert finals.count() == 3 and all(a.index is not None and a.predikat for a in finals)
    assert Assessment.objects.filter(year=2026, state=State.DRAFT).count() == 3
    gowa = finals.get(jurisdiction=cast.gowa)
    assert gowa.events.filter(action="return_for_changes").exists()
    assert demo.seed(year=2026) == 0
