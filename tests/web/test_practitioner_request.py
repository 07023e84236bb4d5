"""R8: a practitioner who initiates a second opinion himself asks for it through the request form,
after consulting the patient and informing the GP or specialist."""

import pytest
from django.urls import reverse

from secondopinion.cases.models import SecondOpinionCase
from tests.web.conftest import html

pytestmark = pytest.mark.django_db


def practitioner_request(cast, **overrides) -> dict:
    data = {
        "patient_bsn": cast.patient.bsn,
        "patient_birth_date": cast.patient.date_of_birth.isoformat(),
        "patient_confirmed": "on",  # the patient confirmed by initials and year of birth
        "requester_kind": "practitioner",
        "protocol": "dental-knmt",
        "treating_practitioner_id": cast.treating.pk,
        "organisation_id": cast.giving_practice.pk,
        "subject": "treatment_plan",
        "treatment_started": "no",
        "care_question": "Ik twijfel zelf of extractie van 36 de beste keuze is.",
        "patient_consulted": "on",
        "gp_informed": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_practitioner_finds_the_request_form_from_his_home_page(login, cast):
    client = login(cast.treating_user)

    home = html(client.get(reverse("web:home")))
    form = html(client.get(reverse("web:case-new")))

    assert reverse("web:case-new") in home
    assert 'name="patient_consulted"' in form
    assert 'name="gp_informed"' in form


def test_the_treating_dentist_asks_for_one_himself_and_sees_the_case(login, cast):
    client = login(cast.treating_user)

    response = client.post(reverse("web:case-new"), practitioner_request(cast), follow=True)

    case = SecondOpinionCase.objects.get()
    assert response.redirect_chain == [(reverse("web:case", args=[case.pk]), 302)]
    assert (case.requester_kind, case.requester, case.referrer) == (
        "practitioner",
        cast.treating_user,
        cast.treating,
    )
    assert (case.patient_consulted, case.gp_informed, case.has_referral) == (True, True, True)


def test_a_gp_asks_for_one_as_referrer(login, cast):
    client = login(cast.gp_user)

    response = client.post(
        reverse("web:case-new"), practitioner_request(cast, referrer_id=cast.gp.pk), follow=True
    )

    case = SecondOpinionCase.objects.get()
    assert response.redirect_chain == [(reverse("web:case", args=[case.pk]), 302)]
    assert (case.requester_kind, case.referrer) == ("practitioner", cast.gp)


def test_without_consulting_the_patient_the_request_is_blocked_by_r8(login, cast):
    client = login(cast.treating_user)

    response = client.post(reverse("web:case-new"), practitioner_request(cast, patient_consulted=None))

    page = html(response)
    assert response.status_code == 422
    assert '<span class="rule-id">R8</span>' in page
    assert "na overleg met de patiënt" in page
    assert not SecondOpinionCase.objects.exists()
