import datetime as dt

import pytest

from secondopinion.cases.inputs import StepInput
from secondopinion.cases.services import case_transition
from secondopinion.core.errors import RuleBlocked
from secondopinion.directory import independence
from secondopinion.directory.models import Affiliation, DeclaredInterest
from tests.factories import OrganisationFactory, PractitionerFactory

pytestmark = pytest.mark.django_db


def reasons_of(candidates, practitioner):
    return next(c.reasons for c in candidates if c.practitioner == practitioner)


def test_an_unconnected_dentist_elsewhere_is_eligible(cast):
    candidates = independence.giver_candidates(treating=cast.treating)

    assert reasons_of(candidates, cast.giver) == ()
    assert candidates[0].eligible


def test_every_excluded_candidate_says_why(cast):
    gp = PractitionerFactory(discipline="gp")
    former = PractitionerFactory(organisation=cast.other_practice)
    Affiliation.objects.create(
        practitioner=former,
        organisation=cast.treating_practice,
        start=dt.date(2015, 1, 1),
        end=dt.date(2019, 12, 31),
    )
    interested = PractitionerFactory(organisation=cast.other_practice)
    DeclaredInterest.objects.create(
        practitioner=interested, related_practitioner=cast.treating, description="Zwager van de behandelaar"
    )

    candidates = independence.giver_candidates(treating=cast.treating, referrer=cast.giver)

    assert reasons_of(candidates, cast.treating)[0] == independence.NOT_TREATING
    assert reasons_of(candidates, cast.colleague) == (independence.SAME_ORGANISATION,)
    assert reasons_of(candidates, cast.giver) == (independence.NOT_REFERRER,)
    assert reasons_of(candidates, former) == (independence.SAME_ORGANISATION,)
    assert reasons_of(candidates, interested) == (independence.DECLARED_INTEREST,)
    assert gp not in [c.practitioner for c in candidates]


def test_an_affiliation_in_another_period_than_the_treating_ones_does_not_exclude(cast):
    ex_colleague = PractitionerFactory(organisation=cast.other_practice)
    Affiliation.objects.create(
        practitioner=cast.treating,
        organisation=cast.giving_practice,
        start=dt.date(2001, 1, 1),
        end=dt.date(2005, 1, 1),
    )
    Affiliation.objects.create(
        practitioner=ex_colleague, organisation=cast.giving_practice, start=dt.date(2010, 1, 1)
    )

    assert independence.independence_reasons(ex_colleague, cast.treating) == []


def test_a_denturist_may_be_judged_by_a_dentist_but_a_specialist_only_by_the_same_specialism():
    denturist = PractitionerFactory(discipline="denturist")
    dentist = PractitionerFactory(discipline="dentist")
    neurologist = PractitionerFactory(discipline="medical_specialist", specialism="neurologie")
    surgeon = PractitionerFactory(discipline="medical_specialist", specialism="chirurgie")
    nurse = PractitionerFactory(discipline="nurse")

    assert independence.independence_reasons(dentist, denturist) == []
    assert independence.independence_reasons(surgeon, neurologist) == [independence.OTHER_SPECIALISM]
    assert independence.independence_reasons(nurse, surgeon) == [independence.OTHER_DISCIPLINE]


def test_assigning_a_giver_with_a_declared_interest_is_blocked_by_r10(cast, a_case, advance):
    case = advance(a_case, "accepted")
    DeclaredInterest.objects.create(
        practitioner=cast.giver, related_organisation=cast.treating_practice, description="Mede-eigenaar"
    )

    with pytest.raises(RuleBlocked) as blocked:
        case_transition(
            actor=cast.coordinator,
            case_id=case.pk,
            to="assigned",
            data=StepInput(giver_id=cast.giver.pk),
            source="web",
        )

    assert blocked.value.rule_ids == ["R10"]


def test_the_candidate_list_costs_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    org = OrganisationFactory()
    for _ in range(20):
        PractitionerFactory(organisation=org)

    with django_assert_max_num_queries(5):
        independence.giver_candidates(treating=cast.treating)


def test_departments_and_locations_of_one_hospital_count_as_one_organisation(cast, a_case, advance):
    """Seed 004: the giver "op geen enkele wijze verbonden" with the treating doctor. A neurologist at
    location Zuid of the hospital whose location Noord treats the patient is of the same hospital
    (Organisation.parent), and so is one at the hospital itself or at a department of a location;
    a neurologist at another hospital is eligible. An interest declared in the hospital counts for
    its departments too."""
    hospital = OrganisationFactory(name="Ziekenhuis Midden", kind="hospital")
    noord = OrganisationFactory(name="Locatie Noord", kind="department", parent=hospital)
    zuid = OrganisationFactory(name="Locatie Zuid", kind="department", parent=hospital)
    zuid_neuro = OrganisationFactory(name="Neurologie Zuid", kind="department", parent=zuid)
    elsewhere = OrganisationFactory(name="Ander Ziekenhuis", kind="hospital")

    def neurologist(org):
        return PractitionerFactory(discipline="medical_specialist", specialism="neurologie", organisation=org)

    treating = neurologist(noord)
    for org in (zuid, hospital, zuid_neuro):
        assert independence.independence_reasons(neurologist(org), treating) == [
            independence.SAME_ORGANISATION
        ]
    assert independence.independence_reasons(neurologist(elsewhere), treating) == []

    visiting = neurologist(elsewhere)
    Affiliation.objects.create(practitioner=visiting, organisation=zuid, start=dt.date(2020, 1, 1))
    assert independence.independence_reasons(visiting, treating) == [independence.SAME_ORGANISATION]

    invested = neurologist(elsewhere)
    DeclaredInterest.objects.create(
        practitioner=invested, related_organisation=hospital, description="Aandeel"
    )
    assert independence.independence_reasons(invested, treating) == [independence.DECLARED_INTEREST]

    zuid_one, other_one = neurologist(zuid), neurologist(elsewhere)
    listed = {c.practitioner.pk: c.eligible for c in independence.giver_candidates(treating=treating)}
    assert listed[zuid_one.pk] is False
    assert listed[other_one.pk] is True


def test_a_specialist_does_not_judge_a_general_dentists_plan_but_the_same_specialist_does():
    """R10 "op hetzelfde niveau" (seed 004; seed 000 "tandarts(specialist)"): an orthodontist is not
    offered for a general dentist's plan, nor a general dentist for an orthodontist's; another
    orthodontist is."""
    general = PractitionerFactory(discipline="dentist")
    orthodontist = PractitionerFactory(discipline="dentist", specialism="orthodontie")
    other_orthodontist = PractitionerFactory(discipline="dentist", specialism="Orthodontie")
    other_general = PractitionerFactory(discipline="dentist")

    assert independence.independence_reasons(orthodontist, general) == [independence.OTHER_LEVEL]
    assert independence.independence_reasons(general, orthodontist) == [independence.OTHER_SPECIALISM]
    assert independence.independence_reasons(other_orthodontist, orthodontist) == []
    assert independence.independence_reasons(other_general, general) == []
