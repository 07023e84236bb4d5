"""The rules that block a step, through the services and the database: a dental opinion only before
treatment (R2), the classification, a refusal's weighty reason, the giver's independence, the
explanation and agreements before the examination, the report, its edits and addenda, and closing.
Each refusal names its field or rule and changes nothing at all."""

import pytest

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.editing import case_add_addendum, case_save_report_draft
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit
from secondopinion.core.errors import (
    InvalidInput,
    NotFound,
    NotPermitted,
    RuleBlocked,
    TransitionNotAllowed,
)
from secondopinion.protocols.vocabulary import CLASSIFICATIONS, EXPLANATION_ITEMS, REPORT_SECTIONS
from tests.cases.footprint import footprint
from tests.cases.stepping import FINAL_REPORT, INFORM, blocked, transition
from tests.conftest import submit_input

pytestmark = pytest.mark.django_db


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
