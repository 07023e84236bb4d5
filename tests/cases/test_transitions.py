"""Every transition's guard, through the services and the database: who may take it, with what input,
and that a refused step changes nothing at all."""

import pytest

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.editing import case_add_addendum, case_save_report_draft
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.core.errors import (
    InvalidInput,
    NotFound,
    NotPermitted,
    RuleBlocked,
    TransitionNotAllowed,
)
from secondopinion.distribution.models import Sending
from secondopinion.protocols.dental_knmt import PROTOCOL
from secondopinion.protocols.lifecycle import ACTIVE_STATES, FINAL_STATES, TRANSITIONS, Status, targets_from
from secondopinion.protocols.vocabulary import CLASSIFICATIONS, EXPLANATION_ITEMS, REPORT_SECTIONS
from tests.cases.footprint import footprint
from tests.conftest import HAPPY_PATH, step_input, submit_input

pytestmark = pytest.mark.django_db

HAPPY_INPUT = {to: values for to, _actor, values in HAPPY_PATH}
INFORM = HAPPY_INPUT["informed"]
FINAL_REPORT = HAPPY_INPUT["report_final"]["report"]
NON_FINAL = [s.value for s in Status if s in ACTIVE_STATES]

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
        {"refusal_reason": "repeated_request", "refusal_note": "Vierde verzoek over dezelfde vraag."},
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


def transition(cast, case, to: str, actor: str, values: dict | None = None, **kwargs) -> SecondOpinionCase:
    return case_transition(
        actor=getattr(cast, actor),
        case_id=case.pk,
        to=to,
        data=step_input(cast, values or {}),
        source="web",
        **kwargs,
    )


def blocked(cast, case, to: str, actor: str, values: dict | None = None) -> RuleBlocked:
    """Take a step that a rule must block; return the error after proving nothing changed."""
    before = footprint(case.pk)
    with pytest.raises(RuleBlocked) as error:
        transition(cast, case, to, actor, values)
    assert footprint(case.pk) == before
    return error.value


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


# -- R2: a dental opinion only before treatment -------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [{"treatment_started": True}, {"subject": "finished_work"}],
    ids=["treatment-started", "finished-work"],
)
def test_it_refuses_a_dental_opinion_after_treatment_started_and_creates_no_case(cast, overrides):
    before = footprint()

    with pytest.raises(RuleBlocked) as error:
        case_submit(actor=cast.patient_user, data=submit_input(cast, **overrides), source="web")

    assert error.value.rule_ids == ["R2"]
    assert "klachtenregeling" in error.value.violations[0].detail.nl
    assert "complaint scheme" in error.value.violations[0].detail.en
    assert footprint() == before
    assert SecondOpinionCase.objects.count() == 0


# -- R5: triage --------------------------------------------------------------------------------------


@pytest.mark.parametrize("classification", [c for c in CLASSIFICATIONS if c != "second_opinion"])
def test_it_refuses_to_accept_a_request_that_is_not_a_second_opinion(cast, a_case, classification):
    error = blocked(cast, a_case, "accepted", "coordinator", {"classification": classification})

    # A wish for another practitioner is also R7's: a transfer of care, not a second opinion.
    assert error.rule_ids == (["R5", "R7"] if classification == "transfer_of_care" else ["R5"])


@pytest.mark.parametrize("classification", ["", "second_opinion"], ids=["unclassified", "second-opinion"])
def test_it_refuses_to_redirect_without_a_classification_that_says_what_it_is_instead(
    cast, a_case, classification
):
    error = blocked(cast, a_case, "redirected", "coordinator", {"classification": classification})

    assert error.rule_ids == ["R5"]
    assert error.violations[0].detail.nl
    assert error.violations[0].detail.en


def test_it_names_the_field_for_a_classification_that_does_not_exist(cast, a_case):
    before = footprint(a_case.pk)

    with pytest.raises(InvalidInput) as error:
        transition(cast, a_case, "redirected", "coordinator", {"classification": "rude"})

    assert error.value.field == "classification"
    assert footprint(a_case.pk) == before


# -- R9: refusal only for a weighty reason ------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        {"refusal_reason": "", "refusal_note": "De patiënt vraagt dit voor de vierde keer."},
        {"refusal_reason": "repeated_request", "refusal_note": "Te vaak"},
        {"refusal_reason": "repeated_request", "refusal_note": ""},
    ],
    ids=["no-reason", "note-too-short", "no-note"],
)
def test_it_refuses_a_refusal_without_a_weighty_reason_explained(cast, a_case, values):
    error = blocked(cast, a_case, "refused", "coordinator", values)

    assert error.rule_ids == ["R9"]


# -- R10: an independent giver ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("giver", "says"),
    [
        ("treating", "own work"),
        ("colleague", "same practice or organisation"),
        ("gp", "same discipline"),
        (None, "No second-opinion giver"),
    ],
    ids=["the-treating-practitioner", "a-colleague-in-the-same-practice", "a-gp", "nobody"],
)
def test_it_refuses_a_giver_who_is_not_independent(cast, reach, giver, says):
    case = reach("accepted")

    error = blocked(cast, case, "assigned", "coordinator", {"giver_id": giver} if giver else {})

    assert error.rule_ids == ["R10"]
    assert says in error.violations[0].detail.en
    assert SecondOpinionCase.objects.get(pk=case.pk).giver is None


# -- R13, R14, R15: before the examination ------------------------------------------------------------


@pytest.mark.parametrize("missing", list(EXPLANATION_ITEMS))
def test_it_refuses_to_start_with_five_of_six_explanation_items_and_names_the_missing_one(
    cast, reach, missing
):
    case = reach("assigned")
    values = {**INFORM, "explanation_items": [i for i in EXPLANATION_ITEMS if i != missing]}

    error = blocked(cast, case, "informed", "giver_user", values)

    assert error.rule_ids == ["R13"]
    detail = error.violations[0].detail
    assert EXPLANATION_ITEMS[missing].nl in detail.nl
    assert EXPLANATION_ITEMS[missing].en in detail.en
    for other in set(EXPLANATION_ITEMS) - {missing}:
        assert EXPLANATION_ITEMS[other].en not in detail.en


@pytest.mark.parametrize(
    "agreements",
    [
        {"written_report": None, "inform_own_practitioner": None},
        {"written_report": True, "inform_own_practitioner": None},
        {"written_report": False, "inform_own_practitioner": True},
    ],
    ids=["none-recorded", "half-recorded", "not-in-writing"],
)
def test_it_refuses_to_start_without_agreements_on_a_written_report(cast, reach, agreements):
    case = reach("assigned")

    error = blocked(cast, case, "informed", "giver_user", {**INFORM, **agreements})

    assert error.rule_ids == ["R14"]


def test_it_refuses_to_start_before_the_care_question_is_established(cast, reach):
    case = reach("assigned")

    error = blocked(cast, case, "informed", "giver_user", {**INFORM, "care_question": "  "})

    assert error.rule_ids == ["R15"]
    assert SecondOpinionCase.objects.get(pk=case.pk).care_question_established is False


# -- R22, R24: the report ------------------------------------------------------------------------


@pytest.mark.parametrize("section", ["findings", "deviations", "consequences", "advice"])
def test_it_refuses_to_finalise_a_report_that_misses_a_section(cast, reach, section):
    case = reach("report_draft")

    error = blocked(cast, case, "report_final", "giver_user", {"report": {**FINAL_REPORT, section: ""}})

    assert error.rule_ids == ["R22"]
    assert REPORT_SECTIONS[section].en in error.violations[0].detail.en
    assert REPORT_SECTIONS[section].nl in error.violations[0].detail.nl


def test_the_giver_edits_a_draft_report(cast, reach):
    case = reach("report_draft")

    case_save_report_draft(
        actor=cast.giver_user,
        case_id=case.pk,
        sections={"advice": "Eerst een proefbehandeling."},
        source="web",
    )

    case.report.refresh_from_db()
    assert case.report.advice == "Eerst een proefbehandeling."


def test_it_refuses_to_edit_a_final_report(cast, reach):
    case = reach("report_final")
    before = footprint(case.pk)

    with pytest.raises(RuleBlocked) as error:
        case_save_report_draft(
            actor=cast.giver_user, case_id=case.pk, sections={"advice": "Toch extractie."}, source="web"
        )

    assert error.value.rule_ids == ["R24"]
    assert footprint(case.pk) == before


@pytest.mark.parametrize(("member", "error"), [("coordinator", NotPermitted), ("stranger", NotFound)])
def test_only_the_giver_edits_the_report(cast, reach, member, error):
    case = reach("report_draft")
    before = footprint(case.pk)

    with pytest.raises(error):
        case_save_report_draft(
            actor=getattr(cast, member), case_id=case.pk, sections={"advice": "Anders."}, source="web"
        )

    assert footprint(case.pk) == before


def test_an_addendum_belongs_to_a_final_report_only(cast, reach):
    case = reach("report_draft")
    before = footprint(case.pk)

    with pytest.raises(TransitionNotAllowed):
        case_add_addendum(actor=cast.giver_user, case_id=case.pk, text="Correctie.", source="web")

    assert footprint(case.pk) == before


@pytest.mark.parametrize("state", ["report_final", "closed"])
def test_an_addendum_corrects_a_final_report_without_changing_its_seal(cast, reach, state):
    case = reach(state)
    before = footprint(case.pk)

    addendum = case_add_addendum(
        actor=cast.giver_user, case_id=case.pk, text="Correctie: het betreft kies 37, niet 36.", source="web"
    )

    after = footprint(case.pk)
    assert after["report"] == before["report"]
    assert len(after["report"]["content_hash"]) == 64
    assert after["addenda"] == before["addenda"] + 1
    assert addendum.report.case_id == case.pk
    assert AccessEvent.objects.filter(case=case).latest("id").data == "report:addendum"


@pytest.mark.parametrize(("member", "error"), [("patient_user", NotPermitted), ("stranger", NotFound)])
def test_only_the_giver_adds_an_addendum(cast, reach, member, error):
    case = reach("report_final")
    before = footprint(case.pk)

    with pytest.raises(error):
        case_add_addendum(actor=getattr(cast, member), case_id=case.pk, text="Correctie.", source="web")

    assert footprint(case.pk) == before


# -- R27: closing --------------------------------------------------------------------------------------


def test_it_refuses_to_close_without_the_patients_decision(cast, reach):
    case = reach("report_final")

    error = blocked(cast, case, "closed", "coordinator", {"note": "Afgerond."})

    assert error.rule_ids == ["R27"]
