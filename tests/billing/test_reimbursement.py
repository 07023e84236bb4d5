"""R26: the reimbursement guidance, from the protocol, the referral and the patient's age: dental care for
a child is paid by the basic insurance, for an adult mostly not even with a referral; for a medical
specialist or a GP a referral is what the basic insurance asks for (seeds 001, 003, 004)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.billing.reimbursement import age_on, insurance_guidance, is_child, reimbursement_guidance
from secondopinion.cases.services import case_submit
from tests.api.conftest import ApiClient
from tests.conftest import submit_input
from tests.factories import OrganisationFactory, PractitionerFactory
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)
CHILD = dt.date(2015, 3, 1)  # 11
ADULT = dt.date(1970, 5, 17)  # 56


def guidance(protocol: str, birth: dt.date | None, *, referral: bool = False, referrer: str = "") -> str:
    text = insurance_guidance(
        protocol=protocol, has_referral=referral, referrer_name=referrer, birth=birth, on=TODAY
    )
    return f"{text.nl}\n{text.en}"


@pytest.mark.parametrize("protocol", ["dental-knmt", "denturist-ont"])
def test_dental_care_for_a_child_is_paid_by_the_basic_insurance_without_a_referral(protocol):
    text = guidance(protocol, CHILD)

    assert "Then the basic insurance pays for care by the dentist, a second opinion too." in text
    assert "No referral is needed" in text
    assert "Er is geen eigen risico." in text
    assert "supplementary" not in text


@pytest.mark.parametrize("protocol", ["dental-knmt", "denturist-ont"])
@pytest.mark.parametrize("referral", [True, False])
def test_dental_care_for_an_adult_is_not_paid_by_the_basic_insurance_even_with_a_referral(protocol, referral):
    text = guidance(protocol, ADULT, referral=referral, referrer="Dr. Jansen")

    assert (
        "For adults the basic insurance pays for almost no care by the dentist or denturist, not even with a referral."
        in text
    )
    assert "aanvullende tandartsverzekering" in text
    # The old, wrong promise for adults is gone.
    assert "basisverzekering vergoedt meestal met verwijzing" not in text
    assert "With a referral, the basic insurance usually pays" not in text


def test_a_medical_specialist_with_a_referral_is_usually_paid_and_an_adult_pays_the_deductible():
    text = guidance("medical-specialist", ADULT, referral=True, referrer="Dr. De Wit")

    assert "There is a referral from Dr. De Wit. With a referral, the basic insurance usually pays" in text
    assert "Houd rekening met uw eigen risico." in text


def test_a_child_at_the_medical_specialist_pays_no_deductible_but_still_needs_a_referral():
    text = guidance("medical-specialist", CHILD)

    assert "Without one, the basic insurance usually does not pay." in text
    assert "The patient is younger than 18: there is no deductible" in text


@pytest.mark.parametrize("birth", [CHILD, ADULT])
def test_a_second_opinion_on_the_gp_warns_that_usually_no_other_referrer_exists(birth):
    text = guidance("general-practice", birth)

    assert "usually no other referrer" in text
    assert "meestal geen andere verwijzer" in text
    assert "Ask your health insurer what your policy covers." in text


def test_the_age_turns_on_the_birthday_and_18_is_adult():
    assert age_on(dt.date(2008, 6, 1), TODAY) == 18
    assert age_on(dt.date(2008, 6, 2), TODAY) == 17
    assert is_child(dt.date(2008, 6, 2), TODAY)
    assert not is_child(dt.date(2008, 6, 1), TODAY)
    # Born on 29 February: a year older on 1 March in a year without one.
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18
    # Without a date of birth, no cover is promised that may not be there.
    assert not is_child(None, TODAY)


def test_the_case_guidance_reads_the_patients_date_of_birth(cast, submit):
    case = submit(referrer_id=cast.gp.pk, has_referral=True)

    adult = reimbursement_guidance(case, on=TODAY)
    cast.patient.date_of_birth = CHILD
    cast.patient.save()
    case.patient.refresh_from_db()
    child = reimbursement_guidance(case, on=TODAY)

    assert adult.has_referral
    assert "For adults the basic insurance pays for almost no care" in adult.text.en
    assert "The patient is younger than 18." in child.text.en


def test_a_case_on_the_gp_names_no_code(cast):
    gp = PractitionerFactory(discipline="gp", organisation=OrganisationFactory())
    data = submit_input(cast, protocol="general-practice", treating_practitioner_id=gp.pk)
    case = case_submit(actor=cast.patient_user, data=data, source="web")

    guidance = reimbursement_guidance(case)

    assert "usually no other referrer" in guidance.text.en
    assert "C011" not in guidance.text.en
    assert guidance.codes == ()


def test_the_lines_billed_so_far_are_named(cast, a_case, advance):
    case = advance(a_case, "report_final")

    guidance = reimbursement_guidance(case)

    assert guidance.codes == ("C011",)
    assert "Recorded so far: C011 (quantity 1)." in guidance.text.en


def test_the_case_json_carries_the_guidance_in_the_requests_language(cast, submit):
    case = submit()

    english = ApiClient(cast.patient_user, "en").get(f"/cases/{case.pk}").json()["reimbursement"]
    dutch = ApiClient(cast.patient_user, "nl").get(f"/cases/{case.pk}").json()["reimbursement"]

    assert english["rule_id"] == "R26"
    assert english["text"] == reimbursement_guidance(case).text.en
    assert dutch["text"] == reimbursement_guidance(case).text.nl
    assert english["has_referral"] is False


def test_the_patients_page_shows_cost_insurance_and_the_lines(cast, a_case, advance):
    case = advance(a_case, "report_final")
    client = Client()
    client.force_login(cast.patient_user)

    page = client.get(reverse("web:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    assert "Kosten en tijd" in page
    assert "Vraag uw zorgverzekeraar wat uw polis vergoedt." in page
    assert "<code>C011</code>" in page
    assert not says(visible_text(page), "R26")


def test_the_coordinators_page_shows_the_guidance_with_its_rule_and_the_expected_cost(cast, a_case, advance):
    case = advance(a_case, "report_final")
    client = Client()
    client.force_login(cast.coordinator)

    page = client.get(reverse("web:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Ask your health insurer what your policy covers." in page
    assert "(R26)" in page
    assert "<code>C011</code>" in page
    assert (
        "In 2025 the second opinion (C011: Extended examination for a second opinion) cost €136.56." in page
    )


@pytest.mark.parametrize("referral", [True, False])
def test_care_by_a_gp_is_outside_the_deductible(referral):
    """A second opinion on a GP is given by another GP: huisartsenzorg does not count towards the
    eigen risico (Zorgverzekeringswet), so an adult is not warned about it."""
    text = guidance("general-practice", ADULT, referral=referral, referrer="Dr. De Wit" if referral else "")

    assert "Houd rekening met uw eigen risico." not in text
    assert "Zorg van de huisarts valt niet onder het eigen risico." in text
    assert "Care by a GP does not count towards your deductible (eigen risico)." in text
