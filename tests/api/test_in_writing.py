"""R14 on the API: the case answer shows the agreements made beforehand and whether the patient's side
holds the report; POST /cases/{id}/report/in-writing is the web's "receive it in writing after all",
with the same access rule (access/permissions.py REQUEST_WRITTEN_REPORT)."""

import pytest

from secondopinion.cases.models import Agreements
from secondopinion.distribution.models import Sending
from tests.api.conftest import ApiClient
from tests.conftest import walk
from tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db

SPOKEN = {"written_report": False, "inform_own_practitioner": False}


def _case(cast, submit, *, spoken: bool = True):
    if not spoken:
        return walk(cast, submit(), "report_final")
    denturist = PractitionerFactory(discipline="denturist", organisation=cast.treating_practice)
    case = submit(
        protocol="denturist-ont",
        treating_practitioner_id=denturist.pk,
        subject="finished_work",
        treatment_started=True,
    )
    return walk(cast, case, "report_final", informed=SPOKEN)


def _url(case) -> str:
    return f"/cases/{case.pk}/report/in-writing"


def test_the_case_answer_shows_the_agreement_and_that_the_patient_holds_no_report(cast, submit):
    case = _case(cast, submit)

    body = ApiClient(cast.patient_user).get(f"/cases/{case.pk}").json()

    assert body["agreements"] == {
        "rule_id": "R14",
        "written_report": False,
        "inform_own_practitioner": False,
        "copy_recipients": "",
        "written_requested_at": None,
    }
    assert body["patient_received_report"] is False
    assert body["report"] is None  # she hears the advice in a conversation
    staff = ApiClient(cast.coordinator).get(f"/cases/{case.pk}").json()
    assert staff["report"]["state"] == "final"
    assert staff["patient_received_report"] is False


def test_the_patient_asks_in_writing_and_receives_the_report(cast, submit):
    case = _case(cast, submit)

    response = ApiClient(cast.patient_user).post(_url(case))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["agreements"]["written_requested_at"] is not None
    assert body["patient_received_report"] is True
    assert body["report"]["state"] == "final"
    assert Sending.objects.filter(case=case, recipient_user=cast.patient_user).count() == 1
    again = ApiClient(cast.patient_user).post(_url(case))
    assert again.status_code == 409
    assert again["Content-Type"].startswith("application/problem+json")
    assert Sending.objects.filter(case=case, recipient_user=cast.patient_user).count() == 1


@pytest.mark.parametrize(
    ("who", "status"), [("stranger", 404), ("other_coordinator", 404), ("coordinator", 403)]
)
def test_others_cannot_ask_and_nothing_changes(cast, submit, who, status):
    case = _case(cast, submit)

    response = ApiClient(getattr(cast, who)).post(_url(case))

    assert response.status_code == status, response.content
    assert Agreements.objects.get(case=case).written_requested_at is None
    assert not Sending.objects.filter(case=case, recipient_kind__in=["patient", "representative"]).exists()


def test_a_dental_opinion_is_written_already(cast, submit):
    case = _case(cast, submit, spoken=False)

    body = ApiClient(cast.patient_user).get(f"/cases/{case.pk}").json()
    assert body["agreements"]["written_report"] is True
    assert body["patient_received_report"] is True

    response = ApiClient(cast.patient_user).post(_url(case))
    assert response.status_code == 409
    assert "al schriftelijk" in response.json()["detail"]


def test_a_new_case_has_no_agreements_yet(cast):
    created = ApiClient(cast.patient_user).post(
        "/cases",
        {
            "protocol": "dental-knmt",
            "patient_id": cast.patient.pk,
            "organisation_id": cast.giving_practice.pk,
            "treating_practitioner_id": cast.treating.pk,
            "care_question": "Is de voorgestelde extractie van 36 nodig?",
            "subject": "treatment_plan",
            "treatment_started": False,
        },
    )

    assert created.status_code == 201, created.content
    assert created.json()["agreements"] is None
    assert created.json()["patient_received_report"] is False
