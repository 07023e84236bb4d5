"""Seed acceptance: who may give the second opinion (R10), tried on the coordinator's assign form.

Seed 004 (Wie mag een second opinion uitvoeren?): "enerzijds op hetzelfde niveau werkzaam ... als je
huidige arts, maar anderzijds op geen enkele wijze verbonden ... Een verpleegster mag bijvoorbeeld geen
second opinion geven over het werk van een chirurg. En een huisarts mag het werk van een huisarts met wie
hij zijn praktijk deelt niet beoordelen." Seed 000: "Je bent als second opinion-gever onafhankelijk."

The directory check refuses such a giver at the step itself: the coordinator reads the rule id and why,
the case stays where it was, and the patient never reads the rule id.
"""

import pytest
from django.urls import reverse

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit
from tests.conftest import submit_input
from tests.factories import OrganisationFactory, PractitionerFactory, UserFactory
from tests.reading import says, visible_text
from tests.scenarios.seed_web import client_for, declare_independent, done, page, step

pytestmark = pytest.mark.django_db


def _accepted(cast, protocol: str, treating, **values) -> SecondOpinionCase:
    case = case_submit(
        actor=cast.patient_user,
        data=submit_input(cast, protocol=protocol, treating_practitioner_id=treating.pk, **values),
        source="web",
    )
    done(step(cast.coordinator, case, "accept", note=""))
    return case


def _offered(cast, case: SecondOpinionCase) -> set[int]:
    response = client_for(cast.coordinator).get(reverse("web:case", args=[case.pk]))
    form = next(
        p.form for p in response.context["own_panels"] if p.form is not None and "giver_id" in p.form.fields
    )
    return {int(value) for value, _label in form.fields["giver_id"].widget.choices if value}


def _refused_with_r10(cast, case: SecondOpinionCase, giver, why: str) -> None:
    response = step(cast.coordinator, case, "assign", giver_id=giver.pk, note="")

    text = visible_text(response.content.decode())
    assert response.status_code == 422
    assert "Er is een probleem" in text
    assert "Geblokkeerd door R10." in text
    assert why in text
    case.refresh_from_db()
    assert (case.status, case.giver_id) == ("accepted", None)


def test_a_nurse_may_not_give_a_second_opinion_on_a_surgeons_work(cast):
    surgeon = PractitionerFactory(
        discipline="medical_specialist", specialism="chirurgie", organisation=cast.treating_practice
    )
    hospital = OrganisationFactory(name="Ziekenhuis Rivierenland", kind="hospital")
    nurse = PractitionerFactory(discipline="nurse", specialism="chirurgie", organisation=hospital)
    other_surgeon = PractitionerFactory(
        user=UserFactory(username="chirurg-elders"),
        discipline="medical_specialist",
        specialism="chirurgie",
        organisation=hospital,
    )
    case = _accepted(cast, "medical-specialist", surgeon, subject="diagnosis", treatment_started=True)

    assert nurse.pk not in _offered(cast, case)
    assert other_surgeon.pk in _offered(cast, case)
    _refused_with_r10(
        cast,
        case,
        nurse,
        "De gever moet in hetzelfde vakgebied en op hetzelfde niveau werken als de eigen behandelaar.",
    )
    patient_page = page(cast.patient_user, case)
    assert not says(patient_page, "R10")

    done(step(cast.coordinator, case, "assign", giver_id=other_surgeon.pk, note=""))
    declare_independent(other_surgeon.user, case)
    case.refresh_from_db()
    assert (case.status, case.giver_id) == ("assigned", other_surgeon.pk)


def test_a_gp_may_not_judge_the_gp_he_shares_his_practice_with(cast):
    """The second opinion on the patient's own GP (general-practice): not by a GP of the same practice."""
    partner = PractitionerFactory(
        user=UserFactory(username="huisarts-collega"),
        discipline="gp",
        organisation=cast.gp.organisation,
        name="Huisarts Collega",
    )
    elsewhere = PractitionerFactory(
        user=UserFactory(username="huisarts-elders"),
        discipline="gp",
        organisation=cast.giving_practice,
        name="Huisarts Elders",
    )
    case = _accepted(cast, "general-practice", cast.gp, subject="diagnosis", treatment_started=True)

    offered = _offered(cast, case)
    assert partner.pk not in offered
    assert elsewhere.pk in offered
    _refused_with_r10(
        cast, case, partner, "De gever werkt in dezelfde praktijk of organisatie als de eigen behandelaar."
    )

    done(step(cast.coordinator, case, "assign", giver_id=elsewhere.pk, note=""))
    case.refresh_from_db()
    assert (case.status, case.giver_id) == ("assigned", elsewhere.pk)


def test_a_dental_hygienist_may_not_judge_a_dentists_treatment_plan(cast):
    hygienist = PractitionerFactory(discipline="dental_hygienist", organisation=cast.giving_practice)
    case = _accepted(cast, "dental-knmt", cast.treating)

    assert hygienist.pk not in _offered(cast, case)
    _refused_with_r10(
        cast,
        case,
        hygienist,
        "De gever moet in hetzelfde vakgebied en op hetzelfde niveau werken als de eigen behandelaar.",
    )


def test_a_neurologist_may_not_judge_a_surgeons_diagnosis(cast):
    """Seed 003: "een tweede arts die werkzaam is binnen hetzelfde medisch specialisme"."""
    surgeon = PractitionerFactory(
        discipline="medical_specialist", specialism="chirurgie", organisation=cast.treating_practice
    )
    neurologist = PractitionerFactory(
        discipline="medical_specialist", specialism="neurologie", organisation=cast.giving_practice
    )
    case = _accepted(cast, "medical-specialist", surgeon, subject="diagnosis", treatment_started=True)

    assert neurologist.pk not in _offered(cast, case)
    _refused_with_r10(
        cast,
        case,
        neurologist,
        "De gever moet in hetzelfde vakgebied en op hetzelfde niveau werken als de eigen behandelaar.",
    )
