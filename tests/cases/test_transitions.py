"""Every transition's guard, through the services and the database: who may take it, with what input,
and that a refused step changes nothing at all."""

import pytest

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.editing import case_save_report_draft
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import StatusChange
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.core.errors import (
    InvalidInput,
    NotFound,
    NotPermitted,
    TransitionNotAllowed,
)
from secondopinion.distribution.models import Sending
from secondopinion.protocols.dental_knmt import PROTOCOL
from secondopinion.protocols.lifecycle import FINAL_STATES, TRANSITIONS, Status, targets_from
from tests.access.complaints import _complaint
from tests.cases.footprint import footprint
from tests.cases.stepping import HAPPY_INPUT, INFORM, NON_FINAL, transition
from tests.conftest import submit_input

pytestmark = pytest.mark.django_db


# Members who hold a role on a case once it is informed (the own dentist: informing him was agreed).
STAFF_AND_PATIENT = ["coordinator", "complaints_officer", "patient_user"]
NOT_THE_GIVER = [*STAFF_AND_PATIENT, "treating_user"]
NOT_A_TRIAGER = ["patient_user", "complaints_officer"]


def _not_a_withdrawer(state: str) -> list[str]:
    members = ["complaints_officer"]
    if state not in ("submitted", "accepted"):
        members.append("giver_user")
    if state not in ("submitted", "accepted", "assigned"):
        members.append("treating_user")
    return members


# (from, to, who takes the step, its input, members who hold a role on the case but not this step's).
STEPS = [
    ("submitted", "accepted", "coordinator", HAPPY_INPUT["accepted"], NOT_A_TRIAGER),
    (
        "submitted",
        "redirected",
        "coordinator",
        {"classification": "transfer_of_care", "note": "Wil naar een andere tandarts."},
        NOT_A_TRIAGER,
    ),
    (
        "submitted",
        "refused",
        "coordinator",
        {"refusal_reason": "threat_or_violence", "refusal_note": "Bedreigend gedrag aan de balie."},
        NOT_A_TRIAGER,
    ),
    ("accepted", "assigned", "coordinator", HAPPY_INPUT["assigned"], NOT_A_TRIAGER),
    ("assigned", "informed", "giver_user", INFORM, STAFF_AND_PATIENT),
    ("informed", "gathering_records", "giver_user", {}, NOT_THE_GIVER),
    ("informed", "in_examination", "giver_user", {}, NOT_THE_GIVER),
    ("gathering_records", "in_examination", "giver_user", {}, NOT_THE_GIVER),
    ("in_examination", "report_draft", "giver_user", HAPPY_INPUT["report_draft"], NOT_THE_GIVER),
    ("report_draft", "report_final", "giver_user", HAPPY_INPUT["report_final"], NOT_THE_GIVER),
    ("report_final", "closed", "coordinator", HAPPY_INPUT["closed"], ["patient_user", "complaints_officer"]),
    ("report_final", "closed", "giver_user", HAPPY_INPUT["closed"], ["treating_user"]),
    *((state, "withdrawn", "patient_user", {}, _not_a_withdrawer(state)) for state in NON_FINAL),
]


def _id(row) -> str:
    return f"{row[0]}-to-{row[1]}-by-{row[2]}"


def test_the_steps_table_covers_every_transition():
    assert {(Status(frm), Status(to)) for frm, to, *_ in STEPS} == set(TRANSITIONS)


# -- Each step, allowed and guarded --------------------------------------------------------------


@pytest.mark.parametrize(("current", "to", "actor", "values", "_wrong"), STEPS, ids=[_id(r) for r in STEPS])
def test_each_step_is_taken_by_its_role_with_its_input(cast, reach, current, to, actor, values, _wrong):
    case = reach(current)
    changes, events = StatusChange.objects.count(), AccessEvent.objects.filter(case=case).count()
    sendings = Sending.objects.filter(case=case).count()

    moved = transition(cast, case, to, actor, values)

    assert moved.status == to
    assert moved.version == case.version + 1
    assert StatusChange.objects.count() == changes + 1
    change = StatusChange.objects.filter(case=case).latest("id")
    step = TRANSITIONS[(Status(current), Status(to))]
    assert (change.from_status, change.to_status) == (current, to)
    assert change.actor == getattr(cast, actor)
    assert change.actor_role in step.roles
    guarding = PROTOCOL.rules_for(to)
    # Every blocking rule passed; an advisory one (R12, R26, R28) may have only warned.
    assert (
        {rule.id for rule in guarding if rule.blocking}
        <= set(change.rule_ids)
        <= {rule.id for rule in guarding}
    )
    # Finalising also sends the report to its recipients (R23): one "send" event per Sending.
    sent = Sending.objects.filter(case=case).count() - sendings
    assert sent == (2 if to == "report_final" else 0)  # the patient, and the dentist who may be informed
    event = AccessEvent.objects.filter(case=case).exclude(action="send").latest("id")
    assert AccessEvent.objects.filter(case=case).count() == events + 1 + sent
    assert (event.action, event.data, event.actor) == ("update", f"case:{step.name}", getattr(cast, actor))


@pytest.mark.parametrize(("current", "to", "actor", "values", "wrong"), STEPS, ids=[_id(r) for r in STEPS])
def test_each_step_is_refused_to_other_roles_and_hidden_from_strangers(
    cast, reach, current, to, actor, values, wrong
):
    case = reach(current)
    if "complaints_officer" in wrong:
        _complaint(case)  # the officer is related to a case complained about (need to know)
    before = footprint(case.pk)

    for member in wrong:
        with pytest.raises(NotPermitted):
            transition(cast, case, to, member, values)
    for outsider in ("stranger", "other_coordinator", "other_patient_user"):
        with pytest.raises(NotFound):
            transition(cast, case, to, outsider, values)

    assert footprint(case.pk) == before


@pytest.mark.parametrize("state", [s.value for s in Status], ids=str)
def test_it_refuses_every_step_the_table_does_not_have(cast, reach, state):
    case = reach(state)
    before = footprint(case.pk)
    missing = [s.value for s in Status if s not in targets_from(state)]

    for target in missing:
        with pytest.raises(TransitionNotAllowed) as error:
            transition(cast, case, target, "coordinator")
        assert error.value.field == "to"
        assert error.value.detail.nl
        assert error.value.detail.en

    assert missing
    assert footprint(case.pk) == before


def test_it_names_the_field_to_for_a_state_that_does_not_exist(cast, a_case):
    before = footprint(a_case.pk)

    with pytest.raises(InvalidInput) as error:
        transition(cast, a_case, "approved", "coordinator")

    assert error.value.field == "to"
    assert "approved" in error.value.detail.en
    assert "approved" in error.value.detail.nl
    assert footprint(a_case.pk) == before


def test_it_names_the_field_that_holds_a_nul_character_and_changes_nothing(cast, a_case):
    """No database column stores NUL; the door refuses it whoever calls, not only the API."""
    before = footprint(a_case.pk)

    with pytest.raises(InvalidInput) as error:
        case_transition(
            actor=cast.coordinator,
            case_id=a_case.pk,
            to="accepted",
            data=StepInput(classification="second_opinion", note="voor\x00na"),
            source="command",
        )

    assert error.value.field == "note"
    assert "NUL" in error.value.detail.nl
    assert footprint(a_case.pk) == before


def test_it_refuses_a_nul_character_in_a_request_and_creates_no_case(cast):
    before = footprint()

    with pytest.raises(InvalidInput) as error:
        case_submit(actor=cast.patient_user, data=submit_input(cast, care_question="a\x00b"), source="web")

    assert error.value.field == "care_question"
    assert footprint() == before


def test_it_refuses_a_nul_character_in_a_report_draft_and_keeps_the_draft(cast, reach):
    case = reach("report_draft")
    before = footprint(case.pk)

    with pytest.raises(InvalidInput) as error:
        case_save_report_draft(
            actor=cast.giver_user, case_id=case.pk, sections={"advice": "x\x00y"}, source="api"
        )

    assert error.value.field == "report"
    assert footprint(case.pk) == before


def test_a_stranger_learns_nothing_even_about_a_state_that_does_not_exist(cast, a_case):
    with pytest.raises(NotFound):
        transition(cast, a_case, "approved", "stranger")


def test_a_case_that_does_not_exist_is_not_found(cast):
    with pytest.raises(NotFound):
        case_transition(
            actor=cast.coordinator, case_id=999_999, to="accepted", data=StepInput(), source="web"
        )


# -- Withdrawal --------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", sorted(s.value for s in FINAL_STATES), ids=str)
def test_the_patient_can_never_withdraw_from_a_final_state(cast, reach, state):
    case = reach(state)
    before = footprint(case.pk)

    with pytest.raises(TransitionNotAllowed):
        transition(cast, case, "withdrawn", "patient_user")

    assert footprint(case.pk) == before
