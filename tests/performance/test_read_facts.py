"""The case read skips the reads its own query says would find nothing (earlier requests, addenda,
affiliations): these tests give the case those rows and check that the answer still shows them, at
the cost of one query each, and that the list filter stays on plain indexed columns."""

import pytest
from django.utils import timezone

from secondopinion.access.policy import visible_cases_filter
from secondopinion.cases.editing import case_add_addendum
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import cases_visible_to
from secondopinion.cases.services import case_submit
from secondopinion.directory.models import Affiliation
from tests.conftest import submit_input
from tests.performance.counting import api_client, measured
from tests.performance.test_query_counts import CASE_READ

pytestmark = pytest.mark.django_db


def test_an_addendum_an_earlier_request_and_affiliations_are_still_read(cast, full_case):
    case_add_addendum(
        actor=cast.giver_user, case_id=full_case.pk, text="Aanvulling op het advies.", source="web"
    )
    Affiliation.objects.create(
        practitioner=cast.giver, organisation=cast.other_practice, start=timezone.localdate()
    )
    later = case_submit(actor=cast.patient_user, data=submit_input(cast), source="web")
    client, headers = api_client(cast.coordinator)
    client.get(f"/api/v1/cases/{full_case.pk}", **headers)  # the token's first use is recorded once

    count, response, queries = measured(lambda: client.get(f"/api/v1/cases/{full_case.pk}", **headers))
    assert response.json()["report"]["addenda"] == ["Aanvulling op het advies."]
    # The addenda, and the giver's affiliations and interests for the independence check (R10).
    assert count <= CASE_READ["coordinator"] + 3, queries

    count, response, queries = measured(lambda: client.get(f"/api/v1/cases/{later.pk}", **headers))
    assert [c["id"] for c in response.json()["earlier_requests"]] == [full_case.pk]
    assert count <= CASE_READ["coordinator"] + 1, queries  # the earlier requests (R9); no billing lines


def test_the_patients_list_filter_is_plain_columns_without_a_subquery_or_distinct(cast, represent):
    for user in (cast.patient_user, cast.representative):
        sql = str(cases_visible_to(user).query).upper()
        assert "EXISTS" not in sql, sql
        assert "DISTINCT" not in sql, sql


def test_a_representative_whose_consent_was_revoked_loses_the_cases_from_list_and_read(cast, represent):
    case = case_submit(
        actor=cast.representative, data=submit_input(cast, requester_kind="representative"), source="web"
    )
    assert SecondOpinionCase.objects.filter(visible_cases_filter(cast.representative), pk=case.pk).exists()
    cast.patient.representatives.update(consent_revoked_at=timezone.now())
    fresh = type(cast.representative).objects.get(pk=cast.representative.pk)  # a new request's user

    assert not SecondOpinionCase.objects.filter(visible_cases_filter(fresh), pk=case.pk).exists()
    client, headers = api_client(fresh)
    assert client.get(f"/api/v1/cases/{case.pk}", **headers).status_code == 404
