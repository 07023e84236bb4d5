"""R14 for a second opinion on a GP's diagnosis (general-practice, seed 004): agreed not in writing, the
patient is sent nothing at finalisation, reads no download and asks for it in writing after all, as
for the denturist and the specialist (tests/distribution/test_in_writing_web.py)."""

import pytest
from django.urls import reverse

from secondopinion.cases.models import SecondOpinionCase
from tests.api.conftest import ApiClient
from tests.distribution.test_in_writing_web import (
    BUTTON_NL,
    DOWNLOAD_NL,
    NOT_WRITTEN,
    SPOKEN_NL,
    _ask,
    _pair,
    _patient_sendings,
)
from tests.reading import says
from tests.scenarios.seed_web import client_for, page, to_report_final

pytestmark = pytest.mark.django_db


def test_a_gp_opinion_agreed_not_in_writing_reaches_the_patient_only_when_she_asks(cast):
    treating, giver = _pair(cast, "gp")
    created = ApiClient(cast.patient_user).post(
        "/cases",
        {
            "protocol": "general-practice",
            "patient_id": cast.patient.pk,
            "organisation_id": cast.giving_practice.pk,
            "treating_practitioner_id": treating.pk,
            "care_question": "Klopt de diagnose van mijn huisarts, of is er iets anders aan de hand?",
            "subject": "diagnosis",
            "treatment_started": False,
        },
    )
    assert created.status_code == 201, created.content
    case = SecondOpinionCase.objects.get(pk=created.json()["id"])

    to_report_final(cast.coordinator, giver.user, case, **NOT_WRITTEN)

    assert _patient_sendings(case) == set()
    text = page(cast.patient_user, case)
    assert says(text, SPOKEN_NL)
    assert says(text, BUTTON_NL)
    assert DOWNLOAD_NL not in text
    assert client_for(cast.patient_user).get(reverse("web:report-pdf", args=[case.pk])).status_code == 404

    assert _ask(cast.patient_user, case).status_code == 302

    assert _patient_sendings(case) == {"petra"}
    assert DOWNLOAD_NL in page(cast.patient_user, case)
    assert client_for(cast.patient_user).get(reverse("web:report-pdf", args=[case.pk])).status_code == 200
