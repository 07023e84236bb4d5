"""R14/R23: the agreements card on the patient's page, with or without the ask for the consent to inform
the own practitioner, and the staff's advice about it, read nothing more: the agreements come with the
case's own read and the consents with its rule facts. A case whose consent is missing reads in as many
queries as the same case once the consent is given, and within the counts of test_query_counts.py."""

import pytest
from django.urls import reverse

from tests.conftest import give_inform_consent
from tests.performance.counting import client_for, measured
from tests.performance.test_query_counts import CASE_PAGE
from tests.web.test_agreements_and_consent import without_consent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["patient_user", "giver_user", "coordinator"])
def test_the_case_page_costs_the_same_with_the_ask_as_with_the_consent(cast, a_case, who):
    case = without_consent(cast, a_case, "report_final")
    client = client_for(getattr(cast, who))
    url = reverse("web:case", args=[case.pk])
    client.get(url)
    asking, response, queries = measured(lambda: client.get(url))
    page = response.content.decode()
    assert response.status_code == 200
    shown = "Naar de toestemming die we nog van u nodig hebben" if who == "patient_user" else "R23"
    assert shown in page

    give_inform_consent(cast, case)
    client.get(url)
    consented, _response, more = measured(lambda: client.get(url))

    assert asking == consented, (queries, more)
    assert asking <= CASE_PAGE[who], queries
