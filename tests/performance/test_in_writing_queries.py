"""Query counts of the pages R14's 'not in writing' touches: the case page and the API's case read of a
case whose opinion was agreed not to be put in writing, before and after the patient's side asks for it
in writing after all, stay within the ceilings of tests/performance/test_query_counts.py (the agreement,
who asked and whether the patient's side holds the report come with the case's own read)."""

import pytest
from django.urls import reverse

from secondopinion.aftercare.services import complaint_file, message_send
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit
from secondopinion.distribution.written import report_written_request
from tests.conftest import submit_input, walk
from tests.factories import PractitionerFactory
from tests.performance.counting import api_client, client_for, measured
from tests.performance.test_query_counts import CASE_PAGE, CASE_READ

pytestmark = pytest.mark.django_db


@pytest.fixture
def spoken_case(cast, represent) -> SecondOpinionCase:
    """A denturist's case asked by the representative on the GP's referral, agreed not in writing, the
    report final, with messages and a complaint."""
    denturist = PractitionerFactory(discipline="denturist", organisation=cast.treating_practice)
    data = submit_input(
        cast,
        protocol="denturist-ont",
        treating_practitioner_id=denturist.pk,
        subject="finished_work",
        treatment_started=True,
        requester_kind="representative",
        referrer_id=cast.gp.pk,
        has_referral=True,
    )
    case = case_submit(actor=cast.representative, data=data, source="web")
    case = walk(
        cast, case, "report_final", informed={"written_report": False, "inform_own_practitioner": False}
    )
    for body in ("Wanneer hoor ik iets?", "Dank u."):
        message_send(actor=cast.patient_user, case_id=case.pk, body=body, source="web")
    complaint_file(actor=cast.patient_user, case_id=case.pk, text="Lang gewacht.", source="web")
    return case


def _page_count(user, case) -> tuple[int, str, str]:
    client = client_for(user)
    url = reverse("web:case", args=[case.pk])
    client.get(url)
    count, response, queries = measured(lambda: client.get(url))
    assert response.status_code == 200
    return count, response.content.decode(), queries


@pytest.mark.parametrize("who", ["patient_user", "representative", "coordinator", "giver_user"])
def test_the_case_page_before_and_after_asking_in_writing(cast, spoken_case, who):
    count, html, queries = _page_count(getattr(cast, who), spoken_case)
    assert count <= CASE_PAGE[who], queries
    assert "in-writing" in html

    report_written_request(actor=cast.patient_user, case_id=spoken_case.pk, source="web")

    after, html, queries = _page_count(getattr(cast, who), spoken_case)
    assert after <= CASE_PAGE[who], queries


@pytest.mark.parametrize("who", sorted(CASE_READ))
def test_the_api_case_read_before_and_after_asking_in_writing(cast, spoken_case, who):
    client, headers = api_client(getattr(cast, who))
    url = f"/api/v1/cases/{spoken_case.pk}"
    client.get(url, **headers)
    for _ in range(2):
        count, response, queries = measured(lambda: client.get(url, **headers))
        assert response.status_code == 200, response.content
        assert response.json()["agreements"]["written_report"] is False
        assert count <= CASE_READ[who], queries
        if response.json()["agreements"]["written_requested_at"] is None:
            report_written_request(actor=cast.patient_user, case_id=spoken_case.pk, source="web")
