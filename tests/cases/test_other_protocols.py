"""The denturist, medical-specialist and GP protocols through the services."""

import pytest
from django.utils import timezone

from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.core.errors import InvalidInput, RuleBlocked
from tests.conftest import submit_input
from tests.factories import OrganisationFactory, PractitionerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def neurologists(cast):
    treating = PractitionerFactory(
        discipline="medical_specialist", specialism="neurologie", organisation=cast.treating_practice
    )
    giver = PractitionerFactory(
        discipline="medical_specialist", specialism="neurologie", organisation=cast.giving_practice
    )
    return treating, giver


def submit(cast, protocol: str, treating, **facts) -> SecondOpinionCase:
    data = submit_input(cast, protocol=protocol, treating_practitioner_id=treating.pk, **facts)
    return case_submit(actor=cast.patient_user, data=data, source="web")


def accept(cast, case):
    return case_transition(
        actor=cast.coordinator,
        case_id=case.pk,
        to="accepted",
        data=StepInput(classification="second_opinion"),
        source="web",
    )


def test_a_medical_opinion_continues_only_while_the_patient_is_under_treatment(cast, neurologists):
    treating, _giver = neurologists
    ended = submit(cast, "medical-specialist", treating, under_treatment="no")
    ongoing = submit(cast, "medical-specialist", treating, care_question="Is de diagnose MS juist?")

    with pytest.raises(RuleBlocked) as blocked:
        accept(cast, ended)

    assert blocked.value.rule_ids == ["R4"]
    assert accept(cast, ongoing).status == "accepted"


def test_a_medical_opinion_may_concern_treatment_already_given(cast, neurologists):
    treating, _giver = neurologists
    case = submit(cast, "medical-specialist", treating, treatment_started=True, subject="finished_work")

    assert accept(cast, case).status == "accepted"


def test_a_protocol_must_fit_the_treating_practitioners_discipline(cast):
    with pytest.raises(InvalidInput) as error:
        submit(cast, "medical-specialist", cast.treating)

    assert error.value.field == "treating_practitioner_id"
    assert SecondOpinionCase.objects.count() == 0


def test_accepting_a_denturist_case_places_the_prosthesis_hold_and_an_adjustment_blocks_r3(cast):
    denturist = PractitionerFactory(discipline="denturist", organisation=cast.treating_practice)
    case = accept(
        cast, submit(cast, "denturist-ont", denturist, treatment_started=True, subject="finished_work")
    )
    assert case.prosthesis_hold_since is not None

    SecondOpinionCase.objects.filter(pk=case.pk).update(prosthesis_adjusted_at=timezone.now())
    with pytest.raises(RuleBlocked) as blocked:
        case_transition(
            actor=cast.coordinator,
            case_id=case.pk,
            to="assigned",
            data=StepInput(giver_id=cast.giver.pk),
            source="web",
        )

    assert "R3" in blocked.value.rule_ids


def test_a_dentist_may_give_a_second_opinion_on_a_denturist(cast):
    denturist = PractitionerFactory(discipline="denturist", organisation=cast.treating_practice)
    case = accept(cast, submit(cast, "denturist-ont", denturist))

    assigned = case_transition(
        actor=cast.coordinator,
        case_id=case.pk,
        to="assigned",
        data=StepInput(giver_id=cast.giver.pk),
        source="web",
    )

    assert assigned.status == "assigned"
    assert "R11" in StatusChange.objects.filter(case=case, to_status="assigned").get().rule_ids


def test_a_gp_opinion_without_referral_goes_ahead_with_r26_left_as_a_warning(cast):
    gp_elsewhere = PractitionerFactory(discipline="gp", organisation=OrganisationFactory())
    case = submit(cast, "general-practice", gp_elsewhere)

    created = StatusChange.objects.get(case=case)
    assert case.status == "submitted"
    assert "R26" not in created.rule_ids
    assert "R8" in created.rule_ids


def test_a_wish_for_another_practitioner_is_not_accepted_as_a_second_opinion(cast):
    case = submit(cast, "dental-knmt", cast.treating, wants_transfer=True)

    with pytest.raises(RuleBlocked) as blocked:
        accept(cast, case)

    assert blocked.value.rule_ids == ["R1", "R7"]


@pytest.mark.parametrize("interest", ["practitioner", "organisation"])
def test_a_giver_with_a_declared_interest_may_not_judge_a_denturist_r10(cast, interest):
    from secondopinion.directory.models import DeclaredInterest

    denturist = PractitionerFactory(discipline="denturist", organisation=cast.treating_practice)
    giver = PractitionerFactory(discipline="denturist", organisation=cast.giving_practice)
    related = (
        {"related_practitioner": denturist}
        if interest == "practitioner"
        else {"related_organisation": cast.treating_practice}
    )
    DeclaredInterest.objects.create(practitioner=giver, description="Zakenpartner", **related)
    case = accept(cast, submit(cast, "denturist-ont", denturist))

    with pytest.raises(RuleBlocked) as blocked:
        case_transition(
            actor=cast.coordinator,
            case_id=case.pk,
            to="assigned",
            data=StepInput(giver_id=giver.pk),
            source="web",
        )

    assert blocked.value.rule_ids == ["R10"]
    assert "belang" in blocked.value.violations[0].detail.nl
    assert SecondOpinionCase.objects.get(pk=case.pk).status == "accepted"


def test_the_denturist_who_referred_may_not_give_the_second_opinion_r10(cast):
    denturist = PractitionerFactory(discipline="denturist", organisation=cast.treating_practice)
    referrer = PractitionerFactory(discipline="denturist", organisation=cast.giving_practice)
    case = accept(cast, submit(cast, "denturist-ont", denturist, referrer_id=referrer.pk, has_referral=True))

    with pytest.raises(RuleBlocked) as blocked:
        case_transition(
            actor=cast.coordinator,
            case_id=case.pk,
            to="assigned",
            data=StepInput(giver_id=referrer.pk),
            source="web",
        )

    assert blocked.value.rule_ids == ["R10"]
    assert "verwijzer" in blocked.value.violations[0].detail.nl


def test_the_oral_reimbursement_advice_does_not_lean_on_a_referral_r26(cast):
    from secondopinion.protocols.registry import get_protocol

    for code in ("dental-knmt", "denturist-ont"):
        rule = next(r for r in get_protocol(code).rules if r.id == "R26")
        assert rule.for_patient is not None
        assert "ook niet met een verwijzing" in rule.for_patient.nl
    specialist = next(r for r in get_protocol("medical-specialist").rules if r.id == "R26")
    assert specialist.for_patient is not None
    assert "alleen met een verwijzing" in specialist.for_patient.nl
