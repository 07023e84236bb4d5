"""Defect 2 — R10 with a treating specialist whose specialism is not in the directory.

Before: an empty specialism skipped the specialism check, so every specialist of another organisation
(a cardiologist on a neurologist's plan) was offered and could be assigned. Now nobody is eligible,
each candidate says why, and assigning is refused by R10 naming the missing specialism."""

import pytest
from django.core.management import call_command

from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.cases.snapshot import snapshot_of
from secondopinion.core.errors import RuleBlocked
from secondopinion.demo.data import PRACTITIONERS
from secondopinion.directory import independence
from secondopinion.directory.models import Practitioner
from tests.conftest import submit_input
from tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db

MISSING_EN = "the treating practitioner's specialism is not recorded in the directory"
MISSING_NL = "het specialisme van de eigen behandelaar is niet vastgelegd in de registratie"


@pytest.fixture
def specialists(cast):
    """A neurologist without a recorded specialism, and a neurologist and a cardiologist elsewhere."""
    treating = PractitionerFactory(
        discipline="medical_specialist", specialism="", organisation=cast.treating_practice
    )
    neurologist = PractitionerFactory(
        discipline="medical_specialist", specialism="neurologie", organisation=cast.giving_practice
    )
    cardiologist = PractitionerFactory(
        discipline="medical_specialist", specialism="cardiologie", organisation=cast.other_practice
    )
    return treating, neurologist, cardiologist


def accepted_case(cast, treating) -> SecondOpinionCase:
    data = submit_input(
        cast, protocol="medical-specialist", treating_practitioner_id=treating.pk, subject="diagnosis"
    )
    case = case_submit(actor=cast.patient_user, data=data, source="web")
    return case_transition(
        actor=cast.coordinator,
        case_id=case.pk,
        to="accepted",
        data=StepInput(classification="second_opinion"),
        source="web",
    )


def assign(cast, case, giver) -> SecondOpinionCase:
    return case_transition(
        actor=cast.coordinator,
        case_id=case.pk,
        to="assigned",
        data=StepInput(giver_id=giver.pk),
        source="web",
    )


def test_without_the_treating_specialism_nobody_is_eligible_and_each_says_why(specialists):
    treating, neurologist, cardiologist = specialists

    candidates = independence.giver_candidates(treating=treating)

    assert not any(c.eligible for c in candidates)
    reasons = {c.practitioner: c.reasons for c in candidates}
    assert reasons[neurologist] == (independence.SPECIALISM_UNKNOWN,)
    assert reasons[cardiologist] == (independence.SPECIALISM_UNKNOWN,)
    assert independence.independence_reasons(cardiologist, treating) == [independence.SPECIALISM_UNKNOWN]
    assert independence.SPECIALISM_UNKNOWN.en == MISSING_EN
    assert independence.SPECIALISM_UNKNOWN.nl == MISSING_NL


def test_a_blank_specialism_counts_as_missing_and_other_disciplines_need_none(cast):
    blank = PractitionerFactory(discipline="medical_specialist", specialism="   ")
    other = PractitionerFactory(discipline="medical_specialist", specialism="neurologie")

    assert independence.specialism_missing(blank)
    assert independence.independence_reasons(other, blank) == [independence.SPECIALISM_UNKNOWN]
    # A dentist or GP has no specialism to record: nothing changes for them.
    assert not independence.specialism_missing(cast.treating)
    assert independence.independence_reasons(cast.giver, cast.treating) == []


def test_assigning_a_cardiologist_to_an_unrecorded_neurologists_case_is_refused_by_r10(cast, specialists):
    treating, _neurologist, cardiologist = specialists
    case = accepted_case(cast, treating)

    with pytest.raises(RuleBlocked) as blocked:
        assign(cast, case, cardiologist)

    assert blocked.value.rule_ids == ["R10"]
    [violation] = blocked.value.violations
    assert MISSING_EN in violation.detail.en
    assert MISSING_NL in violation.detail.nl
    case.refresh_from_db()
    assert (case.status, case.giver_id) == ("accepted", None)
    assert snapshot_of(case).treating_specialism_missing


def test_with_the_specialism_recorded_a_neurologist_elsewhere_is_eligible_and_a_cardiologist_is_not(
    cast, specialists
):
    treating, neurologist, cardiologist = specialists
    case = accepted_case(cast, treating)
    Practitioner.objects.filter(pk=treating.pk).update(specialism="Neurologie")
    treating.refresh_from_db()

    candidates = {c.practitioner: c for c in independence.giver_candidates(treating=treating)}

    assert candidates[neurologist].eligible
    assert candidates[cardiologist].reasons == (independence.OTHER_SPECIALISM,)
    with pytest.raises(RuleBlocked) as blocked:
        assign(cast, case, cardiologist)
    assert blocked.value.rule_ids == ["R10"]
    assert MISSING_EN not in blocked.value.violations[0].detail.en
    assert assign(cast, case, neurologist).giver == neurologist


def test_the_demo_records_its_specialists_specialisms_and_offers_a_neurologist_elsewhere():
    call_command("load_demo", stdout=None)

    specialists = Practitioner.objects.filter(discipline="medical_specialist")
    assert specialists.count() == sum(1 for p in PRACTITIONERS if p[2] == "medical_specialist") >= 2
    assert all(p.specialism.strip() for p in specialists)
    peeters = Practitioner.objects.get(agb_code="12000008")
    eligible = [c.practitioner for c in independence.giver_candidates(treating=peeters) if c.eligible]
    assert eligible
    assert all(
        p.specialism == peeters.specialism and p.organisation_id != peeters.organisation_id for p in eligible
    )
    assert Practitioner.objects.get(agb_code="12000009") in eligible
