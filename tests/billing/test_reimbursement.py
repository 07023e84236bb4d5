"""R26: the reimbursement guidance on the case, from its referral, protocol and billing."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.billing.reimbursement import reimbursement_guidance
from secondopinion.cases.services import case_submit
from tests.api.conftest import ApiClient
from tests.conftest import submit_input
from tests.factories import OrganisationFactory, PractitionerFactory

pytestmark = pytest.mark.django_db


def test_with_a_referral_basic_insurance_usually_pays(cast, submit):
    case = submit(referrer_id=cast.gp.pk, has_referral=True)

    guidance = reimbursement_guidance(case)

    assert guidance.has_referral
    assert f"There is a referral from {cast.gp.name}" in guidance.text.en
    assert "basisverzekering een second opinion meestal" in guidance.text.nl
    assert "C011" in guidance.text.en
    assert "supplementary dental insurance" in guidance.text.en
    assert "Ask your health insurer" in guidance.text.en


def test_without_a_referral_it_points_to_supplementary_insurance_and_a_referral(cast, submit):
    guidance = reimbursement_guidance(submit())

    assert not guidance.has_referral
    assert "Without one, basic insurance usually does not pay" in guidance.text.en
    assert "aanvullende verzekering" in guidance.text.nl
    assert "ask your own practitioner or your GP for a referral" in guidance.text.en


def test_a_second_opinion_on_the_gp_warns_that_usually_no_other_referrer_exists(cast):
    gp = PractitionerFactory(discipline="gp", organisation=OrganisationFactory())
    data = submit_input(cast, protocol="general-practice", treating_practitioner_id=gp.pk)
    case = case_submit(actor=cast.patient_user, data=data, source="web")

    guidance = reimbursement_guidance(case)

    assert "usually no other referrer" in guidance.text.en
    assert "meestal geen andere verwijzer" in guidance.text.nl
    assert "DBC" in guidance.text.en
    assert "C011" not in guidance.text.en
    assert guidance.codes == ()


def test_the_lines_billed_so_far_are_named_with_no_invented_amount(cast, a_case, advance):
    case = advance(a_case, "report_final")

    guidance = reimbursement_guidance(case)

    assert guidance.codes == ("C011",)
    assert "Recorded so far: C011 (quantity 1)." in guidance.text.en
    assert "this file holds no amount yet" in guidance.text.en
    assert "€" not in guidance.text.en


def test_the_case_json_carries_the_guidance_in_the_requests_language(cast, submit):
    case = submit()

    english = ApiClient(cast.patient_user, "en").get(f"/cases/{case.pk}").json()["reimbursement"]
    dutch = ApiClient(cast.patient_user, "nl").get(f"/cases/{case.pk}").json()["reimbursement"]

    assert english["rule_id"] == "R26"
    assert english["text"] == reimbursement_guidance(case).text.en
    assert dutch["text"] == reimbursement_guidance(case).text.nl
    assert english["has_referral"] is False


@pytest.mark.parametrize("who", ["patient_user", "coordinator"])
def test_the_case_page_shows_the_guidance_and_the_lines(cast, a_case, advance, who):
    case = advance(a_case, "report_final")
    client = Client()
    client.force_login(getattr(cast, who))

    page = client.get(reverse("web:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    assert "Vraag uw zorgverzekeraar wat uw polis vergoedt." in page
    assert "<code>C011</code>" in page
