"""The practice's internal notes on the steps cost no query of their own: the case page and the API's
read of a case whose every step carries one read in the counts of test_query_counts.py, for every role
(the notes come with the timeline; whether the reader sees them is decided on the roles already found)."""

import pytest
from django.urls import reverse

from secondopinion.cases.models import StatusChange
from tests.performance.counting import api_client, client_for, measured
from tests.performance.test_query_counts import CASE_PAGE, CASE_READ

pytestmark = pytest.mark.django_db

INTERNAL = "Intern: overleg met de directie over de planning."


@pytest.fixture
def noted_case(full_case):
    # As if every step had been taken with an internal note.
    StatusChange.objects.filter(case=full_case).update(internal_note=INTERNAL)
    return full_case


@pytest.mark.parametrize("who", sorted(CASE_PAGE))
def test_the_case_page_with_internal_notes(cast, noted_case, who):
    client = client_for(getattr(cast, who))
    url = reverse("web:case", args=[noted_case.pk])
    client.get(url)  # the other side's messages are marked read once
    count, response, queries = measured(lambda: client.get(url))

    assert response.status_code == 200
    assert count <= CASE_PAGE[who], queries
    assert (INTERNAL in response.content.decode()) == (
        who in ("giver_user", "coordinator", "complaints_officer")
    )


@pytest.mark.parametrize("who", sorted(CASE_READ))
def test_reading_a_case_with_internal_notes_over_the_api(cast, noted_case, who):
    client, headers = api_client(getattr(cast, who))
    url = f"/api/v1/cases/{noted_case.pk}"
    client.get(url, **headers)  # the token's first use is recorded once
    count, response, queries = measured(lambda: client.get(url, **headers))

    assert response.status_code == 200, response.content
    assert count <= CASE_READ[who], queries
    assert (INTERNAL in response.content.decode()) == (who == "coordinator")
