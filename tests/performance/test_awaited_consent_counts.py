"""The consents a case still waits for (consent/awaited.py) are read from what the case page read already:
the case's rule facts, its timeline, its agreements and its consents. A case page that shows an awaited
consent reads in as many queries as the same page once the consent is given, and within the counts of
test_query_counts.py; so does the API's answer of the case, which lists them too (consents_awaited)."""

import pytest
from django.urls import reverse

from secondopinion.cases.services import case_submit
from tests.conftest import give_records_consent, representation_in_force, submit_input
from tests.performance.counting import api_client, client_for, measured
from tests.performance.test_query_counts import CASE_PAGE, CASE_READ

pytestmark = pytest.mark.django_db

SHOWN = {
    "patient_user": "Toestemming die we nog van u nodig hebben",
    "representative": "Toestemming die we nog nodig hebben van",
    "giver_user": "Gevraagde toestemmingen, nog niet gegeven",
    "coordinator": "Gevraagde toestemmingen, nog niet gegeven",
}


@pytest.mark.parametrize("who", sorted(SHOWN))
def test_the_case_page_costs_the_same_with_an_awaited_consent_as_with_it_given(cast, advance, who):
    representation_in_force(cast)
    data = submit_input(cast, requester_kind="representative")
    case = advance(case_submit(actor=cast.representative, data=data, source="web"), "informed")
    client = client_for(getattr(cast, who))
    url = reverse("web:case", args=[case.pk])
    client.get(url)  # the other side's messages are marked read once
    awaiting, response, queries = measured(lambda: client.get(url))
    assert response.status_code == 200
    assert SHOWN[who] in response.content.decode()

    give_records_consent(cast, case)
    client.get(url)
    given, response, more = measured(lambda: client.get(url))

    assert SHOWN[who] not in response.content.decode()
    assert awaiting == given, (queries, more)
    assert awaiting <= CASE_PAGE[who], queries


@pytest.mark.parametrize("who", sorted(SHOWN))
def test_the_api_case_read_costs_the_same_with_an_awaited_consent_as_with_it_given(cast, advance, who):
    representation_in_force(cast)
    data = submit_input(cast, requester_kind="representative")
    case = advance(case_submit(actor=cast.representative, data=data, source="web"), "informed")
    client, headers = api_client(getattr(cast, who))
    url = f"/api/v1/cases/{case.pk}"
    client.get(url, **headers)  # the token's first use is recorded once
    awaiting, response, queries = measured(lambda: client.get(url, **headers))
    assert response.status_code == 200, response.content
    listed = response.json()["consents_awaited"]
    assert [item["purpose"] for item in listed] == ["request_records"]
    assert listed[0]["may_give"] is (who == "patient_user")

    give_records_consent(cast, case)
    given, response, more = measured(lambda: client.get(url, **headers))

    assert response.json()["consents_awaited"] == []
    assert awaiting == given, (queries, more)
    assert awaiting <= max(CASE_READ.values()), queries
