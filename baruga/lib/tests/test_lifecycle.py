"""The shared lifecycle kit: a table decides, a refusal names why and changes nothing."""

import pytest

from baruga.lib.lifecycle import ActionError, Transition, Workflow, require, text

DRAFT, SUBMITTED, PUBLISHED = "draft", "submitted", "published"
PRODUCER, STEWARD = "producer", "steward"

WORKFLOW = Workflow([
    Transition.of("submit", "Ajukan", [DRAFT], SUBMITTED, [PRODUCER]),
    Transition.of("publish", "Terbitkan", [SUBMITTED], PUBLISHED, [STEWARD]),
    Transition.of("return", "Kembalikan", [SUBMITTED], DRAFT, [STEWARD]),
])


def test_available_lists_what_these_capacities_may_take_from_this_state():
    assert WORKFLOW.available(SUBMITTED, {STEWARD}) == ["publish", "return"]
    assert WORKFLOW.available(SUBMITTED, {PRODUCER}) == []
    assert WORKFLOW.available(DRAFT, {PRODUCER, STEWARD}) == ["submit"]


def test_check_returns_the_transition_when_allowed():
    t = WORKFLOW.check("publish", SUBMITTED, {STEWARD}, state_label="Diajukan", noun="dataset")
    assert t.target == PUBLISHED


def test_check_refuses_the_wrong_capacity_before_the_wrong_state():
    with pytest.raises(ActionError, match="tidak berwenang.*dataset"):
        WORKFLOW.check("publish", DRAFT, {PRODUCER}, state_label="Draf", noun="dataset")


def test_check_refuses_the_wrong_state_naming_action_and_state():
    with pytest.raises(ActionError, match="“Terbitkan” tidak dapat dilakukan pada dataset berstatus “Draf”"):
        WORKFLOW.check("publish", DRAFT, {STEWARD}, state_label="Draf", noun="dataset")


def test_require_and_text():
    require(True, "tidak dipakai")
    with pytest.raises(ActionError, match="alasan"):
        require(False, "alasan")
    assert text("  isi  ", "Catatan", max_length=10) == "isi"
    assert text("", "Catatan", max_length=10, required=False) == ""
    with pytest.raises(ActionError, match="Catatan wajib diisi"):
        text("   ", "Catatan", max_length=10)
    with pytest.raises(ActionError, match="terlalu panjang \\(maksimal 3"):
        text("abcd", "Catatan", max_length=3)
    with pytest.raises(ActionError, match="terlalu singkat \\(minimal 5"):
        text("abc", "Catatan", max_length=10, min_length=5)
