"""'Extra X-rays cost extra' is said only where the practice bills X-rays beside the second opinion: the
dentist's (X10, X21 beside C011, billing/tariffs.py). A denturist's patient was told of X-rays her practice
does not bill (found with the seed acceptance situations of seed 002); a hospital bills through its own
agreements."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.billing.prices import more_procedures
from secondopinion.cases.services import case_submit
from tests.conftest import submit_input
from tests.factories import PractitionerFactory
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

X_RAYS = {"nl": "extra röntgenfoto's", "en": "extra X-rays"}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_only_the_dentists_protocol_speaks_of_extra_x_rays(language):
    assert X_RAYS[language] in more_procedures("dental-knmt", language)
    for protocol in ("denturist-ont", "medical-specialist", "general-practice"):
        assert more_procedures(protocol, language) == ""


def _cost_section(user, case, language: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("web:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return visible_text(response.content.decode())


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_patients_page_of_a_dental_and_a_denturist_request(cast, submit, language):
    dental = submit()
    denturist = PractitionerFactory(discipline="denturist", organisation=cast.treating_practice)
    prosthesis = case_submit(
        actor=cast.patient_user,
        data=submit_input(
            cast,
            protocol="denturist-ont",
            treating_practitioner_id=denturist.pk,
            subject="finished_work",
            treatment_started=True,
        ),
        source="web",
    )

    assert X_RAYS[language] in _cost_section(cast.patient_user, dental, language)
    text = _cost_section(cast.patient_user, prosthesis, language)
    assert X_RAYS[language] not in text
    assert {"nl": "Wat het kost", "en": "What it costs"}[language] in text
